// Container choice, in two steps.
//  1. By text alone: score(e) = prose(e) - cost of the other text e holds (links cost more than plain
//     text), best element wins. Pre-order scan, so on equal scores the outer element wins.
//  2. By markup: an element the page names as the story body (itemprop=articleBody, class
//     "article-body", "entry-content"...) that holds most of the page's prose is taken instead when
//     it agrees with step 1 (holds the winner, or is held by it without missing much prose). Text
//     statistics go wrong on stories that are lists of linked summaries or tables; the page's own
//     label does not.
#include "extract/content/content_select.h"

#include "extract/content/boilerplate_patterns.h"

namespace gleaner::extract {
namespace {

// What one character of text that is not prose costs a container, relative to one character of prose
// it gains: link text (menus, link lists, teaser headlines) costs more than plain short text
// (headings, captions, table cells). Tuned on the development half of the benchmark.
constexpr double kLinkTextCost = 0.3;
constexpr double kPlainTextCost = 0.1;
// Markup naming the element as a teaser or card.
constexpr double kWeakNegativeMalus = 0.8;
// A labelled body must hold this share of the page's prose to be believed...
constexpr double kLabelledBodyMinShare = 0.5;
// ...and, when it sits inside the text-chosen container, hold this share of that container's prose.
constexpr double kLabelledBodyShareOfWinner = 0.8;

bool contains(const Dom& dom, std::uint32_t ancestor, std::uint32_t node) {
    return node >= ancestor && node < dom.nodes[ancestor].subtree_end;
}

bool is_paragraph_tag(GumboTag tag) {
    switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_LI: case GUMBO_TAG_DD: case GUMBO_TAG_DT: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_H1:
    case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
        return true;
    default:
        return false;
    }
}

double text_score(const TextStats& stats) {
    const double links = stats.link_chars;
    const double plain = static_cast<double>(stats.chars) - stats.good_chars - links;
    return stats.good_chars - kLinkTextCost * links - kPlainTextCost * plain;
}

}  // namespace

std::uint32_t select_container(const Dom& dom, const PageFacts& facts) {
    std::uint32_t best = kNoNode;
    double best_score = 0.0;
    std::uint32_t labelled = kNoNode;  // the labelled body holding the most prose (innermost on ties)
    for (std::uint32_t i = 0; i < dom.size(); ++i) {
        const DomNode& node = dom.nodes[i];
        if (node.is_text) continue;
        if (facts.removed[i] || facts.subtree[i].chars == 0) {
            i = node.subtree_end - 1;
            continue;
        }
        const TextStats& stats = facts.subtree[i];
        double score = text_score(stats);
        if ((facts.regions[i] & kRegionWeakNegative) && node.tag != GUMBO_TAG_ARTICLE && node.tag != GUMBO_TAG_MAIN)
            score *= score > 0 ? kWeakNegativeMalus : 1.0;
        if (best == kNoNode || score > best_score) {
            best = i;
            best_score = score;
        }
        if ((facts.regions[i] & kRegionArticleBody) &&
            (labelled == kNoNode || stats.good_chars >= facts.subtree[labelled].good_chars))
            labelled = i;
    }
    // A paragraph is never the container: the story's other lines (short ones, a subheading) are its
    // siblings, so a story whose only prose is one paragraph is held by that paragraph's parent.
    if (best != kNoNode && is_paragraph_tag(dom.nodes[best].tag) && dom.nodes[best].parent != kNoNode)
        best = dom.nodes[best].parent;
    if (best == kNoNode || labelled == kNoNode) return best;

    const double page_prose = facts.subtree[0].good_chars;
    const double labelled_prose = facts.subtree[labelled].good_chars;
    if (labelled_prose < kLabelledBodyMinShare * page_prose) return best;
    if (contains(dom, labelled, best)) return labelled;
    if (contains(dom, best, labelled) && labelled_prose >= kLabelledBodyShareOfWinner * facts.subtree[best].good_chars)
        return labelled;
    return best;
}

}  // namespace gleaner::extract
