// test_sitemap.cpp — parse_sitemap on urlsets, sitemap indexes, Google News sitemaps, gzip bodies
// (and gzip bombs), text sitemaps and feeds offered as sitemaps.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fixtures.h"
#include "sources/feed.h"
#include "sources/gzip.h"
#include "sources/sitemap.h"

namespace gleaner::sources {
namespace {

using testing::read_fixture;

std::vector<std::string> urls_of(const std::vector<Entry>& entries) {
  std::vector<std::string> urls;
  for (const Entry& entry : entries) urls.push_back(entry.url);
  return urls;
}

TEST(SitemapUrlset, ReadsLocAndLastmodOfHttpUrls) {
  const SitemapResult sitemap =
      parse_sitemap(read_fixture("sitemap_urlset.xml"), "https://www.example.com/sitemap.xml");
  EXPECT_EQ(sitemap.error, "");
  EXPECT_TRUE(sitemap.sitemaps.empty());
  EXPECT_EQ(urls_of(sitemap.urls),
            (std::vector<std::string>{"https://www.example.com/politics/budget-vote",
                                      "https://www.example.com/sport/final?id=7&lang=en",
                                      "https://www.example.com/culture/opera"}));
  EXPECT_EQ(sitemap.urls[0].published_iso, "2024-05-01T00:00:00Z");
  EXPECT_EQ(sitemap.urls[1].published_iso, "2024-04-30T18:45:10Z");
  EXPECT_FALSE(sitemap.urls[2].published.has_value());
}

TEST(SitemapUrlset, AcceptsSitemapsWithoutNamespace) {
  const SitemapResult sitemap =
      parse_sitemap("<urlset><url><loc>https://plain.example.com/a</loc></url></urlset>",
                    "https://plain.example.com/s.xml");
  EXPECT_EQ(urls_of(sitemap.urls), std::vector<std::string>{"https://plain.example.com/a"});
}

TEST(SitemapUrlset, KeepsUrlsBeforeABreakAndReportsTheError) {
  const SitemapResult sitemap = parse_sitemap(
      R"(<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://cut.example.com/1</loc></url>
  <url><loc>https://cut.example.com/2</loc></url>
  <url><loc>https://cut.example.com/3</lo)",
      "https://cut.example.com/sitemap.xml");
  EXPECT_NE(sitemap.error.find("line "), std::string::npos) << sitemap.error;
  ASSERT_GE(sitemap.urls.size(), 2u);
  EXPECT_EQ(sitemap.urls[0].url, "https://cut.example.com/1");
  EXPECT_EQ(sitemap.urls[1].url, "https://cut.example.com/2");
}

TEST(SitemapUrlset, ReadsEveryUrlOfALargeStreamedSitemap) {
  constexpr int kUrls = 20'000;
  std::string document = R"(<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">)";
  for (int i = 0; i < kUrls; ++i) {
    document += "<url><loc>https://big.example.com/story-" + std::to_string(i) + "</loc></url>\n";
  }
  document += "</urlset>";
  const SitemapResult sitemap = parse_sitemap(document, "https://big.example.com/sitemap.xml");
  EXPECT_EQ(sitemap.error, "");
  ASSERT_EQ(sitemap.urls.size(), static_cast<std::size_t>(kUrls));
  EXPECT_EQ(sitemap.urls.front().url, "https://big.example.com/story-0");
  EXPECT_EQ(sitemap.urls.back().url, "https://big.example.com/story-" + std::to_string(kUrls - 1));
}

TEST(SitemapUrlset, ResolvesRelativeLocAgainstXmlBase) {
  const SitemapResult sitemap = parse_sitemap(
      R"(<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xml:base="https://base.example.com/news/">
  <url><loc>story-1</loc></url></urlset>)",
      "https://www.example.com/sitemap.xml");
  EXPECT_EQ(urls_of(sitemap.urls),
            std::vector<std::string>{"https://base.example.com/news/story-1"});
}

TEST(SitemapIndex, ListsChildSitemapsResolved) {
  const SitemapResult index =
      parse_sitemap(read_fixture("sitemap_index.xml"), "https://www.example.com/sitemap_index.xml");
  EXPECT_EQ(index.error, "");
  EXPECT_TRUE(index.urls.empty());
  EXPECT_EQ(index.sitemaps,
            (std::vector<std::string>{"https://www.example.com/sitemaps/news.xml",
                                      "https://www.example.com/sitemaps/2024-04.xml.gz",
                                      "https://www.example.com/sitemaps/2024-03.xml.gz"}));
}

TEST(SitemapNews, TakesTitleAndPublicationDateOverLastmod) {
  const SitemapResult sitemap =
      parse_sitemap(read_fixture("sitemap_news.xml"), "https://www.example.com/news-sitemap.xml");
  EXPECT_EQ(sitemap.error, "");
  ASSERT_EQ(sitemap.urls.size(), 2u);
  EXPECT_EQ(sitemap.urls[0].url, "https://www.example.com/business/rates-held");
  EXPECT_EQ(sitemap.urls[0].title, "Central bank holds rates & signals patience");
  EXPECT_EQ(sitemap.urls[0].published_iso, "2024-05-01T11:30:00Z");
  EXPECT_EQ(sitemap.urls[1].title, "Markets open higher");
  EXPECT_EQ(sitemap.urls[1].published_iso, "2024-05-01T00:00:00Z");
}

TEST(SitemapGzip, InflatesGzipBodiesRecognisedByMagicBytes) {
  const std::string url = "https://www.example.com/sitemap.xml.gz";
  const SitemapResult plain = parse_sitemap(read_fixture("sitemap_urlset.xml"), url);
  const SitemapResult packed = parse_sitemap(read_fixture("sitemap_urlset.xml.gz"), url);
  EXPECT_EQ(packed.error, "");
  EXPECT_EQ(urls_of(packed.urls), urls_of(plain.urls));
  ASSERT_EQ(packed.urls.size(), 3u);
  EXPECT_EQ(packed.urls[1].published_iso, plain.urls[1].published_iso);
}

TEST(SitemapGzip, RefusesBodiesThatInflatePastTheCap) {
  const std::string bomb = read_fixture("zeros_70mb.gz");
  ASSERT_LT(bomb.size(), 100'000u);
  const SitemapResult sitemap = parse_sitemap(bomb, "https://www.example.com/sitemap.xml.gz");
  EXPECT_TRUE(sitemap.urls.empty());
  EXPECT_NE(sitemap.error.find("bytes once inflated"), std::string::npos) << sitemap.error;
}

TEST(SitemapGzip, ReportsTruncatedGzip) {
  const std::string packed = read_fixture("sitemap_urlset.xml.gz");
  const SitemapResult sitemap =
      parse_sitemap(packed.substr(0, packed.size() / 2), "https://www.example.com/sitemap.xml.gz");
  EXPECT_TRUE(sitemap.urls.empty());
  EXPECT_NE(sitemap.error.find("truncated"), std::string::npos) << sitemap.error;
}

TEST(Gunzip, JoinsConcatenatedMembersAndIgnoresTrailingGarbage) {
  const std::string xml = read_fixture("sitemap_urlset.xml");
  const std::string packed = read_fixture("sitemap_urlset.xml.gz");
  const Inflated twice = gunzip(packed + packed, 1'000'000);
  EXPECT_EQ(twice.error, "");
  EXPECT_EQ(twice.bytes, xml + xml);
  const Inflated padded = gunzip(packed + std::string("\0\0\0\0junk", 8), 1'000'000);
  EXPECT_EQ(padded.error, "");
  EXPECT_EQ(padded.bytes, xml);
}

TEST(Gunzip, StopsAtTheCap) {
  const std::string packed = read_fixture("sitemap_urlset.xml.gz");
  const Inflated capped = gunzip(packed, 100);
  EXPECT_NE(capped.error, "");
  EXPECT_TRUE(capped.bytes.empty());
}

TEST(SitemapText, ReadsOneUrlPerLineSkippingJunk) {
  const SitemapResult sitemap =
      parse_sitemap(read_fixture("sitemap.txt"), "https://www.example.com/sitemap.txt");
  EXPECT_EQ(sitemap.error, "");
  EXPECT_EQ(urls_of(sitemap.urls),
            (std::vector<std::string>{"https://www.example.com/a/first-story",
                                      "https://www.example.com/a/second-story",
                                      "https://www.example.com/a/third-story"}));
}

// A line longer than any URL is dropped as it streams by; the URLs after it are still read, and
// the reading stays linear (the fuzzer's 64 MiB line without a newline is in seeds/sitemap/).
TEST(SitemapText, ALineLongerThanAnyUrlIsSkippedAndTheLinesAfterItRead) {
  const std::string text = "https://example.com/first\n" + std::string(3 * 1024 * 1024, 'x') +
                           "\nhttps://example.com/a\r\n" + "https://example.com/" + std::string(20'000, 'p') +
                           "\nhttps://example.com/b";
  const SitemapResult sitemap = parse_sitemap(text, "https://example.com/sitemap.txt");
  ASSERT_EQ(sitemap.urls.size(), 3u) << sitemap.error;
  EXPECT_EQ(sitemap.urls[0].url, "https://example.com/first");
  EXPECT_EQ(sitemap.urls[1].url, "https://example.com/a");
  EXPECT_EQ(sitemap.urls[2].url, "https://example.com/b");
}

TEST(SitemapFeed, AcceptsAFeedAsASitemap) {
  const std::string url = "https://news.example.com/world/feed/";
  const SitemapResult sitemap = parse_sitemap(read_fixture("rss2.xml"), url);
  const FeedResult feed = parse_feed(read_fixture("rss2.xml"), url);
  EXPECT_EQ(sitemap.error, "");
  ASSERT_FALSE(sitemap.urls.empty());
  EXPECT_EQ(urls_of(sitemap.urls), urls_of(feed.entries));
}

TEST(SitemapOther, ReportsDocumentsThatAreNoSitemap) {
  const SitemapResult html =
      parse_sitemap("<html><body>404</body></html>", "https://x.example/sitemap.xml");
  EXPECT_TRUE(html.urls.empty());
  EXPECT_NE(html.error.find("not a sitemap: root element <html>"), std::string::npos) << html.error;
  const SitemapResult words = parse_sitemap("Not Found", "https://x.example/sitemap.xml");
  EXPECT_TRUE(words.urls.empty());
  EXPECT_NE(words.error, "");
}

}  // namespace
}  // namespace gleaner::sources
