#include "simhash.h"

#include <array>
#include <bit>

namespace gleaner::bench {

std::uint64_t simhash(std::span<const std::uint64_t> shingles) {
    std::array<std::int64_t, 64> votes{};
    for (std::uint64_t h : shingles)
        for (unsigned bit = 0; bit < 64; ++bit) votes[bit] += ((h >> bit) & 1u) ? 1 : -1;
    std::uint64_t value = 0;
    for (unsigned bit = 0; bit < 64; ++bit)
        if (votes[bit] > 0) value |= std::uint64_t{1} << bit;
    return value;
}

std::vector<std::uint64_t> simhash_keys(std::uint64_t value, unsigned max_distance) {
    const unsigned blocks = max_distance + 1;
    std::vector<std::uint64_t> keys;
    unsigned start = 0;
    for (unsigned block = 0; block < blocks; ++block) {
        const unsigned end = 64 * (block + 1) / blocks;
        const std::uint64_t mask = end - start == 64 ? ~std::uint64_t{0} : ((std::uint64_t{1} << (end - start)) - 1);
        keys.push_back((std::uint64_t{block} << 56) ^ ((value >> start) & mask));
        start = end;
    }
    return keys;
}

double simhash_similarity(std::uint64_t a, std::uint64_t b) {
    return 1.0 - static_cast<double>(std::popcount(a ^ b)) / 64.0;
}

}  // namespace gleaner::bench
