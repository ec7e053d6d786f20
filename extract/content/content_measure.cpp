// Text measures for stage 1: characters, link characters and punctuation per block and per subtree,
// which blocks are paragraphs of prose, and which of those are only teasers in a card of links.
#include <array>
#include <string_view>

#include "extract/content/content_classify.h"

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

// What one byte of UTF-8 text contributes to a measure: whitespace and continuation bytes count for
// nothing, every other byte starts one character; a few lead bytes need a look at what follows.
enum class ByteClass : std::uint8_t { skip, letter, punctuation, lead_c2, lead_cjk };

constexpr std::array<ByteClass, 256> make_byte_classes() {
    std::array<ByteClass, 256> classes{};
    for (int b = 0; b < 256; ++b) {
        ByteClass c = ByteClass::letter;
        if (b == ' ' || b == '\n' || b == '\t' || b == '\r' || b == '\f' || (b & 0xC0) == 0x80) c = ByteClass::skip;
        else if (b == ',' || b == '.' || b == '!' || b == '?' || b == ';') c = ByteClass::punctuation;
        else if (b == 0xC2) c = ByteClass::lead_c2;
        else if (b == 0xEF || b == 0xE3) c = ByteClass::lead_cjk;
        classes[static_cast<std::size_t>(b)] = c;
    }
    return classes;
}

constexpr std::array<ByteClass, 256> kByteClass = make_byte_classes();

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
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t size = text.size();
    for (std::size_t i = 0; i < size; ++i) {
        switch (kByteClass[bytes[i]]) {
        case ByteClass::skip:
            break;
        case ByteClass::letter:
            ++chars;
            break;
        case ByteClass::punctuation:
            ++chars;
            ++punctuation;
            break;
        case ByteClass::lead_c2:  // U+00A0 no-break space is space
            if (!(i + 1 < size && bytes[i + 1] == 0xA0)) ++chars;
            break;
        case ByteClass::lead_cjk:  // full-width comma, ideographic comma and full stop (CJK prose)
            ++chars;
            if (i + 2 < size && ((bytes[i] == 0xEF && bytes[i + 1] == 0xBC && bytes[i + 2] == 0x8C) ||
                                 (bytes[i] == 0xE3 && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0x81 || bytes[i + 2] == 0x82))))
                ++punctuation;
            break;
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
