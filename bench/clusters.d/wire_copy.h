// Wire copies for bench/clusters: the same story as another outlet runs it. The story's paragraphs are
// edited the way syndication edits them (a few words changed, a credit line added, the last paragraphs
// cut) and set into another site's page in place of that site's own story, so the copy carries the
// other site's boilerplate (navigation, headline, captions, related links, footer).
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "corpus_articles.h"

namespace gleaner::bench {

struct CopyEdits {
    double word_change_rate = 0;  // share of words substituted, deleted or inserted (1-5 %)
    double cut_share = 0;         // share of the story's words in the cut last paragraphs
    std::string credit;           // the credit line added
};

struct EditedStory {
    std::vector<std::string> paragraphs;
    CopyEdits edits;
};

// `vocabulary` supplies replacement and inserted words; `credit_site` names the outlet in the credit.
EditedStory edit_story(const std::vector<std::string>& paragraphs, const std::vector<std::string>& vocabulary,
                       const std::string& credit_site, std::mt19937_64& rng);

// `donor`'s page with its story removed (the innermost blocks whose text is all part of its annotated
// story) and `paragraphs` put where the first of them stood. nullopt when less than 90 % of the donor's
// story can be removed that way (the copy would hold two stories). JSON-LD of the donor's story gets ours as its articleBody.
std::optional<std::string> set_into_page(const CorpusArticle& donor, const std::vector<std::string>& paragraphs);

}  // namespace gleaner::bench
