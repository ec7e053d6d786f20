// The documents bench/clusters judges fingerprints on: every corpus article extracted from its own page
// (the original) and wire copies of it (wire_copy.h) extracted from other sites' pages, with the pairs
// that are one story and the count of those that are not.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "corpus_articles.h"

namespace gleaner::bench {

struct Document {
    std::size_t article = 0;      // index into EvaluationSet::articles
    std::size_t story = 0;        // saves of one story (the same URL) share it
    bool copy = false;
    bool extracted_well = false;  // the extracted text is the story put in (word F1 >= 0.8)
    std::string text;             // as extracted
    std::vector<std::uint64_t> words;  // stories::word_hashes(text)
};

using DocumentPair = std::pair<std::size_t, std::size_t>;  // indexes into documents, first < second

struct EvaluationSet {
    std::vector<CorpusArticle> articles;
    std::vector<Document> documents;
    std::vector<DocumentPair> story_pairs;      // two documents of one story
    std::size_t story_pairs_well = 0;           // of which both were extracted well
    std::size_t distinct_pairs = 0;             // every other pair
    std::set<DocumentPair> same_topic;          // the 1,000 distinct pairs of originals sharing most words
    double same_topic_least = 0, same_topic_most = 0;  // their word-set Jaccard range
    double extract_seconds_per_page = 0;        // mean over the originals
    std::size_t donors = 0;                     // pages good enough to set copies into
    double mean_word_change = 0, mean_cut = 0;  // over the copies
};

EvaluationSet build_evaluation_set(std::vector<CorpusArticle> articles, int copies_per_article, std::uint64_t seed);

}  // namespace gleaner::bench
