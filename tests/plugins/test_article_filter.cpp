// Per-plugin filters: which articles an instance sees and which terms matched.
#include <gtest/gtest.h>

#include "plugins/article_filter.h"

using gleaner::config::PluginFilterConfig;
using gleaner::plugins::ArticleFilter;
using gleaner::plugins::FilterInput;

namespace {

FilterInput story(std::string_view title, std::string_view text, std::string_view source = "wire",
                  std::string_view language = "en", std::size_t words = 300) {
    return FilterInput{source, language, title, text, words};
}

}  // namespace

TEST(ArticleFilter, AnEmptyFilterAcceptsEverythingWithNoTerms) {
    ArticleFilter filter({});
    auto result = filter.accept(story("Anything", "at all"));
    ASSERT_TRUE(result);
    EXPECT_EQ(*result, "");
}

TEST(ArticleFilter, SelectsBySourceLanguageAndLength) {
    PluginFilterConfig config;
    config.sources = {"wire", "local"};
    config.languages = {"en", "de"};
    config.min_words = 100;
    ArticleFilter filter(config);
    EXPECT_TRUE(filter.accept(story("t", "x", "local", "de", 100)));
    EXPECT_FALSE(filter.accept(story("t", "x", "blogs", "en", 500)));
    EXPECT_FALSE(filter.accept(story("t", "x", "wire", "fr", 500)));
    EXPECT_FALSE(filter.accept(story("t", "x", "wire", "en", 99)));
    EXPECT_TRUE(filter.accept(story("t", "x", "wire", "en-GB", 100))) << "a primary tag accepts its regions";
    EXPECT_FALSE(filter.accept(story("t", "x", "wire", "eng", 100)));
}

TEST(ArticleFilter, DropDuplicatesRefusesCopiesOfAnEarlierStoryAndKeepTakesThem) {
    auto copy = story("Wire copy", "the same story, lightly edited");
    copy.copy = true;
    const auto original = story("Original", "the story as first stored");
    PluginFilterConfig drop;
    drop.duplicates = "drop";
    EXPECT_FALSE(ArticleFilter(drop).accept(copy));
    EXPECT_TRUE(ArticleFilter(drop).accept(original));
    EXPECT_TRUE(ArticleFilter(PluginFilterConfig{}).accept(copy)) << "keep is the default";
}

TEST(ArticleFilter, KeywordsMatchWholeWordsIgnoringCaseAndReportWhatMatched) {
    PluginFilterConfig config;
    config.keywords = {"flood", "earthquake"};
    ArticleFilter filter(config);
    auto hit = filter.accept(story("FLOOD warning", "An Earthquake followed the flood."));
    ASSERT_TRUE(hit);
    EXPECT_EQ(*hit, "flood,earthquake");
    EXPECT_FALSE(filter.accept(story("Floodlights installed", "at the stadium")))
        << "a keyword must not match inside a longer word";
}

TEST(ArticleFilter, RegularExpressionsMatchTitleOrText) {
    PluginFilterConfig config;
    config.patterns = {"(?i)storm (warning|watch)", "[0-9]+ dead"};
    ArticleFilter filter(config);
    auto hit = filter.accept(story("Storm Watch issued", "Officials said 3 dead."));
    ASSERT_TRUE(hit);
    EXPECT_EQ(*hit, "Storm Watch,3 dead");
    EXPECT_FALSE(filter.accept(story("Sunny", "All fine")));
}

TEST(ArticleFilter, ExclusionsWinOverMatches) {
    PluginFilterConfig config;
    config.keywords = {"election"};
    config.exclude_keywords = {"sponsored"};
    config.exclude_patterns = {"^Opinion:"};
    ArticleFilter filter(config);
    EXPECT_TRUE(filter.accept(story("Election results", "Counting goes on")));
    EXPECT_FALSE(filter.accept(story("Election results", "Sponsored content")));
    EXPECT_FALSE(filter.accept(story("Opinion: the election", "text")));
}

TEST(ArticleFilter, AnInvalidPatternIsAClearErrorNamingIt) {
    PluginFilterConfig config;
    config.patterns = {"(unclosed"};
    try {
        ArticleFilter filter(config);
        FAIL() << "expected an error";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("invalid pattern \"(unclosed\""), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("missing )"), std::string::npos) << e.what();
    }
}
