// The article fields the notification plugins' templates (alert, smtp) can name, and their values.
// The template syntax itself is the SDK's (<gleaner/template.hpp>), so the daemon checks a template
// setting before the plugin runs. Header-only so a plugin folder copied out of Gleaner's tree needs
// only this folder beside it.
#pragma once

#include <gleaner/plugin.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace gleaner_common {

inline std::string join_views(const std::vector<std::string_view>& items, std::string_view separator) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += separator;
        out += items[i];
    }
    return out;
}

// The placeholders every article offers; plugins add their own (alert adds "rule").
inline const std::vector<std::string>& article_placeholders() {
    static const std::vector<std::string> names = {
        "id",       "title",       "url",   "canonical_url", "source",  "published", "modified",
        "language", "site_name",   "description", "image",   "section", "authors",   "tags",
        "text",     "word_count",  "terms",
    };
    return names;
}

// Values for article_placeholders(). "terms" is the daemon filter's matched terms ("a, b").
inline std::map<std::string, std::string> article_values(const gleaner::Article& a) {
    std::string terms(a.matched_terms());
    for (std::size_t comma = terms.find(','); comma != std::string::npos; comma = terms.find(',', comma + 2))
        terms.insert(comma + 1, " ");
    return {
        {"id", std::string(a.id())},
        {"title", std::string(a.title())},
        {"url", std::string(a.url())},
        {"canonical_url", std::string(a.canonical_url())},
        {"source", std::string(a.source())},
        {"published", std::string(a.published())},
        {"modified", std::string(a.modified())},
        {"language", std::string(a.language())},
        {"site_name", std::string(a.site_name())},
        {"description", std::string(a.description())},
        {"image", std::string(a.image())},
        {"section", std::string(a.section())},
        {"authors", join_views(a.authors(), ", ")},
        {"tags", join_views(a.tags(), ", ")},
        {"text", std::string(a.text())},
        {"word_count", std::to_string(a.word_count())},
        {"terms", terms},
    };
}

}  // namespace gleaner_common
