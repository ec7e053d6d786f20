// The boilerplate knowledge base: every table compiles, class/id values name the regions they should
// (and layout classes that merely contain a word do not), and lines are recognised by their text.
#include <gtest/gtest.h>
#include <gumbo.h>

#include <string>

#include "extract/content/boilerplate_patterns.h"

namespace gleaner::extract {
namespace {

std::uint32_t regions(const char* class_and_id) { return match_class_and_id(std::string(" ") + class_and_id + " "); }

TEST(ClassIdPatterns, NameTheRegionsOfCommonMarkup) {
    EXPECT_TRUE(regions("comments-area") & kRegionComments);
    EXPECT_TRUE(regions("comment-respond") & kRegionComments);
    EXPECT_TRUE(regions("sharedaddy sd-sharing-enabled") & kRegionShare);
    EXPECT_TRUE(regions("related-posts") & kRegionRelated);
    EXPECT_TRUE(regions("most-popular") & kRegionRelated);
    EXPECT_TRUE(regions("newsletter-signup") & kRegionNewsletter);
    EXPECT_TRUE(regions("cookie-consent") & kRegionConsent);
    EXPECT_TRUE(regions("ad-slot top-ad") & kRegionAdvert);
    EXPECT_TRUE(regions("breadcrumbs") & kRegionNavigation);
    EXPECT_TRUE(regions("tag-cloud") & kRegionTags);
    EXPECT_TRUE(regions("author-bio") & kRegionAuthorBio);
    EXPECT_TRUE(regions("entry-meta") & kRegionByline);
    EXPECT_TRUE(regions("site-footer") & kRegionFooter);
    EXPECT_TRUE(regions("widget-area") & kRegionSidebar);
    EXPECT_TRUE(regions("screen-reader-text") & kRegionHidden);
    EXPECT_TRUE(regions("wp-caption-text") & kRegionCaption);
    EXPECT_TRUE(regions("paywall") & kRegionPaywall);
    EXPECT_TRUE(regions("article-body") & kRegionArticleBody);
    EXPECT_TRUE(regions("entry-content") & kRegionArticleBody);
    EXPECT_TRUE(regions("twitter-tweet") & kRegionQuote);
}

TEST(ClassIdPatterns, WordsInsideOtherWordsNameNothing) {
    EXPECT_FALSE(regions("commentary-body") & kRegionComments);  // an opinion piece
    EXPECT_FALSE(regions("header read-time") & kRegionAdvert);   // "ad" inside words
    EXPECT_FALSE(regions("subscriber-content") & kRegionNewsletter);
    EXPECT_FALSE(regions("hidden-xs") & kRegionHidden);  // responsive helper, visible on large screens
}

TEST(RoleAndTagRules, NameRegions) {
    EXPECT_EQ(regions_of_role("navigation"), kRegionNavigation);
    EXPECT_EQ(regions_of_role("contentinfo"), kRegionFooter);
    EXPECT_EQ(regions_of_itemprop("articlebody"), kRegionArticleBody);
    EXPECT_EQ(regions_of_tag(GUMBO_TAG_NAV), kRegionNavigation);
    EXPECT_EQ(regions_of_tag(GUMBO_TAG_P), kRegionNone);
}

TEST(LinePatterns, RecogniseBoilerplateLines) {
    for (const char* line : {"Advertisement", "Scroll to Top", "Share this:",
                             "Your email address will not be published. Required fields are marked *",
                             "Sign up for our newsletter", "The Associated Press", "Filed under: Politics"})
        EXPECT_EQ(classify_line(line), LineKind::boilerplate) << line;
}

TEST(LinePatterns, RecogniseHeadingsThatEndTheStory) {
    EXPECT_EQ(classify_line("Related Articles"), LineKind::related_heading);
    EXPECT_EQ(classify_line("You may also like"), LineKind::related_heading);
    EXPECT_EQ(classify_line("Most read"), LineKind::related_heading);
    EXPECT_EQ(classify_line("Tags: politics, budget"), LineKind::related_heading);
    EXPECT_EQ(classify_line("Leave a Comment"), LineKind::comments_heading);
    EXPECT_EQ(classify_line("Самые популярные диеты"), LineKind::related_heading);
    EXPECT_EQ(classify_line("3 Responses"), LineKind::comments_heading);
    EXPECT_EQ(classify_line("12 thoughts on “Harbour ferry returns”"), LineKind::comments_heading);
    EXPECT_EQ(classify_line("Kommentare"), LineKind::comments_heading);
}

TEST(LinePatterns, RecogniseBylinesDatelinesAndPaywallPrompts) {
    EXPECT_EQ(classify_line("By Jane Doe"), LineKind::metadata);
    EXPECT_EQ(classify_line("Nov. 19, 2019 5:00 PM ET"), LineKind::metadata);
    EXPECT_EQ(classify_line("Subscribe to continue reading"), LineKind::paywall);
    EXPECT_EQ(classify_line("Already a subscriber? Log in"), LineKind::paywall);
}

TEST(LinePatterns, StoryLinesAndLongParagraphsAreStory) {
    EXPECT_EQ(classify_line("The council voted to close the library."), LineKind::story);
    const std::string long_paragraph(kMaxLineLength + 1, 'a');
    EXPECT_EQ(classify_line(long_paragraph + " Share this"), LineKind::story);
}

}  // namespace
}  // namespace gleaner::extract
