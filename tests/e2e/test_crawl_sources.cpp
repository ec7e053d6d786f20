// The source types end to end through the daemon: a sitemap index leading to urlsets (one gzipped)
// with old entries skipped by max_age, a section page filtered by include/exclude, and feeds found by
// `discover: true` — announced with <link rel=alternate>, or probed at the usual paths.
#include <ctime>

#include "test_crawl_fixture.h"

using namespace gleaner::testing;
using namespace std::chrono_literals;

namespace {

std::string iso_date(std::chrono::system_clock::time_point when) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

std::string urlset(const std::vector<std::pair<std::string, std::string>>& locs_and_lastmods) {
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    for (const auto& [loc, lastmod] : locs_and_lastmods)
        xml += "  <url><loc>" + loc + "</loc><lastmod>" + lastmod + "</lastmod></url>\n";
    return xml + "</urlset>\n";
}

std::string feed_of(const std::vector<std::string>& links) {
    std::string items;
    for (const auto& link : links) items += "<item><title>entry</title><link>" + link + "</link></item>\n";
    return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Site</title>" + items + "</channel></rss>";
}

}  // namespace

TEST_F(CrawlTest, ASitemapIndexLeadsToItsUrlsetsAndEntriesOlderThanMaxAgeAreSkipped) {
    for (int i = 0; i < 5; ++i) serve_article("/gen/" + std::to_string(i) + ".html", i);
    const auto now = std::chrono::system_clock::now();
    server_->serve("/sitemap_index.xml",
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
                   "  <sitemap><loc>" + server_->url("/sitemaps/recent.xml") + "</loc></sitemap>\n"
                   "  <sitemap><loc>/sitemaps/archive.xml.gz</loc></sitemap>\n"
                   "</sitemapindex>\n",
                   "application/xml");
    server_->serve("/sitemaps/recent.xml",
                   urlset({{server_->url("/gen/0.html"), iso_date(now - 24h)},
                           {server_->url("/gen/1.html"), iso_date(now - 2h)},
                           {server_->url("/gen/2.html"), "2019-01-01"}}),
                   "application/xml");
    // A gzipped sitemap file (the body itself is gzip, not a Content-Encoding).
    server_->serve("/sitemaps/archive.xml.gz",
                   gleaner::test::gzip_compress(urlset({{server_->url("/gen/3.html"), "2018-06-30T12:00:00+02:00"},
                                                        {server_->url("/gen/4.html"), iso_date(now - 72h)}})),
                   "application/x-gzip");
    const auto config = write_config(crawl_config(
        source("map", "sitemap", {server_->url("/sitemap_index.xml")}, {"max_age: 30d"})));
    const auto pass = run_one_pass(config, 1);
    EXPECT_EQ(pass.exit_status, 0) << pass.log;

    EXPECT_EQ(stored_titles(), (std::vector<std::string>{title_of(0), title_of(1), title_of(4)})) << pass.log;
    EXPECT_EQ(server_->request_count("/gen/2.html"), 0u) << "older than max_age";
    EXPECT_EQ(server_->request_count("/gen/3.html"), 0u) << "older than max_age";
    EXPECT_EQ(server_->request_count("/sitemaps/archive.xml.gz"), 1u) << "a relative <loc> resolved against the index";
    EXPECT_EQ(pass.metric("gleaner_documents_fetched_total"), 3);
    EXPECT_EQ(pass.source("map")["totals"]["articles"]["new"], 3);
    EXPECT_EQ(pass.source("map")["last_error"], "");
}

TEST_F(CrawlTest, ASectionPageYieldsItsSameSiteLinksFilteredByIncludeAndExclude) {
    serve_article("/news/2024/harbour.html", 0);
    serve_article("/news/2024/council.html", 1);
    serve_article("/news/opinion/market.html", 2);
    serve_article("/about.html", 3);
    server_->serve("/section/world.html",
                   "<!DOCTYPE html><html><head><title>World</title></head><body>"
                   "<nav><a href=\"/about.html\">About us</a> <a href=\"/news/opinion/market.html\">Opinion</a></nav>"
                   "<ul><li><a href=\"/news/2024/harbour.html\">Harbour</a></li>"
                   "<li><a href=\"../news/2024/council.html#comments\">Council</a></li>"
                   "<li><a href=\"/news/2024/harbour.html\">Harbour again</a></li>"
                   "<li><a href=\"https://elsewhere.example/news/2024/x.html\">Elsewhere</a></li></ul></body></html>");
    const auto config = write_config(crawl_config(source("world", "section", {server_->url("/section/world.html")},
                                                         {"include: [ \"/news/\" ]", "exclude: [ \"/opinion/\" ]"})));
    const auto pass = run_one_pass(config, 1);
    EXPECT_EQ(pass.exit_status, 0) << pass.log;

    EXPECT_EQ(stored_titles(), (std::vector<std::string>{title_of(0), title_of(1)})) << pass.log;
    EXPECT_EQ(server_->request_count("/news/2024/harbour.html"), 1u) << "a link repeated on the page is fetched once";
    EXPECT_EQ(server_->request_count("/news/opinion/market.html"), 0u) << "excluded";
    EXPECT_EQ(server_->request_count("/about.html"), 0u) << "not included";
    EXPECT_EQ(log_lines_with(pass.log, {"elsewhere.example"}).size(), 0u) << "other sites are not followed";
    EXPECT_EQ(pass.fetches("ok"), 3) << "the section page and two articles";
}

TEST_F(CrawlTest, DiscoverFindsAnnouncedFeedsAndProbesUsualPathsOnSitesThatAnnounceNone) {
    for (int i = 0; i < 4; ++i) serve_article("/gen/" + std::to_string(i) + ".html", i);
    server_->serve("/linked/",
                   "<!DOCTYPE html><html><head><title>Linked</title>"
                   "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"World\" href=\"/linked/world.xml\">"
                   "</head><body><p>Front page</p></body></html>");
    server_->serve("/linked/world.xml", feed_of({server_->url("/gen/0.html"), server_->url("/gen/1.html")}),
                   "application/rss+xml");
    // The second site announces nothing; its feed lives at one of the usual paths.
    server_->serve("/bare/", "<!DOCTYPE html><html><head><title>Bare</title></head><body><p>Hi</p></body></html>");
    server_->serve("/rss.xml", feed_of({server_->url("/gen/2.html"), server_->url("/gen/3.html")}), "application/rss+xml");
    const auto config = write_config(crawl_config(
        source("linked", "feed", {server_->url("/linked/")}, {"discover: true"}) +
        source("bare", "feed", {server_->url("/bare/")}, {"discover: true"})));
    const auto pass = run_one_pass(config, 2);
    EXPECT_EQ(pass.exit_status, 0) << pass.log;

    EXPECT_EQ(stored_titles(), (std::vector<std::string>{title_of(0), title_of(1), title_of(2), title_of(3)})) << pass.log;
    EXPECT_EQ(log_lines_with(pass.log, {"feeds discovered", "source=linked", "count=1"}).size(), 1u) << pass.log;
    EXPECT_EQ(log_lines_with(pass.log, {"no feed links; probing common feed paths", "source=bare"}).size(), 1u) << pass.log;
    EXPECT_EQ(server_->request_count("/linked/world.xml"), 1u);
    EXPECT_EQ(server_->request_count("/rss.xml"), 1u);
    for (const auto& a : stored()) {
        const bool first_site = a["title"] == title_of(0) || a["title"] == title_of(1);
        EXPECT_EQ(a["source"], first_site ? "linked" : "bare") << a["title"];
    }
}
