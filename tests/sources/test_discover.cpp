// test_discover.cpp — discover_feeds on a page that announces feeds, and the common feed paths.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "fixtures.h"
#include "sources/discover.h"
#include "sources/url.h"

namespace gleaner::sources {
namespace {

using testing::read_fixture;

TEST(DiscoverFeeds, FindsAnnouncedRssAtomAndJsonFeedsResolvedAndDeduplicated) {
  const std::vector<std::string> feeds =
      discover_feeds(read_fixture("discover.html"), "https://herald.example.com/news/");
  EXPECT_EQ(feeds, (std::vector<std::string>{
                       "https://herald.example.com/feed/",
                       "https://herald.example.com/atom.xml",
                       "https://herald.example.com/news/comments/feed/",
                       "https://herald.example.com/feed.json",
                       "https://feeds.feedservice.example/herald",
                   }));
}

TEST(DiscoverFeeds, UsesBaseHref) {
  const char* html = R"(<html><head><base href="https://cdn.example.com/site/">
    <link rel="alternate" type="application/atom+xml" href="atom.xml"></head></html>)";
  EXPECT_EQ(discover_feeds(html, "https://www.example.com/"),
            std::vector<std::string>{"https://cdn.example.com/site/atom.xml"});
}

TEST(DiscoverFeeds, FindsNothingWhenNoFeedIsAnnounced) {
  EXPECT_TRUE(
      discover_feeds("<html><head><title>x</title></head></html>", "https://x.example/").empty());
}

TEST(CommonFeedPaths, AreDistinctRootPathsIncludingTheUsualOnes) {
  const std::vector<std::string>& paths = common_feed_paths();
  const std::set<std::string> distinct(paths.begin(), paths.end());
  EXPECT_EQ(distinct.size(), paths.size());
  for (const char* usual : {"/feed", "/rss", "/rss.xml", "/atom.xml", "/feed.xml", "/index.xml"}) {
    EXPECT_TRUE(distinct.count(usual)) << usual;
  }
  for (const std::string& path : paths) {
    EXPECT_EQ(path.front(), '/') << path;
    const auto url = resolve_url("https://site.example.com/section/page.html", path);
    ASSERT_TRUE(url.has_value()) << path;
    EXPECT_EQ(*url, "https://site.example.com" + path);
  }
}

}  // namespace
}  // namespace gleaner::sources
