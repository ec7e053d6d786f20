// Story fingerprints: an edited wire copy of a story matches it, another story on the same topic does
// not, and stored signatures stay comparable across releases.
#include <gtest/gtest.h>

#include <algorithm>

#include "stories/near_duplicate.h"
#include "stories/story_match.h"
#include "story_texts.h"

namespace gleaner::stories {
namespace {

bool share_a_key(const StoryFingerprint& a, const StoryFingerprint& b) {
    return std::any_of(a.keys.begin(), a.keys.end(),
                       [&](std::uint64_t k) { return std::find(b.keys.begin(), b.keys.end(), k) != b.keys.end(); });
}

TEST(StoryFingerprint, AnEditedWireCopyMatchesTheStory) {
    const auto story = story_fingerprint(kStory);
    const auto copy = story_fingerprint(kWireCopy);
    ASSERT_TRUE(story && copy);
    EXPECT_TRUE(share_a_key(*story, *copy));
    EXPECT_GE(similarity(story->signature, copy->signature), kDefaultNearThreshold) << similarity(story->signature, copy->signature);
}

TEST(StoryFingerprint, AnotherStoryOnTheSameTopicDoesNotMatch) {
    const auto story = story_fingerprint(kStory);
    const auto other = story_fingerprint(kSameTopic);
    ASSERT_TRUE(story && other);
    EXPECT_LT(similarity(story->signature, other->signature), kDefaultNearThreshold / 2);
}

TEST(StoryFingerprint, TheSameTextIsIdentical) {
    const auto a = story_fingerprint(kStory);
    const auto b = story_fingerprint(kStory);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->keys, b->keys);
    EXPECT_DOUBLE_EQ(similarity(a->signature, b->signature), 1.0);
    EXPECT_EQ(a->keys.size(), kBands);
}

TEST(StoryFingerprint, ShortTextsGetNone) {
    EXPECT_FALSE(story_fingerprint("Breaking: more soon."));
    EXPECT_FALSE(story_fingerprint(""));
}

TEST(StoryFingerprint, MalformedOrForeignSignaturesCompareAsZero) {
    const auto a = story_fingerprint(kStory);
    ASSERT_TRUE(a);
    std::string other_version = a->signature;
    other_version[0] = static_cast<char>(other_version[0] + 1);
    EXPECT_EQ(similarity(a->signature, other_version), 0.0);
    EXPECT_EQ(similarity(a->signature, a->signature.substr(1)), 0.0);
    EXPECT_EQ(similarity("", ""), 0.0);
}

// Stored signatures and keys are compared with new ones for as long as the dedup window lasts: any
// change to words, shingles, hashing or parameters must bump the signature version, and this test with it.
TEST(StoryFingerprint, KnownTextKeepsItsFingerprint) {
    const auto a = story_fingerprint(kStory);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->signature.size(), 1 + 4 * kHashes);
    EXPECT_EQ(a->signature[0], 1);
    EXPECT_EQ(a->keys.front(), 5853202633292654312u) << std::hex << a->keys.front();
    EXPECT_EQ(a->keys.back(), 5712665812563680825u) << std::hex << a->keys.back();
}

struct Stored {
    std::string signature;
    std::int64_t stored_ms = 0;
};

TEST(ClosestStory, TheMostSimilarCandidateAboveTheThresholdWins) {
    const auto story = story_fingerprint(kStory);
    const auto copy = story_fingerprint(kWireCopy);
    const auto other = story_fingerprint(kSameTopic);
    ASSERT_TRUE(story && copy && other);
    const std::vector<Stored> candidates{{other->signature, 1}, {copy->signature, 2}, {story->signature, 3}};
    EXPECT_EQ(closest_story(story->signature, candidates, kDefaultNearThreshold), std::optional<std::size_t>(2));
    EXPECT_EQ(closest_story(copy->signature, candidates, kDefaultNearThreshold), std::optional<std::size_t>(1));
    const std::vector<Stored> unrelated{{other->signature, 1}};
    EXPECT_EQ(closest_story(story->signature, unrelated, kDefaultNearThreshold), std::nullopt);
    EXPECT_EQ(closest_story(story->signature, std::vector<Stored>{}, kDefaultNearThreshold), std::nullopt);
}

TEST(ClosestStory, OnATieTheEarliestStoredWins) {
    const auto story = story_fingerprint(kStory);
    ASSERT_TRUE(story);
    const std::vector<Stored> candidates{{story->signature, 30}, {story->signature, 10}, {story->signature, 20}};
    EXPECT_EQ(closest_story(story->signature, candidates, kDefaultNearThreshold), std::optional<std::size_t>(1));
}

}  // namespace
}  // namespace gleaner::stories
