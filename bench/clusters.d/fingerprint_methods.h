// The fingerprint configurations bench/clusters compares (MinHash shapes and SimHash distances over
// shingles of several widths) and how each one is judged on an evaluation set: two documents merge
// when they share an index key and their similarity reaches the threshold, as in the daemon.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "evaluation_set.h"

namespace gleaner::bench {

struct Method {
    bool minhash = true;
    std::size_t width = 2;    // words per shingle
    std::size_t hashes = 0;   // MinHash slots
    std::size_t bands = 0;    // MinHash bands (index keys)
    unsigned distance = 0;    // SimHash: largest Hamming distance the index finds
    std::string name() const;
};

struct ThresholdResult {
    double threshold = 0;
    double recall_well = 0;        // story pairs merged, of those with both documents extracted well
    double recall_all = 0;         // story pairs merged, of all
    std::size_t false_merges = 0;  // distinct pairs merged
    std::size_t same_topic_merges = 0;
};

struct MethodResult {
    std::vector<ThresholdResult> thresholds;
    double keys_per_document = 0;
    double false_candidates_per_10k = 0;  // distinct documents sharing a key, per lookup per 10,000 stored
    double microseconds_per_document = 0; // shingles, signature and keys of one document (words given)
    // Similarity quantiles of story pairs extracted well (1 %, 5 %, median) and the highest similarity
    // of a distinct pair where both documents were extracted well.
    double well_q01 = 0, well_q05 = 0, well_median = 0, distinct_well_max = 0;
    std::vector<DocumentPair> missed_well, merged_distinct_well;  // at the first threshold
};

MethodResult evaluate(const Method& method, const EvaluationSet& set, const std::vector<double>& thresholds,
                      std::size_t min_words);

}  // namespace gleaner::bench
