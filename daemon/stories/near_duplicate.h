// Story fingerprints as the daemon stores and compares them: MinHash over word shingles (shingles.h,
// minhash.h) with fixed parameters, chosen by bench/clusters (see the README's "Stories" section).
// A stored article keeps `keys` in the crawl state's index and `signature` as an opaque blob; a new
// article's candidates are the stored ones sharing any key, and `similarity` decides which are copies.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gleaner::stories {

inline constexpr std::size_t kShingleWords = 2;       // words per shingle
inline constexpr std::size_t kHashes = 96;            // MinHash slots
inline constexpr std::size_t kBands = 32;             // index keys, bands of kHashes / kBands = 3 slots
inline constexpr std::size_t kMinWords = 20;          // shorter texts get no fingerprint
inline constexpr double kDefaultNearThreshold = 0.3;  // dedup.near_threshold's default

struct StoryFingerprint {
    std::vector<std::uint64_t> keys;  // LSH band keys
    std::string signature;            // version byte, then kHashes little-endian uint32 slots
};

// nullopt when `text` has fewer than kMinWords words: too little to tell a copy from a coincidence.
std::optional<StoryFingerprint> story_fingerprint(std::string_view text);

// Estimated Jaccard similarity of the two texts' shingle sets, 0..1; 0 when either signature is not a
// well-formed one of this version.
double similarity(std::string_view signature_a, std::string_view signature_b);

}  // namespace gleaner::stories
