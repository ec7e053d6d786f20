// Story fingerprints: an edited wire copy of a story matches it, another story on the same topic does
// not, and stored signatures stay comparable across releases.
#include <gtest/gtest.h>

#include <algorithm>

#include "stories/near_duplicate.h"
#include "stories/story_match.h"

namespace gleaner::stories {
namespace {

const char* const kStory =
    "The river burst its banks early on Tuesday, flooding the lower town and forcing more than two hundred "
    "families from their homes before dawn.\n\n"
    "Emergency crews used boats to reach residents trapped on upper floors, and the regional council opened "
    "the sports hall and two schools as shelters for the night.\n\n"
    "\"We have never seen the water rise this fast,\" said the mayor, who spent the morning at the command post "
    "by the old bridge. \"Our priority is that everyone is safe and accounted for.\"\n\n"
    "Forecasters had warned on Sunday that three days of heavy rain in the hills would swell the river, but "
    "the peak arrived six hours earlier than the models predicted.\n\n"
    "The railway line to the coast was closed after a section of embankment collapsed near the station, and "
    "engineers said repairs could take at least a week.\n\n"
    "Farmers in the valley reported losing livestock and stored grain, and the agriculture ministry said it "
    "would assess the damage once the water receded.\n\n"
    "The council has asked residents not to return to their homes until the electricity company has checked "
    "every building in the flooded streets.";

// The same story as another outlet runs it: a dateline, a few words changed, the last paragraph cut,
// a credit line and a newsletter prompt added.
const char* const kWireCopy =
    "RIVERTON (Wire) — The river burst its banks early Tuesday, flooding the lower town and forcing more than "
    "200 families from their homes before dawn.\n\n"
    "Emergency crews used boats to reach residents trapped on upper floors, and the regional council opened "
    "the sports hall and two schools as shelters overnight.\n\n"
    "\"We have never seen the water rise this fast,\" said the mayor, who spent the morning at the command post "
    "by the old bridge. \"Our priority is that everyone is safe and accounted for.\"\n\n"
    "Forecasters had warned on Sunday that three days of heavy rain in the hills would swell the river, but "
    "the peak came six hours earlier than models predicted.\n\n"
    "The railway line to the coast was closed after a section of embankment collapsed near the station, and "
    "engineers said repairs could take at least a week.\n\n"
    "Farmers in the valley reported losing livestock and stored grain, and the agriculture ministry said it "
    "would assess the damage once the water receded.\n\n"
    "Reporting by the Wire staff; editing by the news desk.\n\n"
    "Sign up for our morning newsletter.";

// Another story on the same flood, written separately.
const char* const kSameTopic =
    "Residents of the lower town began clearing mud from their houses on Thursday as the flood water finally "
    "drained away from the streets along the river.\n\n"
    "Volunteers from neighbouring villages brought shovels, pumps and food, and the regional council said the "
    "shelters in the sports hall and the schools would stay open until the weekend.\n\n"
    "Insurance companies have set up a desk at the town hall, where families can register damage to their homes "
    "and cars. Many farmers in the valley are still counting the cost of lost livestock and grain.\n\n"
    "The mayor said the town would ask the government for emergency funds and for a study of flood defences "
    "before the next rainy season, after the river rose faster than forecasters had predicted.\n\n"
    "The railway to the coast remains closed while engineers rebuild the embankment near the station.";

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
