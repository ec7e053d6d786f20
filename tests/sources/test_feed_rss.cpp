// test_feed_rss.cpp — parse_feed on RSS 2.0, RSS 0.91, RSS 1.0 (RDF) and RSS 0.90.
#include <gtest/gtest.h>

#include "fixtures.h"
#include "sources/feed.h"

namespace gleaner::sources {
namespace {

using testing::read_fixture;

TEST(FeedRss2, ReadsChannelTitleAndEveryLinkedItemInOrder) {
  const FeedResult feed =
      parse_feed(read_fixture("rss2.xml"), "https://news.example.com/world/feed/");
  EXPECT_EQ(feed.error, "");
  EXPECT_EQ(feed.title, "The Example Gazette \xE2\x80\x93 World");
  ASSERT_EQ(feed.entries.size(), 4u);  // the item with only an opaque guid has no URL
  EXPECT_EQ(feed.entries[0].url, "https://news.example.com/world/2024/05/01/talks-resume-geneva/");
  EXPECT_EQ(feed.entries[1].url, "https://news.example.com/world/2024/04/30/floods-north/");
  EXPECT_EQ(feed.entries[2].url, "https://news.example.com/world/2024/04/29/election-night/");
  EXPECT_EQ(feed.entries[3].url, "https://news.example.com/world/2024/04/28/syndicated/");
}

TEST(FeedRss2, ReadsPubDateWithGmtNumericAndNamedZones) {
  const FeedResult feed =
      parse_feed(read_fixture("rss2.xml"), "https://news.example.com/world/feed/");
  ASSERT_EQ(feed.entries.size(), 4u);
  EXPECT_EQ(feed.entries[0].published_iso, "2024-05-01T09:30:00Z");
  EXPECT_EQ(feed.entries[1].published_iso, "2024-04-30T22:05:00Z");
  EXPECT_EQ(feed.entries[2].published_iso, "2024-04-30T04:00:00Z");
  EXPECT_EQ(feed.entries[3].published_iso, "2024-04-28T05:15:00Z");  // dc:date
  ASSERT_TRUE(feed.entries[0].published.has_value());
  EXPECT_LT(*feed.entries[1].published, *feed.entries[0].published);
}

TEST(FeedRss2, TakesAuthorsFromDcCreatorElseTheNameInAuthor) {
  const FeedResult feed =
      parse_feed(read_fixture("rss2.xml"), "https://news.example.com/world/feed/");
  ASSERT_EQ(feed.entries.size(), 4u);
  EXPECT_EQ(feed.entries[0].author, "Ana Lima");
  EXPECT_EQ(feed.entries[1].author, "Ben Okafor, Chlo\xC3\xA9 Martin");
  EXPECT_EQ(feed.entries[2].author, "Night Desk");
  EXPECT_EQ(feed.entries[3].author, "");
}

TEST(FeedRss2, DecodesHtmlInTitlesAndKeepsContentEncoded) {
  const FeedResult feed =
      parse_feed(read_fixture("rss2.xml"), "https://news.example.com/world/feed/");
  ASSERT_EQ(feed.entries.size(), 4u);
  EXPECT_EQ(feed.entries[0].title, "Talks resume in Geneva");
  EXPECT_EQ(feed.entries[1].title, "Floods & landslides hit the north live");
  EXPECT_EQ(feed.entries[0].content_html,
            "<p>Delegations returned to the table on <em>Wednesday</em>.</p>");
  EXPECT_EQ(feed.entries[1].content_html, "");
}

TEST(FeedRss091, ReadsLatin1FeedWithNetscapeDoctypeWithoutFetchingIt) {
  const FeedResult feed =
      parse_feed(read_fixture("rss091.xml"), "http://chronicle.example.org/rss");
  EXPECT_EQ(feed.error, "");
  EXPECT_EQ(feed.title, "Caf\xC3\xA9 Chronicle");
  ASSERT_EQ(feed.entries.size(), 2u);
  EXPECT_EQ(feed.entries[0].title, "March\xC3\xA9 de No\xC3\xABl opens");
  EXPECT_EQ(feed.entries[0].url, "http://chronicle.example.org/2003/12/01/marche.html");
  EXPECT_FALSE(feed.entries[0].published.has_value());
  EXPECT_EQ(feed.entries[0].published_iso, "");
}

TEST(FeedRss10, ReadsRdfItemsBesideTheChannelWithDublinCore) {
  const FeedResult feed = parse_feed(read_fixture("rss10.rdf"), "https://science.example.net/rss");
  EXPECT_EQ(feed.error, "");
  EXPECT_EQ(feed.title, "Science Desk");
  ASSERT_EQ(feed.entries.size(), 2u);
  EXPECT_EQ(feed.entries[0].url, "https://science.example.net/2024/03/comet.html");
  EXPECT_EQ(feed.entries[0].title, "A comet returns after 71 years");
  EXPECT_EQ(feed.entries[0].author, "Dana Ruiz");
  EXPECT_EQ(feed.entries[0].published_iso, "2024-03-12T21:40:00Z");
  // No <link>: rdf:about names the item's page.
  EXPECT_EQ(feed.entries[1].url, "https://science.example.net/2024/03/enzymes.html");
  EXPECT_EQ(feed.entries[1].published_iso, "2024-03-11T00:00:00Z");
}

TEST(FeedRss090, ReadsTheNetscapeRdfNamespace) {
  const char* document = R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://my.netscape.com/rdf/simple/0.9/">
  <channel><title>Old Times</title><link>http://old.example.com/</link></channel>
  <item><title>Story one</title><link>http://old.example.com/1.html</link></item>
  <item><title>Story two</title><link>2.html</link></item>
</rdf:RDF>)";
  const FeedResult feed = parse_feed(document, "http://old.example.com/rss.rdf");
  EXPECT_EQ(feed.error, "");
  EXPECT_EQ(feed.title, "Old Times");
  ASSERT_EQ(feed.entries.size(), 2u);
  EXPECT_EQ(feed.entries[1].url, "http://old.example.com/2.html");
}

TEST(FeedRss2, AcceptsItemsOutsideTheChannelAndAtomLinks) {
  const char* document = R"(<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel><title>Loose</title></channel>
  <item><title>Outside</title><atom:link rel="alternate" href="https://loose.example.com/outside"/></item>
</rss>)";
  const FeedResult feed = parse_feed(document, "https://loose.example.com/feed");
  ASSERT_EQ(feed.entries.size(), 1u);
  EXPECT_EQ(feed.entries[0].url, "https://loose.example.com/outside");
}

}  // namespace
}  // namespace gleaner::sources
