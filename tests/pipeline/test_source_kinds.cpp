// The source kinds alone: a document in, listed URLs and further documents out. No network.
#include <gtest/gtest.h>

#include <set>

#include "pipeline/kinds/listing_entries.h"
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

// A hostile sitemap far past the protocol's 50,000 URLs: the newest kMaxListedPerDocument are
// listed (so memory is bounded by that, not by the document), with a note saying what was dropped.
TEST(SourceKinds, ASitemapPastTheProtocolLimitListsItsNewestUrlsOnly) {
    const auto sitemap = source_of(config::SourceType::sitemap, {"https://example.org/sitemap.xml"});
    const std::size_t total = kMaxListedPerDocument + 5;
    std::string body = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">";
    for (std::size_t i = 0; i < total; ++i) {
        // Day 1..28 of months cycling through 2020-2023; the newest is the single 2025 entry at 4321.
        const bool newest = i == 4321;
        body += "<url><loc>https://example.org/a/" + std::to_string(i) + "</loc><lastmod>" +
                (newest ? std::string("2025-06-01") : "202" + std::to_string(i % 4) + "-0" +
                                                          std::to_string(1 + i % 9) + "-1" + std::to_string(i % 9)) +
                "</lastmod></url>";
    }
    body += "</urlset>";
    const auto listing = kind_of(sitemap).read(document("https://example.org/sitemap.xml", body), sitemap);
    ASSERT_EQ(listing.urls.size(), kMaxListedPerDocument);
    EXPECT_EQ(listing.urls.front().url, "https://example.org/a/4321");
    EXPECT_NE(listing.note.find(std::to_string(total) + " URLs"), std::string::npos) << listing.note;
    // The dropped ones are the oldest: every kept entry is at least as new as every dropped one.
    std::set<std::string> kept;
    for (const auto& u : listing.urls) kept.insert(u.url);
    std::string oldest_kept = "9999";
    for (const auto& u : listing.urls) oldest_kept = std::min(oldest_kept, u.hints.published_iso);
    for (std::size_t i = 0; i < total; ++i) {
        const auto url = "https://example.org/a/" + std::to_string(i);
        if (kept.count(url) == 0) {
            EXPECT_LE("202" + std::to_string(i % 4) + "-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 9),
                      oldest_kept.substr(0, 10))
                << url;
        }
    }
}

TEST(SourceKinds, ListedEntriesKeepsTheNewestAndUndatedOnesLastInDocumentOrder) {
    const auto feed = source_of(config::SourceType::feed, {"https://example.org/rss"});
    ListedEntries entries(feed, 3);
    const auto at = [](int day) {
        return std::chrono::system_clock::time_point{} + std::chrono::hours(24 * (19000 + day));
    };
    entries.add({"https://example.org/undated-1", "", "", std::nullopt, "", ""});
    entries.add({"https://example.org/day-1", "", "", at(1), "", ""});
    entries.add({"https://example.org/undated-2", "", "", std::nullopt, "", ""});
    entries.add({"https://example.org/day-3", "", "", at(3), "", ""});
    entries.add({"https://example.org/day-2", "", "", at(2), "", ""});
    EXPECT_EQ(entries.offered(), 5u);
    std::vector<std::string> urls;
    for (const auto& u : entries.take()) urls.push_back(u.url);
    EXPECT_EQ(urls, (std::vector<std::string>{"https://example.org/day-3", "https://example.org/day-2",
                                              "https://example.org/day-1"}));

    ListedEntries undated(feed, 2);
    for (int i = 0; i < 4; ++i) undated.add({"https://example.org/u" + std::to_string(i), "", "", std::nullopt, "", ""});
    urls.clear();
    for (const auto& u : undated.take()) urls.push_back(u.url);
    EXPECT_EQ(urls, (std::vector<std::string>{"https://example.org/u0", "https://example.org/u1"}));
}

}  // namespace
}  // namespace gleaner::pipeline
