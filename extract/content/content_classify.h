// Stage 1 of main-content extraction: what each element of the page is — which boilerplate regions it
// names (class, id, role, itemprop, tag, or the heading it opens), whether it is hidden — and what text
// it holds. The size veto of boilerplate_patterns.h is applied here, so later stages see the final
// set of removed subtrees. content_classify.cpp marks regions; content_measure.cpp measures text.
#pragma once

#include <cstdint>
#include <vector>

#include "extract/content/dom.h"

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
    std::vector<TextStats> own;              // blocks: text directly owned (not by inner blocks);
                                             // text nodes: the node's own measure
    std::vector<TextStats> raw;              // text of the whole subtree before removals
                                             // (good_chars/prose_blocks: paragraphs passing
                                             // is_good_paragraph, teasers included)
    std::vector<std::uint8_t> linked_heading;  // the raw subtree holds a heading that is a link
    std::vector<TextStats> subtree;          // text of the whole kept subtree
    std::vector<std::uint8_t> prose;         // 1: this block is a paragraph of prose (in good_chars)
};

// Elements that start a new block of text (paragraph-like or container), as opposed to inline ones.
bool is_block_tag(GumboTag tag);

// Classifies every node of `dom` and measures its text. Removed subtrees do not count in `subtree`.
PageFacts classify_page(const Dom& dom);

// The two measuring passes classify_page runs (content_measure.cpp): `raw` and `linked_heading` from
// `own` as measured over all text; then `own`, `subtree` and `prose` over the text not removed.
void measure_raw_text(const Dom& dom, PageFacts& facts);
void measure_kept_text(const Dom& dom, PageFacts& facts);

// Counts non-whitespace code points and punctuation of `text` into `stats`.
void measure_text(std::string_view text, TextStats& stats, bool in_link);
// Adds a text node's measure to its block's (the block's text now ends with this node's).
void add_text(TextStats& block, const TextStats& text_node);

// Whether a block's own text reads like prose: long enough, few links, not cut short with "...".
// (A paragraph alone in a teaser card is further excluded from `prose` by measure_kept_text.)
bool is_good_paragraph(const TextStats& own);

}  // namespace gleaner::extract
