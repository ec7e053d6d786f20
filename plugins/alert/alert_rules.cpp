// Reading and matching the alert plugin's rules (see alert_rules.h).
#include "alert_rules.h"

#include <algorithm>
#include <functional>
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

std::unique_ptr<re2::RE2> compile(const std::string& pattern) {
    re2::RE2::Options options;
    options.set_log_errors(false);
    auto re = std::make_unique<re2::RE2>(pattern, options);
    // The daemon compiled every pattern when it checked the settings; this one is ours.
    if (!re->ok()) throw std::invalid_argument("pattern \"" + pattern + "\" does not compile: " + re->error());
    return re;
}

// Whole word, any case: a letter, digit or _ may not touch the keyword on either side. RE2's \b only
// knows ASCII word characters, which would miss "Überschwemmung" after a space.
std::unique_ptr<re2::RE2> keyword_regex(const std::string& keyword) {
    return compile("(?i)(?:^|[^\\pL\\pN_])" + re2::RE2::QuoteMeta(keyword) + "(?:$|[^\\pL\\pN_])");
}

void add_unique(std::vector<std::string>& terms, std::string term) {
    if (!term.empty() && std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(std::move(term));
}

}  // namespace

const std::vector<std::string>& field_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto& reader : field_readers()) out.push_back(reader.first);
        return out;
    }();
    return names;
}

std::vector<Rule> compile_rules(const std::vector<RuleSettings>& rules) {
    std::vector<Rule> out;
    for (const auto& settings : rules) {
        Rule rule;
        rule.name = settings.name;
        for (const auto& keyword : settings.keywords) rule.keywords.emplace_back(keyword, keyword_regex(keyword));
        for (const auto& pattern : settings.patterns) rule.patterns.push_back(compile(pattern));
        rule.fields = settings.fields;
        rule.max_per_hour = settings.max_per_hour;
        out.push_back(std::move(rule));
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
