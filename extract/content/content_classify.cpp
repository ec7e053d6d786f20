// Stage 1 of main-content extraction: region marks (markup, hidden elements, section headings) and the
// size veto that turns them into removed subtrees. Linear passes over the flat DOM: marks and text
// ownership (forward), raw text per subtree for the veto (reverse, content_measure), then the
// measures of kept text (content_measure).
#include "extract/content/content_classify.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>

#include "extract/content/boilerplate_patterns.h"

namespace gleaner::extract {
namespace {

// A boilerplate-named element holding most of the page's prose (comment threads aside) is a layout
// wrapper ("main has-sidebar", "social-enabled", a page builder's "widget"), not the boilerplate it
// names, and is kept: when it holds or sits in a mark of the story (the <h1>, an <article> or <main>,
// a labelled article body) from this share of the prose, otherwise from the larger share (a long
// list of teasers in a side rail is no wrapper).
constexpr double kVetoShareWithStoryMark = 0.5;
constexpr double kVetoShareWithoutStoryMark = 0.8;

// Elements never removed by name: the story's outer containers carry classes like "tag-politics"
// or "comments-open" that describe the story rather than name a region.
bool is_never_removed_by_name(GumboTag tag) {
    return tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_HTML || tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_MAIN;
}

void append_lowercase(std::string& out, std::string_view value) {
    for (char c : value) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        else if (c == '\t' || c == '\n' || c == '\r' || c == '\f') c = ' ';
        out.push_back(c);
    }
}

// Matches one attribute value against the class/id tables; class strings repeat a lot within a
// page, so their verdicts are cached by value for the page.
class AttributeMatcher {
public:
    std::uint32_t match(std::string_view value, bool cache) {
        if (value.empty()) return kRegionNone;
        if (cache) {
            auto found = cache_.find(value);
            if (found != cache_.end()) return found->second;
        }
        buffer_.assign(1, ' ');
        append_lowercase(buffer_, value);
        buffer_.push_back(' ');
        const std::uint32_t regions = match_class_and_id(buffer_);
        if (cache) cache_.emplace(value, regions);
        return regions;
    }

private:
    std::unordered_map<std::string_view, std::uint32_t> cache_;  // views into the Gumbo tree
    std::string buffer_;
};

bool contains_folded(std::string_view haystack, std::string_view needle_without_spaces) {
    std::string folded;
    folded.reserve(haystack.size());
    for (char c : haystack) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
        folded.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    return folded.find(needle_without_spaces) != std::string::npos;
}

bool is_hidden(const NamingAttributes& attributes) {
    if (attributes.hidden || attributes.aria_hidden == "true") return true;
    const std::string_view style = attributes.style;
    return !style.empty() && (contains_folded(style, "display:none") || contains_folded(style, "visibility:hidden"));
}

std::uint32_t lowercase_regions(std::string_view value, std::uint32_t (*lookup)(std::string_view)) {
    if (value.empty()) return kRegionNone;
    std::string lowered;
    append_lowercase(lowered, value);
    return lookup(lowered);
}

std::uint32_t regions_of_element(const Dom& dom, const DomNode& node, AttributeMatcher& matcher) {
    std::uint32_t regions = regions_of_tag(node.tag);
    const NamingAttributes& attributes = dom.naming[node.naming];
    regions |= matcher.match(attributes.class_name, true);
    regions |= matcher.match(attributes.id, false);
    regions |= lowercase_regions(attributes.role, regions_of_role);
    regions |= lowercase_regions(attributes.itemprop, regions_of_itemprop);
    if (is_hidden(attributes)) regions |= kRegionHidden;
    if (regions & kRegionQuote) regions &= ~(kRegionShare | kRegionSidebar);
    return regions;
}

bool is_heading_like(GumboTag tag) {
    return (tag >= GUMBO_TAG_H1 && tag <= GUMBO_TAG_H6) || tag == GUMBO_TAG_SUMMARY || tag == GUMBO_TAG_LEGEND;
}

// Headings are short: looking further than this many nodes into one, or this many levels above it,
// finds nothing a real page has, and bounds the work on pages nested thousands deep.
constexpr std::uint32_t kMaxHeadingNodes = 64;
constexpr int kMaxSectionLevels = 32;

// The collapsed text of a heading, or "" when it is longer than any line pattern matches.
std::string heading_text(const Dom& dom, std::uint32_t heading) {
    std::string text;
    bool space = false;
    const std::uint32_t end = std::min(dom.nodes[heading].subtree_end, heading + 1 + kMaxHeadingNodes);
    for (std::uint32_t j = heading + 1; j < end; ++j) {
        if (!dom.nodes[j].is_text) continue;
        for (char c : dom.nodes[j].text) {
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
                space = !text.empty();
                continue;
            }
            if (space) text.push_back(' ');
            space = false;
            text.push_back(c);
            if (text.size() > kMaxLineLength) return {};
        }
    }
    if (end < dom.nodes[heading].subtree_end) return {};  // too big to be a heading
    return text;
}

// Sections named by their heading rather than their markup: a plain <section> or <details> that
// opens with "3 Responses" is a comment thread, one that opens with "Related articles" a related
// list. The region goes on the outermost element the heading opens (whose first text is the
// heading's); a heading in the middle of a container is left to content_trim, which cuts there.
void mark_sections_by_heading(const Dom& dom, PageFacts& facts) {
    const std::uint32_t n = dom.size();
    std::vector<std::uint32_t> first_text(n, kNoNode);
    for (std::uint32_t i = 0; i < n; ++i) {
        const DomNode& node = dom.nodes[i];
        if (!node.is_text || facts.own[i].chars == 0) continue;  // (text nodes are measured by now)
        for (std::uint32_t a = node.parent; a != kNoNode && first_text[a] == kNoNode; a = dom.nodes[a].parent)
            first_text[a] = i;
    }
    for (std::uint32_t h = 0; h < n; ++h) {
        const DomNode& node = dom.nodes[h];
        if (node.is_text || !is_heading_like(node.tag) || first_text[h] == kNoNode) continue;
        const std::uint32_t region = region_headed_by(classify_line(heading_text(dom, h)));
        if (region == kRegionNone) continue;
        std::uint32_t top = h;
        int levels = 0;
        for (std::uint32_t a = node.parent; a != kNoNode && a != 0 && first_text[a] == first_text[h] &&
                                            !is_never_removed_by_name(dom.nodes[a].tag) && levels < kMaxSectionLevels;
             a = dom.nodes[a].parent, ++levels)
            top = a;
        if (top != h) facts.regions[top] |= region;
    }
}

bool is_story_mark(const DomNode& node, std::uint32_t regions) {
    return node.tag == GUMBO_TAG_H1 || node.tag == GUMBO_TAG_ARTICLE || node.tag == GUMBO_TAG_MAIN ||
           (regions & kRegionArticleBody) != 0;
}

}  // namespace

bool is_block_tag(GumboTag tag) {
    switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_LI: case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_CAPTION: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE: case GUMBO_TAG_NAV: case GUMBO_TAG_FORM: case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_HR: case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_CENTER: case GUMBO_TAG_BODY: case GUMBO_TAG_HTML: case GUMBO_TAG_HGROUP: case GUMBO_TAG_UNKNOWN:
        return true;
    default:
        return false;
    }
}

PageFacts classify_page(const Dom& dom) {
    const std::uint32_t n = dom.size();
    PageFacts facts;
    facts.regions.assign(n, kRegionNone);
    facts.removed.assign(n, 0);
    facts.block_of.assign(n, 0);
    facts.in_link.assign(n, 0);
    facts.own.assign(n, TextStats{});
    if (n == 0) return facts;

    // Pass 1 (forward): region marks, block ownership, link context, raw text of each block.
    AttributeMatcher matcher;
    std::vector<std::uint8_t> candidate(n, 0);
    for (std::uint32_t i = 0; i < n; ++i) {
        const DomNode& node = dom.nodes[i];
        const std::uint32_t parent = node.parent;
        if (node.is_text) {
            facts.block_of[i] = facts.block_of[parent];
            facts.in_link[i] = facts.in_link[parent];
            measure_text(node.text, facts.own[i], facts.in_link[i] != 0);
            add_text(facts.own[facts.block_of[i]], facts.own[i]);
            continue;
        }
        facts.regions[i] = regions_of_element(dom, node, matcher);
        facts.block_of[i] = (is_block_tag(node.tag) || parent == kNoNode) ? i : facts.block_of[parent];
        facts.in_link[i] = (parent != kNoNode && facts.in_link[parent]) ||
                           (node.tag == GUMBO_TAG_A && has_attribute(node, "href"));
    }
    mark_sections_by_heading(dom, facts);
    for (std::uint32_t i = 1; i < n; ++i) {
        const std::uint32_t regions = facts.regions[i];
        candidate[i] = !dom.nodes[i].is_text && (regions & kRegionsRemoved) != 0 &&
                       (regions & kRegionArticleBody) == 0 && !is_never_removed_by_name(dom.nodes[i].tag);
    }

    // Pass 2 (reverse): text per subtree before any removal, and story marks, for the size veto.
    // Comment threads do not count in the page's prose here: they go whatever their size.
    measure_raw_text(dom, facts);
    std::vector<std::uint32_t> veto_prose(n, 0);
    std::vector<std::uint8_t> marked(n, 0);  // holds a story mark
    for (std::uint32_t i = n; i-- > 0;) {
        const DomNode& node = dom.nodes[i];
        if (node.is_text) continue;
        if (facts.block_of[i] == i && is_good_paragraph(facts.own[i])) veto_prose[i] += facts.own[i].chars;
        marked[i] |= is_story_mark(node, facts.regions[i]);
        if (node.parent == kNoNode) continue;
        marked[node.parent] |= marked[i];
        if (!(candidate[i] && (facts.regions[i] & kRegionsRemovedRegardlessOfSize)))
            veto_prose[node.parent] += veto_prose[i];
    }
    // A mark above counts too: a page builder's "widget" wrapper inside the labelled article body is
    // the story.
    std::vector<std::uint8_t> under_mark(n, 0);
    for (std::uint32_t i = 1; i < n; ++i) {
        const std::uint32_t parent = dom.nodes[i].parent;
        under_mark[i] = under_mark[parent] || is_story_mark(dom.nodes[parent], facts.regions[parent]);
        marked[i] |= under_mark[i];
    }
    // A story split into sections that a page builder names alike ("elementor-widget", "widget-span",
    // AEM's "cmp-section", "toc-para"): the sections together hold the page's prose, each alone only a
    // part. Their prose is pooled by region and depth, so they stand or fall together. (Hidden blocks
    // are not pooled: several hidden copies of a text are still hidden.)
    std::unordered_map<std::uint64_t, std::uint64_t> pooled;
    auto pool_key = [&](std::uint32_t i) {
        return (static_cast<std::uint64_t>(facts.regions[i] & kRegionsRemoved) << 32) | dom.nodes[i].depth;
    };
    auto poolable = [&](std::uint32_t i) {
        return (facts.regions[i] & (kRegionsRemovedRegardlessOfSize | kRegionHidden)) == 0;
    };
    for (std::uint32_t i = 0; i < n; ++i) {
        if (candidate[i] && poolable(i)) pooled[pool_key(i)] += veto_prose[i];
    }
    for (std::uint32_t i = 0; i < n; ++i) {
        if (!candidate[i]) continue;
        const bool regardless = (facts.regions[i] & kRegionsRemovedRegardlessOfSize) != 0;
        const double share = marked[i] ? kVetoShareWithStoryMark : kVetoShareWithoutStoryMark;
        const double prose = regardless ? 0.0 : poolable(i) ? static_cast<double>(pooled[pool_key(i)]) : veto_prose[i];
        if (regardless || veto_prose[i] == 0 || prose < share * veto_prose[0]) facts.removed[i] = 1;
    }

    measure_kept_text(dom, facts);
    return facts;
}

}  // namespace gleaner::extract
