// Stage 1 of main-content extraction: what each element of the page is, from its markup alone — which
// boilerplate regions it names (class, id, role, itemprop, tag), whether it is hidden — and what text
// each element holds. The size veto of boilerplate_patterns.h is applied here too, so later stages
// see the final set of removed subtrees.
#pragma once

#include <cstdint>
#include <vector>

#include "extract/dom.h"

namespace gleaner::extract {

// Text measured in characters that are not whitespace (UTF-8 code points), so pages in any script
// and with any indentation compare alike.
struct TextStats {
    std::uint32_t chars = 0;         // all kept text in the subtree
    std::uint32_t link_chars = 0;    // of which inside <a href>
    std::uint32_t good_chars = 0;    // of which in paragraphs that read like prose (see content_select)
    std::uint32_t punctuation = 0;   // commas and sentence ends in kept text
    std::uint32_t prose_blocks = 0;  // blocks counted in good_chars
    bool ends_with_ellipsis = false; // own text only: ends in "..." (a cut teaser, not a paragraph)
};

struct PageFacts {
    std::vector<std::uint32_t> regions;      // Region bits named by each element
    std::vector<std::uint8_t> removed;       // 1: this element and its subtree are not story
    std::vector<std::uint32_t> block_of;     // nearest block-level element (itself if it is one)
    std::vector<std::uint8_t> in_link;       // 1: inside <a href>
    std::vector<TextStats> own;              // text directly owned by a block (not by inner blocks)
    std::vector<TextStats> subtree;          // text of the whole kept subtree
    std::vector<std::uint8_t> prose;         // 1: this block is a paragraph of prose (in good_chars)
    std::uint32_t total_good_chars = 0;      // over the whole page before removals
};

// Elements that start a new block of text (paragraph-like or container), as opposed to inline ones.
bool is_block_tag(GumboTag tag);

// Classifies every node of `dom` and measures its text. Removed subtrees do not count in `subtree`.
PageFacts classify_page(const Dom& dom);

// Counts non-whitespace code points and punctuation of `text` into `stats`.
void measure_text(std::string_view text, TextStats& stats, bool in_link);

// Whether a block's own text reads like prose: long enough, few links, not cut short with "...".
// (Prose inside a teaser card is further excluded by classify_page.)
bool is_good_paragraph(const TextStats& own);

}  // namespace gleaner::extract
