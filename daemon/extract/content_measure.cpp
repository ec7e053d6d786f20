// Text measures for stage 1: characters, link characters and punctuation per block and per subtree,
// which blocks are paragraphs of prose, and which of those are only teasers in a card of links.
#include <string_view>

#include "extract/content_classify.h"

namespace gleaner::extract {
namespace {

// A teaser card: a short paragraph (an excerpt) whose nearest ancestor holding more than it is small,
// holds no other paragraph, and besides the excerpt holds mostly links or a headline that is a link.
// News pages are full of these around the story; the story's own paragraphs come with other
// paragraphs, or with a headline and byline that are not links. Measured before removals: a card's
// headline and meta row are often removed as header and byline, yet still show what the card is.
constexpr std::uint32_t kMaxTeaserChars = 400;
constexpr std::uint32_t kMaxTeaserCardExtraChars = 300;

bool is_in_teaser_card(const Dom& dom, const PageFacts& facts, std::uint32_t paragraph) {
    const std::uint32_t chars = facts.raw[paragraph].chars;
    if (chars >= kMaxTeaserChars) return false;
    std::uint32_t context = dom.nodes[paragraph].parent;
    while (context != kNoNode && facts.raw[context].chars == chars) context = dom.nodes[context].parent;
    if (context == kNoNode) return false;
    const TextStats& around = facts.raw[context];
    if (around.prose_blocks > 1) return false;
    const std::uint32_t rest = around.chars - chars;
    const std::uint32_t rest_links = around.link_chars - facts.raw[paragraph].link_chars;
    return rest >= 15 && rest <= kMaxTeaserCardExtraChars && (rest_links * 2 >= rest || facts.linked_heading[context]);
}

bool is_heading(GumboTag tag) { return tag >= GUMBO_TAG_H1 && tag <= GUMBO_TAG_H6; }

void add_up(TextStats& to, const TextStats& from) {
    to.chars += from.chars;
    to.link_chars += from.link_chars;
    to.good_chars += from.good_chars;
    to.punctuation += from.punctuation;
    to.prose_blocks += from.prose_blocks;
}

}  // namespace

void measure_text(std::string_view text, TextStats& stats, bool in_link) {
    std::uint32_t chars = 0;
    std::uint32_t punctuation = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || (c & 0xC0) == 0x80) continue;
        if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) continue;  // nbsp
        ++chars;
        if (c == ',' || c == '.' || c == '!' || c == '?' || c == ';') {
            ++punctuation;
        } else if ((c == 0xEF || c == 0xE3) && i + 2 < text.size()) {
            // Full-width comma, ideographic comma and full stop (CJK prose).
            const auto b1 = static_cast<unsigned char>(text[i + 1]);
            const auto b2 = static_cast<unsigned char>(text[i + 2]);
            if ((c == 0xEF && b1 == 0xBC && b2 == 0x8C) || (c == 0xE3 && b1 == 0x80 && (b2 == 0x81 || b2 == 0x82)))
                ++punctuation;
        }
    }
    if (chars > 0) {  // the block's text so far ends with this node's text
        const std::string_view trimmed = text.substr(0, text.find_last_not_of(" \n\t\r\f") + 1);
        stats.ends_with_ellipsis = trimmed.ends_with("...") || trimmed.ends_with("\xE2\x80\xA6");
    }
    stats.chars += chars;
    stats.punctuation += punctuation;
    if (in_link) stats.link_chars += chars;
}

void add_text(TextStats& block, const TextStats& text_node) {
    if (text_node.chars == 0) return;
    block.chars += text_node.chars;
    block.link_chars += text_node.link_chars;
    block.punctuation += text_node.punctuation;
    block.ends_with_ellipsis = text_node.ends_with_ellipsis;
}

bool is_good_paragraph(const TextStats& own) {
    return own.chars >= 60 && own.link_chars * 10 <= own.chars * 3 && own.punctuation >= 1 && !own.ends_with_ellipsis;
}

void measure_raw_text(const Dom& dom, PageFacts& facts) {
    const std::uint32_t n = dom.size();
    facts.raw.assign(n, TextStats{});
    facts.linked_heading.assign(n, 0);
    for (std::uint32_t i = n; i-- > 0;) {
        const DomNode& node = dom.nodes[i];
        if (node.is_text) continue;
        TextStats& stats = facts.raw[i];
        if (facts.block_of[i] == i) {
            const TextStats& own = facts.own[i];
            add_up(stats, TextStats{own.chars, own.link_chars, 0, own.punctuation, 0, false});
            if (is_good_paragraph(own)) {
                stats.good_chars += own.chars;
                stats.prose_blocks += 1;
            }
            if (is_heading(node.tag) && own.chars > 0 && own.link_chars * 2 > own.chars) facts.linked_heading[i] = 1;
        }
        if (node.parent == kNoNode) continue;
        add_up(facts.raw[node.parent], stats);
        facts.linked_heading[node.parent] |= facts.linked_heading[i];
    }
}

void measure_kept_text(const Dom& dom, PageFacts& facts) {
    const std::uint32_t n = dom.size();
    std::vector<std::uint8_t> dead(n, 0);
    for (std::uint32_t i = 0; i < n; ++i)  // text nodes keep their measure from classify_page
        if (!dom.nodes[i].is_text) facts.own[i] = TextStats{};
    for (std::uint32_t i = 0; i < n; ++i) {
        const DomNode& node = dom.nodes[i];
        dead[i] = facts.removed[i] || (node.parent != kNoNode && dead[node.parent]);
        if (node.is_text && !dead[i]) add_text(facts.own[facts.block_of[i]], facts.own[i]);
    }
    facts.prose.assign(n, 0);
    for (std::uint32_t i = 0; i < n; ++i)
        if (!dead[i] && !dom.nodes[i].is_text && facts.block_of[i] == i && is_good_paragraph(facts.own[i]) &&
            !is_in_teaser_card(dom, facts, i))
            facts.prose[i] = 1;
    facts.subtree.assign(n, TextStats{});
    for (std::uint32_t i = n; i-- > 0;) {
        const DomNode& node = dom.nodes[i];
        if (node.is_text || dead[i]) continue;
        TextStats& stats = facts.subtree[i];
        if (facts.block_of[i] == i) {
            const TextStats& own = facts.own[i];
            add_up(stats, TextStats{own.chars, own.link_chars, 0, own.punctuation, 0, false});
            if (facts.prose[i]) {
                stats.good_chars += own.chars;
                stats.prose_blocks += 1;
            }
        }
        if (node.parent != kNoNode) add_up(facts.subtree[node.parent], stats);
    }
}

}  // namespace gleaner::extract
