// Words and shingles: what counts as a word in several scripts, and how shingles are formed.
#include <gtest/gtest.h>

#include "stories/shingles.h"

namespace gleaner::stories {
namespace {

TEST(WordHashes, IgnoreCaseAndPunctuationAndSpacing) {
    EXPECT_EQ(word_hashes("The  council, on Monday, VOTED."), word_hashes("the council on monday voted"));
    EXPECT_EQ(word_hashes("the council on monday voted").size(), 5u);
}

TEST(WordHashes, LowerCaseOtherScripts) {
    EXPECT_EQ(word_hashes("ГОРОД Straße ÉTÉ"), word_hashes("город straße été"));
    EXPECT_EQ(word_hashes("Наши герои знают толк").size(), 4u);
}

TEST(WordHashes, CurlyQuotesAndDashesSeparateWords) {
    EXPECT_EQ(word_hashes("“Yes”—she said"), word_hashes("yes she said"));
}

TEST(WordHashes, EachHanOrKanaCharacterIsAWord) {
    EXPECT_EQ(word_hashes("東京都の知事").size(), 6u);
    EXPECT_EQ(word_hashes("東京 都"), word_hashes("東京都"));
    // Hangul is written with spaces: its syllables join into words.
    EXPECT_EQ(word_hashes("서울시 시장").size(), 2u);
}

TEST(WordHashes, CombiningMarksStayInsideWords) {
    EXPECT_EQ(word_hashes("नमस्ते दुनिया").size(), 2u);
}

TEST(WordHashes, InvalidUtf8SeparatesWords) {
    EXPECT_EQ(word_hashes("one\xff" "two"), word_hashes("one two"));
    EXPECT_TRUE(word_hashes("").empty());
    EXPECT_TRUE(word_hashes(" ,;\xff ").empty());
}

TEST(ShingleHashes, OneShinglePerRunOfWordsSortedAndDistinct) {
    const auto words = word_hashes("a b c a b c");
    const auto shingles = shingle_hashes(words, 2);  // ab bc ca ab bc -> 3 distinct
    EXPECT_EQ(shingles.size(), 3u);
    EXPECT_TRUE(std::is_sorted(shingles.begin(), shingles.end()));
}

TEST(ShingleHashes, OrderOfWordsMatters) {
    EXPECT_NE(shingle_hashes(word_hashes("dog bites man"), 2), shingle_hashes(word_hashes("man bites dog"), 2));
}

TEST(ShingleHashes, ShortTextIsOneShingle) {
    EXPECT_EQ(shingle_hashes(word_hashes("alone"), 3).size(), 1u);
    EXPECT_TRUE(shingle_hashes({}, 3).empty());
    EXPECT_TRUE(shingle_hashes(word_hashes("some words"), 0).empty());
}

}  // namespace
}  // namespace gleaner::stories
