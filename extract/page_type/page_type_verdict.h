// The page-type decision as the Article carries it: the type and the signals that decided it
// (see page_type.h for how they are measured). Light on purpose: extractor.h includes it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gleaner::extract {

enum class PageType : std::uint8_t { article, listing, forum, other };

// "article", "listing", "forum", "other".
std::string_view page_type_name(PageType type);

// The measured signals, kept in the article's provenance so a decision can be explained.
struct PageTypeSignals {
    std::string declared;          // "article" | "listing" | "forum" | "" from JSON-LD / og:type
    std::string declared_by;       // e.g. "json-ld:CollectionPage", "og:type=website"
    std::string url_shape;         // "listing" | "forum" | "home" | ""
    std::uint32_t story_chars = 0;     // prose characters in the story container
    std::uint32_t page_chars = 0;      // prose characters on the whole page
    std::uint32_t linked_headings = 0; // headings that are (or hold) a link: teaser headlines
    std::uint32_t story_linked_headings = 0;  // of which inside the story container
    std::uint32_t items = 0;           // the most repeated sibling blocks of one kind (cards, posts)
    std::uint32_t posts = 0;           // elements named as posts, comments, answers or replies
    std::uint32_t cards = 0;           // the most sibling blocks under one parent holding a short linked text
    std::uint32_t products = 0;        // blocks named as product tiles, prices or cart buttons
    std::uint32_t times = 0;           // <time> elements
    double article_score = 0.0;        // how much the signals say "one story" (above 0.25: article)
    std::string decided_by;            // the rule that decided
};

struct PageTypeVerdict {
    PageType type = PageType::article;
    PageTypeSignals signals;
};

}  // namespace gleaner::extract
