// classify_page_type (see page_type.h). The thresholds are tuned on the even-numbered half of the
// WCXB development pages and checked on the odd half (bench/quality prints both).
#include "extract/page_type/page_type.h"

#include <algorithm>
#include <array>

#include "extract/content/boilerplate_patterns.h"
#include "extract/page_type/page_type_patterns.h"

namespace gleaner::extract {
namespace {

bool is_heading(GumboTag tag) { return tag >= GUMBO_TAG_H1 && tag <= GUMBO_TAG_H6; }

// Headings are short: a heading whose link lies deeper than this is no teaser headline.
constexpr std::uint32_t kMaxHeadingNodes = 16;

bool heading_is_linked(const Dom& dom, const PageFacts& facts, std::uint32_t h) {
    if (facts.in_link[h]) return true;
    const std::uint32_t end = std::min(dom.nodes[h].subtree_end, h + 1 + kMaxHeadingNodes);
    for (std::uint32_t j = h + 1; j < end; ++j) {
        if (!dom.nodes[j].is_text && facts.in_link[j]) return true;
    }
    return false;
}

bool inside(const Dom& dom, std::uint32_t ancestor, std::uint32_t node) {
    return ancestor != kNoNode && node >= ancestor && node < dom.nodes[ancestor].subtree_end;
}

// Linked headings, and the largest number of sibling blocks that each hold one (a grid of cards) or
// that each are a post of a thread.
void measure_shape(const Dom& dom, const PageFacts& facts, std::uint32_t container, PageTypeSignals& signals) {
    const std::uint32_t n = dom.size();
    std::vector<std::uint8_t> holds_linked_heading(n, 0);
    std::vector<std::uint32_t> cards(n, 0), posts(n, 0);
    for (std::uint32_t i = n; i-- > 0;) {
        const DomNode& node = dom.nodes[i];
        if (node.is_text) continue;
        if (is_heading(node.tag) && !facts.removed[i] && heading_is_linked(dom, facts, i)) {
            holds_linked_heading[i] = 1;
            ++signals.linked_headings;
            if (inside(dom, container, i)) ++signals.story_linked_headings;
        }
        if (node.parent == kNoNode) continue;
        if (holds_linked_heading[i]) {
            holds_linked_heading[node.parent] = 1;
            ++cards[node.parent];
        }
        if (facts.regions[i] & (kRegionPost | kRegionComments)) ++posts[node.parent];
    }
    signals.items = n == 0 ? 0 : *std::max_element(cards.begin(), cards.end());
    signals.posts = n == 0 ? 0 : *std::max_element(posts.begin(), posts.end());
}

void read_declarations(const PageDeclarations& declared, PageTypeSignals& signals) {
    if (declared.json_ld_types != nullptr) {
        // The first type that names a kind wins among forum and listing; an article type anywhere
        // (the page's own node) outranks a listing type (its breadcrumb ItemList).
        for (const std::string& type : *declared.json_ld_types) {
            const PageKind kind = page_kind_of_json_ld_type(type);
            if (kind == PageKind::article || (kind != PageKind::none && signals.declared.empty())) {
                signals.declared = page_kind_name(kind);
                signals.declared_by = "json-ld:" + type;
                if (kind == PageKind::article) break;
            }
        }
    }
    if (signals.declared.empty() && !declared.og_type.empty()) {
        const PageKind kind = page_kind_of_og_type(declared.og_type);
        if (kind != PageKind::none) {
            signals.declared = page_kind_name(kind);
            signals.declared_by = "og:type=" + std::string(declared.og_type);
        }
    }
    signals.url_shape = std::string(page_kind_name(page_kind_of_url(declared.url)));
}

}  // namespace

std::string_view page_type_name(PageType type) {
    switch (type) {
    case PageType::article: return "article";
    case PageType::listing: return "listing";
    case PageType::forum: return "forum";
    case PageType::other: return "other";
    }
    return "other";
}

PageTypeVerdict classify_page_type(const Dom& dom, const PageFacts& facts, std::uint32_t container,
                                   const PageDeclarations& declared, std::size_t story_words) {
    PageTypeVerdict verdict;
    PageTypeSignals& s = verdict.signals;
    read_declarations(declared, s);
    if (dom.empty() || story_words == 0) {
        verdict.type = PageType::other;
        s.decided_by = "no story text";
        return verdict;
    }
    // Text without a single tag (a plain-text file, /etc/passwd) parses as one text node in <body>.
    if (std::none_of(dom.nodes.begin() + 1, dom.nodes.end(), [](const DomNode& node) { return !node.is_text; })) {
        verdict.type = PageType::other;
        s.decided_by = "no markup";
        return verdict;
    }
    s.page_chars = facts.subtree[0].good_chars;
    s.story_chars = container == kNoNode ? 0 : facts.subtree[container].good_chars;
    measure_shape(dom, facts, container, s);

    if (s.declared == "forum" || s.url_shape == "forum") {
        verdict.type = PageType::forum;
        s.decided_by = s.declared == "forum" ? "declared forum" : "forum URL";
    } else if (s.posts >= 5) {
        verdict.type = PageType::forum;
        s.decided_by = "repeated posts";
    } else if (s.declared == "listing" || s.url_shape == "listing" || s.url_shape == "home") {
        verdict.type = PageType::listing;
        s.decided_by = s.declared == "listing" ? "declared listing" : "listing URL";
    } else if (s.items >= 6) {
        verdict.type = PageType::listing;
        s.decided_by = "grid of linked headlines";
    } else {
        s.decided_by = "story";
    }
    return verdict;
}

}  // namespace gleaner::extract
