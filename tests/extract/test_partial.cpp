// Pages that show only part of their story: the teaser still comes out as text, and the article says
// it is partial and why (paywall in the structured data, a subscription prompt, a cut-off teaser).
// Full stories are not flagged.
#include <gtest/gtest.h>

#include <string>

#include "content_test_support.h"

namespace gleaner::extract {
namespace {

using testing::extract_file;
using testing::fixture;

TEST(PartialStory, NotFreeInJsonLdIsPartialWithTheTeaserAsText) {
    const Article article = extract_file(fixture("content/paywall-not-free.html"));
    EXPECT_TRUE(article.partial);
    EXPECT_NE(article.partial_reason.find("paywall"), std::string::npos) << article.partial_reason;
    EXPECT_NE(article.text.find("the stumps of the old pier have stood in the bay"), std::string::npos) << article.text;
    EXPECT_EQ(article.text.find("Subscribe to continue reading"), std::string::npos) << article.text;
}

TEST(PartialStory, SubscriptionPromptAfterTeaserIsPartialAndDropped) {
    const Article article = extract_file(fixture("content/teaser-subscribe-prompt.html"));
    EXPECT_TRUE(article.partial);
    EXPECT_NE(article.partial_reason.find("subscription prompt"), std::string::npos) << article.partial_reason;
    EXPECT_NE(article.text.find("When the Halden brewery opened its gates in 1868"), std::string::npos);
    EXPECT_EQ(article.text.find("Already a subscriber"), std::string::npos) << article.text;
    EXPECT_EQ(article.text.find("Subscribe now"), std::string::npos) << article.text;
}

TEST(PartialStory, TeaserCutOffWithEllipsisIsPartial) {
    const Article article = extract_file(fixture("content/teaser-truncated.html"));
    EXPECT_TRUE(article.partial);
    EXPECT_NE(article.partial_reason.find("truncated"), std::string::npos) << article.partial_reason;
    EXPECT_NE(article.text.find("Council tax in the borough will rise"), std::string::npos) << article.text;
}

TEST(PartialStory, ShortTextInsidePaywallMarkupIsPartial) {
    const Article article = extract(
        "<html><body><article><h1>Harbour sale</h1><p>The harbour board has agreed to sell the old fish market to a "
        "developer, ending a century of public ownership.</p><div class=\"paywall-prompt\"><p>Become a member for one "
        "pound a week.</p></div></article></body></html>",
        ExtractOptions{});
    EXPECT_TRUE(article.partial);
    EXPECT_NE(article.partial_reason.find("paywall"), std::string::npos) << article.partial_reason;
    EXPECT_EQ(article.text.find("Become a member"), std::string::npos) << article.text;
}

TEST(PartialStory, LongStoryOnAPagePaywalledInJsonLdIsNotPartial) {
    std::string story;
    for (int i = 0; i < 16; ++i)
        story += "<p>Paragraph " + std::to_string(i) + " of a long story that a metered site sends whole, with enough "
                 "words in it to read like the real thing, and a second sentence for good measure.</p>";
    const Article article = extract(
        "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Long\","
        "\"isAccessibleForFree\":false}</script></head><body><article>" + story + "</article></body></html>",
        ExtractOptions{});
    EXPECT_GT(article.text.size(), 2000u);
    EXPECT_FALSE(article.partial) << article.partial_reason;
}

TEST(PartialStory, CompleteStoriesAreNotPartial) {
    for (const char* page : {"content/split-story-between-ads.html", "content/lists-and-table.html",
                             "content/comments-in-section.html"}) {
        const Article article = extract_file(fixture(page));
        EXPECT_FALSE(article.partial) << page << ": " << article.partial_reason;
        EXPECT_TRUE(article.partial_reason.empty()) << page;
    }
}

}  // namespace
}  // namespace gleaner::extract
