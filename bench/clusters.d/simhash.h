// SimHash, the alternative bench/clusters measures against MinHash: one 64-bit value per text whose
// bits are the signs of the summed ±1 bit votes of its shingle hashes, compared by Hamming distance.
// Indexed by the pigeonhole principle: cut into `max_distance + 1` blocks, two values within that
// distance agree on at least one whole block, so each block is a key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace gleaner::bench {

std::uint64_t simhash(std::span<const std::uint64_t> shingles);

// One key per block (the block's number is part of the key).
std::vector<std::uint64_t> simhash_keys(std::uint64_t value, unsigned max_distance);

// 1 - Hamming distance / 64.
double simhash_similarity(std::uint64_t a, std::uint64_t b);

}  // namespace gleaner::bench
