#include "siterules/rule_parser.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <deque>

namespace gleaner::siterules {
namespace {

// Directives of the format that only tune Full-Text RSS's own HTML parsing: accepted silently.
constexpr std::array<std::string_view, 2> kParserTuning = {"tidy", "parser"};

// Directives of the format (used in ftr-site-config) that Gleaner does not implement: reported,
// then ignored.
constexpr std::array<std::string_view, 24> kUnsupported = {
    "autodetect_next_page", "convert_double_br_tags", "dissolve", "footnotes", "if_page_contains",
    "insert_detected_image", "login_extra_fields", "login_password_field", "login_uri", "login_username_field",
    "move_into", "native_ad_clue", "not_logged_in_xpath", "post_strip_attr", "requires_login",
    "single_page_link_in_feed", "skip_id_or_class", "skip_json_ld", "src_lazy_load_attr", "strip_attr",
    "strip_comments", "test_contains", "test_urls", "wrap_in"};

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

bool is_directive_name(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_';
    });
}

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& list, std::string_view name) {
    return std::find(list.begin(), list.end(), name) != list.end();
}

// One line split into directive, argument (the part in parentheses, if any) and value.
struct Line {
    std::string_view directive, argument, value;
    bool has_argument = false;
};

// "name: value" or "name(argument): value". The argument may itself hold colons (replace_string's
// often holds a URL), so it ends at the first "):".
bool split_line(std::string_view line, Line& out) {
    const auto paren = line.find('(');
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return false;
    if (paren != std::string_view::npos && paren < colon) {
        const auto close = line.find("):", paren);
        if (close == std::string_view::npos) return false;
        out.directive = trim(line.substr(0, paren));
        out.argument = line.substr(paren + 1, close - paren - 1);
        out.has_argument = true;
        out.value = trim(line.substr(close + 2));
        return true;
    }
    out.directive = trim(line.substr(0, colon));
    out.value = trim(line.substr(colon + 1));
    return true;
}

class Parser {
public:
    explicit Parser(const std::string& name) { parsed_.rule.name = name; }

    void line(std::string_view raw, int number) {
        const std::string_view text = trim(raw);
        if (text.empty() || text.front() == '#') return;
        Line l;
        if (!split_line(text, l) || !is_directive_name(l.directive)) {
            report(RuleDiagnostic::Severity::warning, number, "not a directive (expected \"name: value\"), ignored");
            return;
        }
        if (l.has_argument) {
            with_argument(l, number);
            return;
        }
        // An empty value says nothing, as in Full-Text RSS; but an empty replace_string deletes what
        // its find_string found.
        if (l.value.empty() && l.directive != "replace_string") return;
        plain(l, number);
    }

    ParsedRule finish() {
        for (const auto& [find, line] : pending_finds_)
            report(RuleDiagnostic::Severity::warning, line, "find_string without a replace_string, ignored");
        return std::move(parsed_);
    }

private:
    void with_argument(const Line& l, int number) {
        if (l.directive == "replace_string") {
            if (l.argument.empty()) {
                report(RuleDiagnostic::Severity::warning, number, "replace_string() needs the text to find, ignored");
                return;
            }
            parsed_.rule.replacements.emplace_back(std::string(l.argument), std::string(l.value));
        } else if (l.directive == "http_header") {
            const auto name = trim(l.argument);
            if (name.empty() || name.find_first_of(" \t\r\n:") != std::string_view::npos) {
                report(RuleDiagnostic::Severity::warning, number, "http_header() needs a header name, ignored");
                return;
            }
            parsed_.rule.http_headers.emplace_back(std::string(name), std::string(l.value));
        } else if (listed(kUnsupported, l.directive)) {
            unsupported(l.directive, number);
        } else {
            report(RuleDiagnostic::Severity::warning, number, "unknown directive \"" + std::string(l.directive) + "\", ignored");
        }
    }

    void plain(const Line& l, int number) {
        SiteRule& r = parsed_.rule;
        const std::string value(l.value);
        const std::string_view d = l.directive;
        if (auto* list = expression_list(d)) list->push_back({value, number});
        else if (d == "strip_id_or_class") r.strip_id_or_class.push_back(without_quotes(value));
        else if (d == "strip_image_src") r.strip_image_src.push_back(without_quotes(value));
        else if (d == "test_url") r.test_urls.push_back(value);
        else if (d == "prune") yes_no(value, number, r.prune);
        else if (d == "autodetect_on_failure") yes_no(value, number, r.autodetect_on_failure);
        else if (d == "find_string") pending_finds_.emplace_back(value, number);
        else if (d == "replace_string") replace(value, number);
        else if (listed(kParserTuning, d)) return;
        else if (listed(kUnsupported, d)) unsupported(d, number);
        else report(RuleDiagnostic::Severity::warning, number, "unknown directive \"" + std::string(d) + "\", ignored");
    }

    std::vector<RuleExpression>* expression_list(std::string_view d) {
        SiteRule& r = parsed_.rule;
        if (d == "title") return &r.title;
        if (d == "body") return &r.body;
        if (d == "author") return &r.author;
        if (d == "date") return &r.date;
        if (d == "strip") return &r.strip;
        if (d == "single_page_link") return &r.single_page_link;
        if (d == "next_page_link") return &r.next_page_link;
        return nullptr;
    }

    // find_string / replace_string lines pair up in order.
    void replace(const std::string& value, int number) {
        if (pending_finds_.empty()) {
            report(RuleDiagnostic::Severity::warning, number, "replace_string without a find_string before it, ignored");
            return;
        }
        parsed_.rule.replacements.emplace_back(std::move(pending_finds_.front().first), value);
        pending_finds_.pop_front();
    }

    void yes_no(const std::string& value, int number, bool& target) {
        if (value == "yes" || value == "true") target = true;
        else if (value == "no" || value == "false") target = false;
        else report(RuleDiagnostic::Severity::warning, number, "expected yes or no, not \"" + value + "\"; ignored");
    }

    void unsupported(std::string_view directive, int number) {
        report(RuleDiagnostic::Severity::warning, number,
               "directive \"" + std::string(directive) + "\" is not supported by Gleaner, ignored");
    }

    static std::string without_quotes(std::string value) {
        value.erase(std::remove_if(value.begin(), value.end(), [](char c) { return c == '\'' || c == '"'; }), value.end());
        return value;
    }

    void report(RuleDiagnostic::Severity severity, int line, std::string message) {
        parsed_.diagnostics.push_back({severity, parsed_.rule.name, line, std::move(message)});
    }

    ParsedRule parsed_;
    std::deque<std::pair<std::string, int>> pending_finds_;
};

}  // namespace

ParsedRule parse_site_rule(std::string_view text, const std::string& name) {
    Parser parser(name);
    int number = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        parser.line(text.substr(start, end - start), ++number);
        start = end + 1;
    }
    return parser.finish();
}

}  // namespace gleaner::siterules
