// MinHash signatures of shingle sets and their locality-sensitive band keys.
//
// A signature keeps, for each of `hashes` hash functions, the least value over the set's shingles; two
// sets agree in a slot with probability equal to their Jaccard similarity, so the share of equal slots
// estimates it. Cutting the signature into bands of rows and hashing each band gives keys that two
// signatures share when they agree on a whole band: similar texts share a key with high probability,
// unrelated ones almost never, so an index of keys finds the candidates in a few probes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace gleaner::stories {

// The signature of a set of 64-bit shingle hashes (shingles.h); `hashes` slots, at most 256
// (std::invalid_argument beyond). An empty set gives a signature of all 0xffffffff.
std::vector<std::uint32_t> minhash(std::span<const std::uint64_t> shingles, std::size_t hashes);

// One key per band of `signature.size() / bands` consecutive slots (bands must divide the size). The
// band's number is part of its key, so equal values in different bands do not meet.
std::vector<std::uint64_t> band_keys(std::span<const std::uint32_t> signature, std::size_t bands);

// The share of slots in which two signatures of the same size agree (0 when the sizes differ).
double estimated_jaccard(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b);

}  // namespace gleaner::stories
