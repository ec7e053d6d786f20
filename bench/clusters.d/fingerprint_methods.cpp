#include "fingerprint_methods.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <unordered_map>

#include "simhash.h"
#include "stories/minhash.h"
#include "stories/shingles.h"

namespace gleaner::bench {
namespace {

struct Fingerprints {
    std::vector<std::vector<std::uint32_t>> signatures;  // MinHash
    std::vector<std::uint64_t> simhashes;                 // SimHash
    std::vector<std::vector<std::uint64_t>> keys;         // none for documents under min_words
};

Fingerprints fingerprint_all(const Method& m, const std::vector<Document>& docs, std::size_t min_words) {
    Fingerprints f;
    f.signatures.resize(docs.size());
    f.simhashes.resize(docs.size());
    f.keys.resize(docs.size());
    for (std::size_t i = 0; i < docs.size(); ++i) {
        if (docs[i].words.size() < min_words) continue;
        const auto shingles = stories::shingle_hashes(docs[i].words, m.width);
        if (m.minhash) {
            f.signatures[i] = stories::minhash(shingles, m.hashes);
            f.keys[i] = stories::band_keys(f.signatures[i], m.bands);
        } else {
            f.simhashes[i] = simhash(shingles);
            f.keys[i] = simhash_keys(f.simhashes[i], m.distance);
        }
    }
    return f;
}

double similarity(const Method& m, const Fingerprints& f, std::size_t i, std::size_t j) {
    return m.minhash ? stories::estimated_jaccard(f.signatures[i], f.signatures[j])
                     : simhash_similarity(f.simhashes[i], f.simhashes[j]);
}

// Pairs of documents sharing at least one key, each once.
std::set<DocumentPair> candidate_pairs(const Fingerprints& f) {
    std::unordered_map<std::uint64_t, std::vector<std::size_t>> index;
    for (std::size_t i = 0; i < f.keys.size(); ++i)
        for (auto k : f.keys[i]) index[k].push_back(i);
    std::set<DocumentPair> pairs;
    for (const auto& [key, docs] : index)
        for (std::size_t a = 0; a < docs.size(); ++a)
            for (std::size_t b = a + 1; b < docs.size(); ++b) pairs.insert({docs[a], docs[b]});
    return pairs;
}

double quantile(const std::vector<double>& sorted, double share) {
    if (sorted.empty()) return 0.0;
    return sorted[static_cast<std::size_t>(share * static_cast<double>(sorted.size() - 1))];
}

}  // namespace

std::string Method::name() const {
    const std::string w = "w" + std::to_string(width);
    if (!minhash) return "simhash " + w + " d" + std::to_string(distance);
    return "minhash " + w + " " + std::to_string(hashes) + "/" + std::to_string(bands);
}

MethodResult evaluate(const Method& m, const EvaluationSet& set, const std::vector<double>& thresholds,
                      std::size_t min_words) {
    const auto& docs = set.documents;
    MethodResult result;
    const auto started = std::chrono::steady_clock::now();
    const Fingerprints f = fingerprint_all(m, docs, min_words);
    result.microseconds_per_document =
        1e6 * std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() /
        static_cast<double>(docs.size());
    const auto candidates = candidate_pairs(f);

    std::size_t keys = 0;
    for (const auto& k : f.keys) keys += k.size();
    result.keys_per_document = static_cast<double>(keys) / static_cast<double>(docs.size());
    std::size_t false_candidates = 0;
    for (const auto& [i, j] : candidates) false_candidates += docs[i].story != docs[j].story;
    // Each distinct candidate pair is a false candidate for the lookup of either document.
    result.false_candidates_per_10k = 1e4 * 2.0 * static_cast<double>(false_candidates) /
                                      (static_cast<double>(docs.size()) * static_cast<double>(docs.size() - 1));

    auto both_well = [&](const DocumentPair& p) { return docs[p.first].extracted_well && docs[p.second].extracted_well; };
    for (double t : thresholds) {
        ThresholdResult r{t, 0, 0, 0, 0};
        std::size_t found = 0, found_well = 0;
        for (const auto& p : set.story_pairs) {
            const bool merged = candidates.count(p) && similarity(m, f, p.first, p.second) >= t;
            found += merged;
            found_well += merged && both_well(p);
            if (!merged && both_well(p) && t == thresholds.front()) result.missed_well.push_back(p);
        }
        for (const auto& p : candidates) {
            if (docs[p.first].story == docs[p.second].story || similarity(m, f, p.first, p.second) < t) continue;
            ++r.false_merges;
            r.same_topic_merges += set.same_topic.count(p);
            if (both_well(p) && t == thresholds.front()) result.merged_distinct_well.push_back(p);
        }
        r.recall_well = static_cast<double>(found_well) / static_cast<double>(std::max<std::size_t>(1, set.story_pairs_well));
        r.recall_all = static_cast<double>(found) / static_cast<double>(std::max<std::size_t>(1, set.story_pairs.size()));
        result.thresholds.push_back(r);
    }

    std::vector<double> well;
    for (const auto& p : set.story_pairs)
        if (both_well(p)) well.push_back(similarity(m, f, p.first, p.second));
    std::sort(well.begin(), well.end());
    result.well_q01 = quantile(well, 0.01);
    result.well_q05 = quantile(well, 0.05);
    result.well_median = quantile(well, 0.5);
    for (std::size_t i = 0; i < docs.size(); ++i) {
        if (!docs[i].extracted_well || f.keys[i].empty()) continue;
        for (std::size_t j = i + 1; j < docs.size(); ++j)
            if (docs[j].extracted_well && !f.keys[j].empty() && docs[i].story != docs[j].story)
                result.distinct_well_max = std::max(result.distinct_well_max, similarity(m, f, i, j));
    }
    return result;
}

}  // namespace gleaner::bench
