// test_section.cpp — section_links on a front/section page: base href, same-site filter, fragments,
// de-duplication, include/exclude patterns.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "fixtures.h"
#include "sources/section.h"

namespace gleaner::sources {
namespace {

using testing::read_fixture;
using Links = std::vector<std::string>;

constexpr const char* kPage = "https://www.tribune-example.co.uk/world/";

TEST(SectionLinks, KeepsSameSiteHttpLinksInPageOrderWithoutDuplicates) {
  const Links links = section_links(read_fixture("section.html"), kPage, {}, {});
  EXPECT_EQ(links, (Links{
                       "https://www.tribune-example.co.uk/",
                       "https://www.tribune-example.co.uk/world/",
                       "https://accounts.tribune-example.co.uk/login",
                       "https://www.tribune-example.co.uk/world/2024/05/01/talks-resume",
                       "https://www.tribune-example.co.uk/world/2024/04/30/floods-north?ref=home",
                       "https://www.tribune-example.co.uk/world/2024/04/29/election-night",
                       "https://live.tribune-example.co.uk/world/2024/04/29/live-blog",
                       "http://www.tribune-example.co.uk/world/2024/04/28/old-scheme",
                       "https://www.tribune-example.co.uk/video/2024/04/27/clip",
                       "https://www.tribune-example.co.uk/world/2024/04/26/padded",
                       "https://www.tribune-example.co.uk/world/tag/geneva",
                       "https://www.tribune-example.co.uk/about",
                   }));
}

TEST(SectionLinks, ResolvesAgainstBaseHrefNotThePageUrl) {
  // The page was fetched at another URL; its <base href> decides where relative links point.
  const Links links = section_links(read_fixture("section.html"),
                                    "https://www.tribune-example.co.uk/index.php?section=world",
                                    {"talks-resume"}, {});
  EXPECT_EQ(links, Links{"https://www.tribune-example.co.uk/world/2024/05/01/talks-resume"});
}

TEST(SectionLinks, ResolvesAgainstThePageUrlWithoutBaseHref) {
  const char* html = R"(<html><body>
    <a href="story-1.html">One</a> <a href="../other/story-2.html#x">Two</a>
    <a href="https://elsewhere.example.org/3">Three</a></body></html>)";
  EXPECT_EQ(section_links(html, "https://site.example.com/news/index.html", {}, {}),
            (Links{"https://site.example.com/news/story-1.html",
                   "https://site.example.com/other/story-2.html"}));
}

TEST(SectionLinks, KeepsLinksMatchingAnyIncludePattern) {
  const Links links =
      section_links(read_fixture("section.html"), kPage, {R"(/\d{4}/\d\d/\d\d/)", "/tag/"}, {});
  EXPECT_EQ(links, (Links{
                       "https://www.tribune-example.co.uk/world/2024/05/01/talks-resume",
                       "https://www.tribune-example.co.uk/world/2024/04/30/floods-north?ref=home",
                       "https://www.tribune-example.co.uk/world/2024/04/29/election-night",
                       "https://live.tribune-example.co.uk/world/2024/04/29/live-blog",
                       "http://www.tribune-example.co.uk/world/2024/04/28/old-scheme",
                       "https://www.tribune-example.co.uk/video/2024/04/27/clip",
                       "https://www.tribune-example.co.uk/world/2024/04/26/padded",
                       "https://www.tribune-example.co.uk/world/tag/geneva",
                   }));
}

TEST(SectionLinks, DropsLinksMatchingAnyExcludePattern) {
  const Links links = section_links(read_fixture("section.html"), kPage, {R"(/\d{4}/\d\d/\d\d/)"},
                                    {"/video/", R"(^https?://live\.)", "^http:"});
  EXPECT_EQ(links, (Links{
                       "https://www.tribune-example.co.uk/world/2024/05/01/talks-resume",
                       "https://www.tribune-example.co.uk/world/2024/04/30/floods-north?ref=home",
                       "https://www.tribune-example.co.uk/world/2024/04/29/election-night",
                       "https://www.tribune-example.co.uk/world/2024/04/26/padded",
                   }));
}

TEST(SectionLinks, RejectsInvalidPatternsNamingThem) {
  try {
    section_links("<a href='/x'>x</a>", kPage, {"(unclosed"}, {});
    FAIL() << "an invalid pattern was accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("(unclosed"), std::string::npos) << error.what();
  }
  EXPECT_TRUE(pattern_error("(unclosed").has_value());
  EXPECT_FALSE(pattern_error(R"(/news/\d+)").has_value());
}

TEST(SectionLinks, FindsNothingInAPageWithoutLinks) {
  EXPECT_TRUE(section_links("<html><body><p>No links</p></body></html>", kPage, {}, {}).empty());
  EXPECT_TRUE(section_links("", kPage, {}, {}).empty());
}

}  // namespace
}  // namespace gleaner::sources
