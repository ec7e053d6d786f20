// The demo pages the default configuration ships (config/demo/): each comes out with its whole story
// and none of the boilerplate around it (comment form, consent banner, related lists, share bars,
// footers, navigation).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "content_test_support.h"

namespace gleaner::extract {
namespace {

std::filesystem::path demo(const char* name) { return std::filesystem::path(GLEANER_SOURCE_DIR) / "config/demo" / name; }

void expect_story(const Article& article, const std::vector<std::string>& story, const std::vector<std::string>& junk) {
    for (const std::string& sentence : story)
        EXPECT_NE(article.text.find(sentence), std::string::npos) << "missing: " << sentence << "\n--- text:\n" << article.text;
    for (const std::string& line : junk)
        EXPECT_EQ(article.text.find(line), std::string::npos) << "kept: " << line << "\n--- text:\n" << article.text;
}

TEST(DemoPages, WordPressArticleLosesCommentFormAndScrollToTop) {
    const Article article = testing::extract_file(demo("harbour-ferry-returns.html"));
    expect_story(article,
                 {"The Kestrel Bay passenger ferry resumed its crossing to Gull Point on Thursday",
                  "Skipper Alun Pengelly said the first sailing, at a quarter past seven, carried thirty-one passengers",
                  "What changed over the winter",
                  "The harbour trust spent a little under two hundred thousand pounds on the refit",
                  "A replacement diesel engine with a quieter exhaust",
                  "A gangway wide enough for pushchairs and wheelchairs", "Racks for six bicycles on the open deck",
                  "We were told the old engine would not see another summer, and frankly it sounded like it.",
                  "Timetables are unchanged until the clocks go forward",
                  "The trust is still looking for two relief deckhands for the summer season."},
                 {"Leave a Comment", "Your email address will not be published", "Required fields are marked",
                  "Post Comment", "Save my name, email", "Scroll to Top", "Skip to content", "Share this",
                  "Facebook", "Tagged", "About Morwenna Tregaskis", "gets seasick", "Recent Posts",
                  "Lifeboat station announces", "published every Thursday", "Letters to the editor",
                  "Harbour ferry returns after winter refit", "By Morwenna", "14 March 2024"});
    EXPECT_EQ(article.title, "Harbour ferry returns after winter refit");
    EXPECT_EQ(article.authors, std::vector<std::string>{"Morwenna Tregaskis"});
    EXPECT_FALSE(article.partial);
}

TEST(DemoPages, ShortStoryLosesLongerConsentBannerRelatedListAndFooter) {
    const Article article = testing::extract_file(demo("library-late-opening.html"));
    expect_story(article,
                 {"Millbrook's central library will stay open until eight o'clock on Thursday evenings",
                  "The extra hours will be covered by two part-time staff and volunteers",
                  "Councillor Dafydd Hale, who chairs the culture committee, said footfall would be counted"},
                 {"We value your privacy", "cookies", "Accept all", "Manage options", "Share on Facebook",
                  "Related articles", "Library roof repairs finished", "Mobile library route",
                  "Get the Courier in your inbox", "Sign up", "Valley Newsgroup", "If you have a complaint",
                  "All rights reserved", "By Priya Raman", "Local Democracy Reporter", "Home"});
}

TEST(DemoPages, StorySplitAroundAdsAndNewsletterBoxComesOutWhole) {
    const Article article = testing::extract_file(demo("night-market-split-story.html"));
    expect_story(article,
                 {"After nine years in the multi-storey car park on Quay Street",
                  "The depot, empty since the last trams were withdrawn in 2011",
                  "We turned away more traders last year than we let in",
                  "The first market in the new building opens on 6 July",
                  "Neighbours on Ferry Road have asked for the market to close by eleven"},
                 {"Advertisement", "Sign up for the Riverside Morning", "Subscribe", "Most read",
                  "Bridge closure extended", "independent newsroom funded by its members", "Back to top",
                  "3 min read", "Tomasz Wielgosz"});
}

TEST(DemoPages, CommentThreadInDetailsAndFooterParagraphsAreLeftOut) {
    const Article article = testing::extract_file(demo("allotment-waiting-list.html"));
    expect_story(article,
                 {"Anyone joining the waiting list for an allotment in Eastholm can now expect a plot within eleven months",
                  "The parish council split forty-two full plots into half plots over the winter",
                  "Water and sheds", "Two new standpipes have been fitted at the Marsh Lane site",
                  "2019 | 31", "Applications can be made at the parish office or online."},
                 {"3 responses", "Gwen Farrant", "I waited nearly three years", "Half plots are fine for beginners",
                  "Does anyone know whether the new shed rule", "Reply", "written and edited by volunteers",
                  "Printed copies are free", "Tuesday 9 April 2024", "Parish council", "Gardening"});
}

}  // namespace
}  // namespace gleaner::extract
