// Container choice: score(e) = prose(e) - kOtherTextCost * other_text(e), with a bonus for elements
// the markup names as the story body and a malus for teaser/card boxes. Pre-order scan, so on equal
// scores the outer element wins (it holds the same story text).
#include "extract/content_select.h"

#include "extract/boilerplate_patterns.h"

namespace gleaner::extract {
namespace {

// What one character of non-prose text (short lines, link lists, captions) costs a container,
// relative to one character of prose it gains. Tuned on the development half of the benchmark.
constexpr double kOtherTextCost = 0.3;
// Markup naming the element as the story body (itemprop=articleBody, class="article-body").
constexpr double kArticleBodyBonus = 1.15;
// Markup naming the element as a teaser or card.
constexpr double kWeakNegativeMalus = 0.8;

}  // namespace

std::uint32_t select_container(const Dom& dom, const PageFacts& facts) {
    std::uint32_t best = kNoNode;
    double best_score = 0.0;
    for (std::uint32_t i = 0; i < dom.size(); ++i) {
        const DomNode& node = dom.nodes[i];
        if (node.is_text) continue;
        if (facts.removed[i]) {
            i = node.subtree_end - 1;
            continue;
        }
        const TextStats& stats = facts.subtree[i];
        if (stats.chars == 0) {
            i = node.subtree_end - 1;
            continue;
        }
        double score = stats.good_chars - kOtherTextCost * (stats.chars - stats.good_chars);
        if (facts.regions[i] & kRegionArticleBody) score *= score > 0 ? kArticleBodyBonus : 1.0;
        if (facts.regions[i] & kRegionWeakNegative) score *= score > 0 ? kWeakNegativeMalus : 1.0;
        if (best == kNoNode || score > best_score) {
            best = i;
            best_score = score;
        }
    }
    return best;
}

}  // namespace gleaner::extract
