// Tiny "{{name}}" templates for the notification plugins (alert, smtp), and the article fields they
// can name. A template is checked once, when the plugin is created: an unknown placeholder or an
// unclosed "{{" is a configuration error naming the template, not a surprise at the first article.
// Header-only so a plugin folder copied out of Gleaner's tree needs only this folder beside it.
#pragma once

#include <gleaner/plugin.hpp>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gleaner_common {

class Template {
public:
    Template() = default;
    // `known`: the placeholder names render() will be given. Whitespace inside the braces is allowed
    // ("{{ title }}"). Throws std::invalid_argument naming `what` and the offending placeholder.
    Template(const std::string& text, const std::vector<std::string>& known, const std::string& what) {
        std::size_t at = 0;
        while (at < text.size()) {
            const std::size_t open = text.find("{{", at);
            if (open == std::string::npos) break;
            const std::size_t close = text.find("}}", open + 2);
            if (close == std::string::npos)
                throw std::invalid_argument(what + ": \"{{\" at offset " + std::to_string(open) + " is never closed");
            std::string name = trim(text.substr(open + 2, close - open - 2));
            if (std::find(known.begin(), known.end(), name) == known.end())
                throw std::invalid_argument(what + ": unknown placeholder {{" + name + "}} (known: " + join(known) + ")");
            pieces_.push_back({text.substr(at, open - at), std::move(name)});
            at = close + 2;
        }
        pieces_.push_back({text.substr(at), std::string()});
    }

    // Missing values render as "".
    std::string render(const std::map<std::string, std::string>& values) const {
        std::string out;
        for (const auto& piece : pieces_) {
            out += piece.literal;
            if (piece.name.empty()) continue;
            if (auto found = values.find(piece.name); found != values.end()) out += found->second;
        }
        return out;
    }

private:
    struct Piece {
        std::string literal;  // text before the placeholder
        std::string name;     // empty for the trailing literal
    };

    static std::string trim(const std::string& s) {
        const auto first = s.find_first_not_of(" \t");
        if (first == std::string::npos) return std::string();
        return s.substr(first, s.find_last_not_of(" \t") - first + 1);
    }
    static std::string join(const std::vector<std::string>& names) {
        std::string out;
        for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
        return out;
    }

    std::vector<Piece> pieces_;
};

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
