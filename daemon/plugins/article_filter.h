// Per-plugin filters: which articles a plugin instance receives (by source, language, length,
// whether copies of a story stored earlier are wanted, and keyword / RE2 rules on title and text),
// and which terms matched (handed to alert plugins).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"

namespace re2 {
class RE2;
}

namespace gleaner::plugins {

struct FilterInput {
    std::string_view source;
    std::string_view language;
    std::string_view title;
    std::string_view text;
    std::size_t word_count = 0;
    bool copy = false;  // a near-duplicate of a story stored earlier on another site (duplicate_of set)
};

class ArticleFilter {
public:
    // Throws std::invalid_argument naming the pattern when a regex does not compile (the config
    // loader validates them first; this is the last line of defence).
    explicit ArticleFilter(const config::PluginFilterConfig& config);
    ~ArticleFilter();
    ArticleFilter(ArticleFilter&&) noexcept;

    // nullopt: the plugin does not get this article. Otherwise the matched terms, comma separated
    // (empty when the filter has no keyword or pattern rules).
    std::optional<std::string> accept(const FilterInput& article) const;

private:
    config::PluginFilterConfig config_;
    std::unique_ptr<re2::RE2> keywords_, exclude_keywords_;
    std::vector<std::unique_ptr<re2::RE2>> patterns_, exclude_patterns_;
};

}  // namespace gleaner::plugins
