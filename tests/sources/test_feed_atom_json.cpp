// test_feed_atom_json.cpp — parse_feed on Atom 1.0 (links, xml:base, text constructs, authors) and
// JSON Feed.
#include <gtest/gtest.h>

#include "fixtures.h"
#include "sources/feed.h"

namespace gleaner::sources {
namespace {

using testing::read_fixture;

constexpr const char* kAtomUrl = "https://blog.example.io/atom.xml";

TEST(FeedAtom, PrefersAlternateLinksResolvedAgainstXmlBase) {
  const FeedResult feed = parse_feed(read_fixture("atom.xml"), kAtomUrl);
  EXPECT_EQ(feed.error, "");
  ASSERT_EQ(feed.entries.size(), 3u);  // the entry with neither link nor http id is left out
  EXPECT_EQ(feed.entries[0].url, "https://blog.example.io/posts/static-pages");
  // The entry's own xml:base ("archive/2023/") applies on top of the feed's.
  EXPECT_EQ(feed.entries[1].url, "https://blog.example.io/archive/2023/winter-notes.html");
  // Only an enclosure link: the http id is the page.
  EXPECT_EQ(feed.entries[2].url, "https://blog.example.io/posts/tables");
}

TEST(FeedAtom, ResolvesRelativeLinksAgainstTheFeedUrlWithoutXmlBase) {
  const char* document = R"(<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
  <entry><title>E</title><link href="../posts/one"/><updated>2024-01-01T00:00:00Z</updated></entry>
</feed>)";
  const FeedResult feed = parse_feed(document, "https://site.example.com/feeds/all/atom.xml");
  ASSERT_EQ(feed.entries.size(), 1u);
  EXPECT_EQ(feed.entries[0].url, "https://site.example.com/feeds/posts/one");
}

TEST(FeedAtom, ReadsTextHtmlAndXhtmlTitles) {
  const FeedResult feed = parse_feed(read_fixture("atom.xml"), kAtomUrl);
  EXPECT_EQ(feed.title, "Notes & Letters");
  ASSERT_EQ(feed.entries.size(), 3u);
  EXPECT_EQ(feed.entries[0].title, "Why we moved to static pages");
  EXPECT_EQ(feed.entries[1].title, "An entry with its own base");
  EXPECT_EQ(feed.entries[2].title, "Tables, finally");
}

TEST(FeedAtom, PrefersPublishedOverUpdated) {
  const FeedResult feed = parse_feed(read_fixture("atom.xml"), kAtomUrl);
  ASSERT_EQ(feed.entries.size(), 3u);
  EXPECT_EQ(feed.entries[0].published_iso, "2024-05-01T08:00:00Z");
  EXPECT_EQ(feed.entries[1].published_iso, "2023-12-20T21:30:00Z");
}

TEST(FeedAtom, EntriesWithoutAuthorInheritTheFeedAuthor) {
  const FeedResult feed = parse_feed(read_fixture("atom.xml"), kAtomUrl);
  ASSERT_EQ(feed.entries.size(), 3u);
  EXPECT_EQ(feed.entries[0].author, "Gil Brenner, Hana Sato");
  EXPECT_EQ(feed.entries[1].author, "Farah Haddad");
}

TEST(FeedAtom, GivesContentAsHtmlForEachContentType) {
  const FeedResult feed = parse_feed(read_fixture("atom.xml"), kAtomUrl);
  ASSERT_EQ(feed.entries.size(), 3u);
  EXPECT_NE(feed.entries[0].content_html.find("<em>moved</em>"), std::string::npos)
      << feed.entries[0].content_html;
  EXPECT_EQ(feed.entries[1].content_html, "<p>Cold &amp; bright.</p>");
  EXPECT_EQ(feed.entries[2].content_html, "x &lt; y &amp; z");
}

TEST(FeedJson, ReadsItemsAuthorsDatesAndRelativeUrls) {
  const FeedResult feed =
      parse_feed(read_fixture("feed.json"), "https://harbour.example.com/feed.json");
  EXPECT_EQ(feed.error, "");
  EXPECT_EQ(feed.title, "Harbour Weekly");
  ASSERT_EQ(feed.entries.size(), 3u);  // the item whose url is a number is left out
  EXPECT_EQ(feed.entries[0].url, "https://harbour.example.com/2024/ferries-return");
  EXPECT_EQ(feed.entries[0].author, "Ivo Petrov, Jun Park");
  EXPECT_EQ(feed.entries[0].published_iso, "2024-04-15T05:00:00Z");
  EXPECT_EQ(feed.entries[0].content_html, "<p>Service resumes on Monday.</p>");
  EXPECT_EQ(feed.entries[1].url, "https://harbour.example.com/2024/new-quay");
  EXPECT_EQ(feed.entries[1].author, "Kai Larsen");
  EXPECT_EQ(feed.entries[1].published_iso, "2024-04-10T12:00:00Z");
  EXPECT_EQ(feed.entries[2].url, "https://other.example.org/report");
}

TEST(FeedJson, ReportsBrokenJsonAndJsonThatIsNoFeed) {
  const FeedResult broken =
      parse_feed("{\"version\": \"https://jsonfeed.org/version/1\", ", "https://x.example/f");
  EXPECT_TRUE(broken.entries.empty());
  EXPECT_EQ(broken.error.rfind("not JSON", 0), 0u) << broken.error;
  const FeedResult other = parse_feed(R"({"posts": []})", "https://x.example/f");
  EXPECT_TRUE(other.entries.empty());
  EXPECT_NE(other.error.find("not a JSON Feed"), std::string::npos) << other.error;
}

}  // namespace
}  // namespace gleaner::sources
