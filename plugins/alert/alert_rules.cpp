// Reading and matching the alert plugin's rules (see alert_rules.h).
#include "alert_rules.h"

#include <algorithm>
#include <functional>
#include <set>
#include <stdexcept>

#include "common/template.h"

namespace gleaner_alert {
namespace {

// The article fields a rule may search, as data: name → text.
using FieldReader = std::function<std::string(const gleaner::Article&)>;
const std::vector<std::pair<std::string, FieldReader>>& field_readers() {
    static const std::vector<std::pair<std::string, FieldReader>> readers = {
        {"title", [](const gleaner::Article& a) { return std::string(a.title()); }},
        {"text", [](const gleaner::Article& a) { return std::string(a.text()); }},
        {"description", [](const gleaner::Article& a) { return std::string(a.description()); }},
        {"url", [](const gleaner::Article& a) { return std::string(a.url()); }},
        {"section", [](const gleaner::Article& a) { return std::string(a.section()); }},
        {"tags", [](const gleaner::Article& a) { return gleaner_common::join_views(a.tags(), "\n"); }},
        {"authors", [](const gleaner::Article& a) { return gleaner_common::join_views(a.authors(), "\n"); }},
    };
    return readers;
}

const std::vector<std::string> kRuleKeys = {"name", "keywords", "patterns", "fields", "max_per_hour"};

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

std::vector<std::string> string_list(const nlohmann::json& rule, const char* key, const std::string& where) {
    std::vector<std::string> out;
    auto it = rule.find(key);
    if (it == rule.end() || it->is_null()) return out;
    if (!it->is_array()) throw std::invalid_argument(where + ": " + key + " must be a list of strings");
    for (const auto& item : *it) {
        if (!item.is_string() || item.get<std::string>().empty())
            throw std::invalid_argument(where + ": " + key + " must be a list of non-empty strings");
        out.push_back(item.get<std::string>());
    }
    return out;
}

std::unique_ptr<re2::RE2> compile(const std::string& pattern, const std::string& where) {
    re2::RE2::Options options;
    options.set_log_errors(false);
    auto re = std::make_unique<re2::RE2>(pattern, options);
    if (!re->ok())
        throw std::invalid_argument(where + ": pattern \"" + pattern + "\" does not compile: " + re->error());
    return re;
}

// Whole word, any case: a letter, digit or _ may not touch the keyword on either side. RE2's \b only
// knows ASCII word characters, which would miss "Überschwemmung" after a space.
std::unique_ptr<re2::RE2> keyword_regex(const std::string& keyword, const std::string& where) {
    return compile("(?i)(?:^|[^\\pL\\pN_])" + re2::RE2::QuoteMeta(keyword) + "(?:$|[^\\pL\\pN_])", where);
}

Rule parse_rule(const nlohmann::json& j, std::size_t index) {
    std::string where = "rules[" + std::to_string(index) + "]";
    if (!j.is_object()) throw std::invalid_argument(where + " must be a mapping with name, keywords, patterns, ...");
    Rule rule;
    auto name = j.find("name");
    if (name == j.end() || !name->is_string() || name->get<std::string>().empty())
        throw std::invalid_argument(where + ": name is required");
    rule.name = name->get<std::string>();
    where = "rule \"" + rule.name + "\"";
    for (const auto& [key, value] : j.items())
        if (std::find(kRuleKeys.begin(), kRuleKeys.end(), key) == kRuleKeys.end())
            throw std::invalid_argument(where + ": unknown key `" + key + "` (accepted: " + joined(kRuleKeys) + ")");
    for (const auto& keyword : string_list(j, "keywords", where))
        rule.keywords.emplace_back(keyword, keyword_regex(keyword, where));
    for (const auto& pattern : string_list(j, "patterns", where)) rule.patterns.push_back(compile(pattern, where));
    rule.fields = j.contains("fields") ? string_list(j, "fields", where) : std::vector<std::string>{"title", "text"};
    if (rule.fields.empty()) throw std::invalid_argument(where + ": fields must name at least one field");
    for (const auto& field : rule.fields) {
        const auto& readers = field_readers();
        if (std::none_of(readers.begin(), readers.end(), [&](const auto& r) { return r.first == field; })) {
            std::vector<std::string> known;
            for (const auto& r : readers) known.push_back(r.first);
            throw std::invalid_argument(where + ": unknown field `" + field + "` (known: " + joined(known) + ")");
        }
    }
    if (auto limit = j.find("max_per_hour"); limit != j.end() && !limit->is_null()) {
        if (!limit->is_number_integer() || limit->get<long long>() < 0 || limit->get<long long>() > 1000000)
            throw std::invalid_argument(where + ": max_per_hour must be a whole number >= 0 (0: no limit)");
        rule.max_per_hour = limit->get<int>();
    }
    return rule;
}

void add_unique(std::vector<std::string>& terms, std::string term) {
    if (!term.empty() && std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(std::move(term));
}

}  // namespace

std::vector<Rule> parse_rules(const nlohmann::json& rules) {
    if (!rules.is_array() || rules.empty())
        throw std::invalid_argument("rules must be a non-empty list of {name, keywords, patterns, fields, max_per_hour}");
    std::vector<Rule> out;
    std::set<std::string> names;
    for (std::size_t i = 0; i < rules.size(); ++i) {
        out.push_back(parse_rule(rules[i], i));
        if (!names.insert(out.back().name).second)
            throw std::invalid_argument("rule \"" + out.back().name + "\" is defined twice");
    }
    return out;
}

std::optional<std::vector<std::string>> match(const Rule& rule, const gleaner::Article& article) {
    std::vector<std::string> terms;
    if (rule.keywords.empty() && rule.patterns.empty()) {
        std::string_view filter_terms = article.matched_terms();
        while (!filter_terms.empty()) {
            const auto comma = filter_terms.find(',');
            add_unique(terms, std::string(filter_terms.substr(0, comma)));
            filter_terms = comma == std::string_view::npos ? std::string_view() : filter_terms.substr(comma + 1);
        }
        return terms;
    }
    for (const auto& field : rule.fields) {
        const auto& readers = field_readers();
        const auto reader = std::find_if(readers.begin(), readers.end(), [&](const auto& r) { return r.first == field; });
        const std::string text = reader->second(article);
        const re2::StringPiece input(text.data(), text.size());
        for (const auto& [keyword, re] : rule.keywords)
            if (re2::RE2::PartialMatch(input, *re)) add_unique(terms, keyword);
        for (const auto& re : rule.patterns) {
            re2::StringPiece found;
            std::size_t at = 0;
            while (at <= text.size() && re->Match(input, at, text.size(), re2::RE2::UNANCHORED, &found, 1)) {
                add_unique(terms, std::string(found.data(), found.size()));
                at = static_cast<std::size_t>(found.data() - text.data()) + std::max<std::size_t>(found.size(), 1);
            }
        }
    }
    if (terms.empty()) return std::nullopt;
    return terms;
}

}  // namespace gleaner_alert
