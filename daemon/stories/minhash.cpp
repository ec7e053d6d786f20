#include "stories/minhash.h"

#include <xxhash.h>

#include <array>
#include <limits>
#include <stdexcept>

namespace gleaner::stories {
namespace {

// The i-th hash function is x -> high 32 bits of (a_i * x + b_i) mod 2^64 with odd a_i (multiply-shift
// hashing); the shingles are already uniform 64-bit hashes, so this is as good as a fresh hash per slot
// at a fraction of the cost. The coefficients must never change: stored signatures depend on them.
constexpr std::size_t kMaxHashes = 256;

struct Coefficients {
    std::array<std::uint64_t, kMaxHashes> a, b;
};

const Coefficients& coefficients() {
    static const Coefficients table = [] {
        static constexpr char kSeed[] = "gleaner-minhash";
        Coefficients c{};
        for (std::size_t i = 0; i < kMaxHashes; ++i) {
            c.a[i] = XXH3_64bits_withSeed(kSeed, sizeof kSeed - 1, 2 * i) | 1u;
            c.b[i] = XXH3_64bits_withSeed(kSeed, sizeof kSeed - 1, 2 * i + 1);
        }
        return c;
    }();
    return table;
}

// The AVX2 clone is picked by an ifunc resolver while the program is relocated, before
// ThreadSanitizer's runtime is up: instrumented, that resolver crashes every TSan binary at start,
// so TSan builds keep the generic version only.
#if defined(__SANITIZE_THREAD__)
#define GLEANER_AVX2_CLONE
#else
#define GLEANER_AVX2_CLONE __attribute__((target_clones("avx2", "default")))
#endif

// Shingles outside, slots inside: the inner loop runs over arrays and vectorises; built for AVX2 too
// (three times faster), picked at load time where the CPU has it.
GLEANER_AVX2_CLONE void fold_minima(std::span<const std::uint64_t> shingles, const std::uint64_t* a,
                                    const std::uint64_t* b, std::uint32_t* minima, std::size_t hashes) {
    for (std::uint64_t shingle : shingles)
        for (std::size_t i = 0; i < hashes; ++i) {
            const auto value = static_cast<std::uint32_t>((a[i] * shingle + b[i]) >> 32);
            minima[i] = value < minima[i] ? value : minima[i];
        }
}

}  // namespace

std::vector<std::uint32_t> minhash(std::span<const std::uint64_t> shingles, std::size_t hashes) {
    if (hashes > kMaxHashes) throw std::invalid_argument("a MinHash signature has at most 256 slots");
    std::vector<std::uint32_t> signature(hashes, std::numeric_limits<std::uint32_t>::max());
    const Coefficients& c = coefficients();
    fold_minima(shingles, c.a.data(), c.b.data(), signature.data(), hashes);
    return signature;
}

std::vector<std::uint64_t> band_keys(std::span<const std::uint32_t> signature, std::size_t bands) {
    std::vector<std::uint64_t> keys;
    if (bands == 0) return keys;
    const std::size_t rows = signature.size() / bands;
    keys.reserve(bands);
    for (std::size_t band = 0; band < bands; ++band)
        keys.push_back(XXH3_64bits_withSeed(signature.data() + band * rows, rows * sizeof(std::uint32_t), band));
    return keys;
}

double estimated_jaccard(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) {
    if (a.size() != b.size() || a.empty()) return 0.0;
    std::size_t equal = 0;
    for (std::size_t i = 0; i < a.size(); ++i) equal += a[i] == b[i];
    return static_cast<double>(equal) / static_cast<double>(a.size());
}

}  // namespace gleaner::stories
