// The source kinds alone: a document in, listed URLs and further documents out. No network.
#include <gtest/gtest.h>

#include "pipeline/source_kind.h"
#include "pipeline/source_pass.h"

namespace gleaner::pipeline {
namespace {

config::SourceConfig source_of(config::SourceType type, std::vector<std::string> urls) {
    config::SourceConfig s;
    s.name = "test";
    s.type = type;
    s.urls = std::move(urls);
    return s;
}

Document document(std::string url, std::string body, int depth = 0, DocumentRole role = DocumentRole::listing) {
    Document d;
    d.request = {url, role, depth};
    d.final_url = std::move(url);
    d.body = std::move(body);
    d.content_type = "application/xml";
    return d;
}

TEST(SourceKinds, EachConfiguredTypeHasItsComponentAndDiscoverOverridesIt) {
    auto feed = source_of(config::SourceType::feed, {"https://example.org/rss"});
    EXPECT_EQ(kind_of(feed).name(), "feed");
    EXPECT_EQ(kind_of(source_of(config::SourceType::sitemap, {})).name(), "sitemap");
    EXPECT_EQ(kind_of(source_of(config::SourceType::section, {})).name(), "section");
    EXPECT_EQ(kind_of(source_of(config::SourceType::page, {})).name(), "page");
    feed.discover = true;
    EXPECT_EQ(kind_of(feed).name(), "discover");
}

TEST(SourceKinds, PagesAreTheirOwnArticlesAndFetchNoDocument) {
    const auto page = source_of(config::SourceType::page, {"https://example.org/a", "https://example.org/b"});
    const auto& kind = kind_of(page);
    EXPECT_EQ(kind.fixed_articles(page), page.urls);
    EXPECT_TRUE(kind.first_documents(page, {}).empty());
}

TEST(SourceKinds, AFeedListsItsEntriesNewestFirstWithTheirHints) {
    const auto feed = source_of(config::SourceType::feed, {"https://example.org/rss"});
    const auto listing = kind_of(feed).read(document("https://example.org/rss", R"(<?xml version="1.0"?>
<rss version="2.0"><channel><title>T</title>
<item><title>Older</title><link>https://example.org/old</link><pubDate>Mon, 01 Jan 2024 10:00:00 GMT</pubDate></item>
<item><title>Newer</title><link>https://example.org/new</link><pubDate>Tue, 02 Jan 2024 10:00:00 GMT</pubDate></item>
</channel></rss>)"), feed);
    ASSERT_EQ(listing.urls.size(), 2u);
    EXPECT_EQ(listing.urls[0].url, "https://example.org/new");
    EXPECT_EQ(listing.urls[0].hints.title, "Newer");
    EXPECT_EQ(listing.urls[1].url, "https://example.org/old");
    EXPECT_TRUE(listing.error.empty());
}

TEST(SourceKinds, ABrokenFeedSaysSoAndKeepsWhatCameBefore) {
    const auto feed = source_of(config::SourceType::feed, {"https://example.org/rss"});
    const auto listing = kind_of(feed).read(
        document("https://example.org/rss",
                 "<rss version=\"2.0\"><channel><item><link>https://example.org/x</link></item><item><link>"),
        feed);
    EXPECT_NE(listing.error.find("https://example.org/rss"), std::string::npos);
}

TEST(SourceKinds, ASitemapIndexListsItsChildrenOneLevelDeeperUpToTheDepthLimit) {
    const auto sitemap = source_of(config::SourceType::sitemap, {"https://example.org/sitemap.xml"});
    const std::string index = R"(<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://example.org/sitemap.xml</loc></sitemap>
<sitemap><loc>https://example.org/news.xml</loc></sitemap>
</sitemapindex>)";
    auto listing = kind_of(sitemap).read(document("https://example.org/sitemap.xml", index), sitemap);
    ASSERT_EQ(listing.documents.size(), 2u);
    EXPECT_EQ(listing.documents[1].url, "https://example.org/news.xml");
    EXPECT_EQ(listing.documents[1].depth, 1);
    // At the depth limit an index's children are not followed.
    listing = kind_of(sitemap).read(document("https://example.org/deep.xml", index, 3), sitemap);
    EXPECT_TRUE(listing.documents.empty());
    EXPECT_FALSE(listing.note.empty());
}

TEST(SourceKinds, DiscoveryProbesCommonFeedPathsWhenAPageNamesNoFeedAndThenRemembersTheFeedsThatList) {
    auto site = source_of(config::SourceType::feed, {"https://example.org/"});
    site.discover = true;
    const auto& kind = kind_of(site);
    const auto first = kind.first_documents(site, {});
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0].role, DocumentRole::discovery);
    auto page = document("https://example.org/", "<html><head></head><body>no feeds</body></html>", 0,
                         DocumentRole::discovery);
    page.content_type = "text/html";
    const auto probes = kind.read(page, site);
    EXPECT_FALSE(probes.documents.empty());
    for (const auto& probe : probes.documents) EXPECT_EQ(probe.role, DocumentRole::listing);
    SourceMemory memory;
    memory.discovered_feeds = {"https://example.org/feed"};
    const auto later = kind.first_documents(site, memory);
    ASSERT_EQ(later.size(), 1u);
    EXPECT_EQ(later[0].url, "https://example.org/feed");
}

TEST(SourceKinds, ListedUrlsAreKeyedByTheirCanonicalFormAndInvalidOnesDropped) {
    std::vector<state::ListedUrl> urls{{"https://Example.org/a?utm_source=x#top", {}, {}, {}}, {"not a url", {}, {}, {}}};
    const auto keyed = keyed_urls(std::move(urls));
    ASSERT_EQ(keyed.size(), 1u);
    EXPECT_EQ(keyed[0].key, "https://example.org/a");
    EXPECT_EQ(keyed[0].host, "https://example.org:443");
}

}  // namespace
}  // namespace gleaner::pipeline
