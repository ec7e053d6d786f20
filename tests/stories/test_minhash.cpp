// MinHash: signatures estimate Jaccard similarity; band keys meet exactly when a whole band agrees.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <stdexcept>

#include "stories/minhash.h"

namespace gleaner::stories {
namespace {

std::vector<std::uint64_t> spread(std::uint64_t from, std::uint64_t to) {
    std::vector<std::uint64_t> set;
    for (std::uint64_t i = from; i < to; ++i) set.push_back(i * 0x9E3779B97F4A7C15ull);  // distinct, well spread
    return set;
}

TEST(MinHash, EqualSetsHaveEqualSignatures) {
    const auto a = minhash(spread(0, 500), 96);
    EXPECT_EQ(a.size(), 96u);
    EXPECT_EQ(a, minhash(spread(0, 500), 96));
    EXPECT_DOUBLE_EQ(estimated_jaccard(a, a), 1.0);
}

TEST(MinHash, EstimatesJaccardSimilarity) {
    // Overlap 500 of 1500 elements: Jaccard 1/3.
    const double estimate = estimated_jaccard(minhash(spread(0, 1000), 256), minhash(spread(500, 1500), 256));
    EXPECT_NEAR(estimate, 1.0 / 3.0, 0.1);
    EXPECT_LT(estimated_jaccard(minhash(spread(0, 1000), 96), minhash(spread(1000, 2000), 96)), 0.05);
}

TEST(MinHash, SignaturesOfDifferentSizesDoNotCompare) {
    EXPECT_EQ(estimated_jaccard(minhash(spread(0, 10), 96), minhash(spread(0, 10), 64)), 0.0);
    EXPECT_EQ(estimated_jaccard({}, {}), 0.0);
}

TEST(MinHash, RefusesMoreSlotsThanItHasHashFunctions) {
    EXPECT_THROW(minhash(spread(0, 10), 257), std::invalid_argument);
}

TEST(BandKeys, OneKeyPerBandSharedExactlyWhenTheBandAgrees) {
    std::vector<std::uint32_t> a(12);
    std::iota(a.begin(), a.end(), 1u);
    auto b = a;
    b[5] = 99;  // band 1 of 4 (slots 3-5) differs
    const auto ka = band_keys(a, 4), kb = band_keys(b, 4);
    ASSERT_EQ(ka.size(), 4u);
    EXPECT_EQ(ka[0], kb[0]);
    EXPECT_NE(ka[1], kb[1]);
    EXPECT_EQ(ka[2], kb[2]);
    EXPECT_EQ(ka[3], kb[3]);
}

TEST(BandKeys, EqualValuesInDifferentBandsGiveDifferentKeys) {
    const std::vector<std::uint32_t> same(6, 7u);
    const auto keys = band_keys(same, 2);
    EXPECT_NE(keys[0], keys[1]);
}

}  // namespace
}  // namespace gleaner::stories
