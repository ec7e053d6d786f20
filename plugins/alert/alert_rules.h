// The alert plugin's rules: their settings (declared in alert_plugin.cpp and checked by the daemon),
// compiled once at create, then matched against each article's chosen fields.
#pragma once

#include <gleaner/plugin.hpp>
#include <re2/re2.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gleaner_alert {

// One entry of `rules:` as written.
struct RuleSettings {
    std::string name;
    std::vector<std::string> keywords;
    std::vector<std::string> patterns;  // RE2
    std::vector<std::string> fields;    // among field_names()
    int max_per_hour;                   // 0: no limit
};

// The article fields a rule may search: title, text, description, ...
const std::vector<std::string>& field_names();

struct Rule {
    std::string name;
    std::vector<std::pair<std::string, std::unique_ptr<re2::RE2>>> keywords;  // as configured, and its regex
    std::vector<std::unique_ptr<re2::RE2>> patterns;
    std::vector<std::string> fields;  // article fields searched: title, text, ...
    int max_per_hour = 0;             // 0: no limit
};

// Compiles the checked rules (keywords become whole-word, case-insensitive regexes).
std::vector<Rule> compile_rules(const std::vector<RuleSettings>& rules);

// The terms that made `rule` fire on the article, or nullopt when it does not fire. Keywords match
// whole words, case-insensitively (Unicode letters count as word characters); patterns are RE2
// regexes, and report what they matched. A rule with neither fires on every article it receives, with
// the terms of the daemon's filter (`filter:` of the plugin entry).
std::optional<std::vector<std::string>> match(const Rule& rule, const gleaner::Article& article);

}  // namespace gleaner_alert
