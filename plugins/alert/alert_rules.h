// The alert plugin's rules: read from the `rules:` list and checked once at create (a bad regex names
// its rule and pattern), then matched against each article's chosen fields.
#pragma once

#include <gleaner/plugin.hpp>
#include <nlohmann/json.hpp>
#include <re2/re2.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gleaner_alert {

struct Rule {
    std::string name;
    std::vector<std::pair<std::string, std::unique_ptr<re2::RE2>>> keywords;  // as configured, and its regex
    std::vector<std::unique_ptr<re2::RE2>> patterns;
    std::vector<std::string> fields;  // article fields searched: title, text, ...
    int max_per_hour = 0;             // 0: no limit
};

// Throws std::invalid_argument with a message naming the rule (by name, or index when unnamed).
std::vector<Rule> parse_rules(const nlohmann::json& rules);

// The terms that made `rule` fire on the article, or nullopt when it does not fire. Keywords match
// whole words, case-insensitively (Unicode letters count as word characters); patterns are RE2
// regexes, and report what they matched. A rule with neither fires on every article it receives, with
// the terms of the daemon's filter (`filter:` of the plugin entry).
std::optional<std::vector<std::string>> match(const Rule& rule, const gleaner::Article& article);

}  // namespace gleaner_alert
