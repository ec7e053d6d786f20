// How many article URLs the daemon works on at once (daemon/pipeline/article_admission.h): the
// Fetcher is never handed more than the admission slots (2 × fetch.concurrency + extraction
// workers), whatever a sitemap lists, and a source whose host is slow (Crawl-delay) holds at most
// half of them, so another source's articles do not wait behind it. What a long listing adds beyond
// one admission's worth waits on disk (daemon/pipeline/url_backlog.h), not in memory.
#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "service_helpers.h"
#include "test_crawl_fixture.h"

using namespace gleaner::testing;
using gleaner::test::TestHttpServer;
using gleaner::test::TestResponse;
using namespace std::chrono_literals;

TEST_F(CrawlTest, ASlowHostsLongSitemapNeitherFloodsTheFetcherNorHoldsUpAnotherSource) {
    constexpr int kSlowArticles = 12, kFastArticles = 4;
    // The slow site: one request every half second, a sitemap of twelve articles.
    TestHttpServer slow;
    slow.serve_robots("User-agent: *\nCrawl-delay: 0.5\n");
    std::string urlset = "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">";
    for (int i = 0; i < kSlowArticles; ++i) {
        const std::string path = "/slow/" + std::to_string(i) + ".html";
        slow.serve(path, generated_article(100 + i));
        urlset += "<url><loc>" + slow.url(path) + "</loc></url>";
    }
    slow.serve("/sitemap.xml", urlset + "</urlset>", "application/xml");
    // The fast site's feed answers only after a second, when the slow site's URLs are all waiting.
    std::string items;
    for (int i = 0; i < kFastArticles; ++i) {
        serve_article("/gen/" + std::to_string(i) + ".html", i);
        items += "<item><title>t</title><link>" + server_->url("/gen/" + std::to_string(i) + ".html") + "</link></item>";
    }
    server_->on("/feed.xml", [items](const gleaner::test::ReceivedRequest&) {
        auto response = TestResponse::text("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>F</title>" + items +
                                               "</channel></rss>",
                                           "application/rss+xml");
        response.delay = 1s;
        return response;
    });
    // 2 connections and 1 extraction worker: 5 URLs in hand, at most 2 of one host.
    std::string yaml = crawl_config(source("slow", "sitemap", {slow.url("/sitemap.xml")}) +
                                        source("fast", "feed", {server_->url("/feed.xml")}),
                                    "concurrency: 2");
    yaml += "extract: { workers: 1 }\n";
    const auto config = write_config(yaml);

    DaemonProcess daemon({"run", "--config", config.string()}, dir_ / "daemon.log");
    unsigned short port = 0;
    ASSERT_TRUE(eventually([&] { return (port = admin_port_from_log(daemon.log())) != 0; })) << daemon.log();
    double most_at_fetcher = 0, most_queued = 0;
    ASSERT_TRUE(eventually(
        [&] {
            const auto m = metrics_from_text(http_get("http://127.0.0.1:" + std::to_string(port) + "/metrics").body);
            const auto at = [&m](const std::string& name) { return m.count(name) ? m.at(name) : 0.0; };
            most_at_fetcher = std::max(most_at_fetcher, at("gleaner_fetch_queued") + at("gleaner_fetch_in_flight"));
            most_queued = std::max(most_queued, at("gleaner_frontier_urls{state=\"queued\"}"));
            return at("gleaner_plugin_delivered_total{plugin=\"stream\"}") == kSlowArticles + kFastArticles;
        },
        60s))
        << daemon.log();
    daemon.signal(SIGTERM);
    ASSERT_EQ(daemon.wait(), 0) << daemon.log();

    EXPECT_LE(most_at_fetcher, 5 + 2) << "URLs in hand, plus the sitemap and the feed (documents are not claimed)";
    EXPECT_GT(most_queued, 5) << "URLs did wait in the frontier (the check above saw a real backlog)";
    // The fast source's articles were all fetched while the slow site was still being crawled:
    // before its fourth article, which crawl-delay puts at least 2.5 s after its robots.txt.
    std::vector<std::chrono::steady_clock::time_point> fast_arrivals, slow_arrivals;
    for (int i = 0; i < kFastArticles; ++i)
        for (const auto& r : server_->requests_for("/gen/" + std::to_string(i) + ".html")) fast_arrivals.push_back(r.received_at);
    for (const auto& r : slow.requests())
        if (r.path.rfind("/slow/", 0) == 0) slow_arrivals.push_back(r.received_at);
    ASSERT_EQ(fast_arrivals.size(), static_cast<std::size_t>(kFastArticles));
    ASSERT_EQ(slow_arrivals.size(), static_cast<std::size_t>(kSlowArticles));
    std::sort(slow_arrivals.begin(), slow_arrivals.end());
    const auto ms_after_first_slow = [&](std::chrono::steady_clock::time_point t) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(t - slow_arrivals[0]).count();
    };
    EXPECT_LT(*std::max_element(fast_arrivals.begin(), fast_arrivals.end()), slow_arrivals[3])
        << "the fast source waited behind the slow one: its last article came "
        << ms_after_first_slow(*std::max_element(fast_arrivals.begin(), fast_arrivals.end()))
        << " ms after the slow site's first, whose fourth came at " << ms_after_first_slow(slow_arrivals[3]) << " ms";
    EXPECT_EQ(stored().size(), static_cast<std::size_t>(kSlowArticles + kFastArticles));
}

namespace {

// One site whose sitemap (with an ETag, answered 304 when it matches) lists kArticles articles,
// served one every 50 ms (Crawl-delay), crawled with 2 connections and 1 extraction worker: the
// daemon holds 5 URLs at a time; the rest wait in the crawl state's frontier, on disk.
class LongListingTest : public CrawlTest {
protected:
    void SetUp() override {
        CrawlTest::SetUp();
        serve_listing(40, "User-agent: *\nCrawl-delay: 0.05\n");
    }

    void serve_listing(int articles, const std::string& robots) {
        articles_ = articles;
        site_.serve_robots(robots);
        urlset_ = "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">";
        for (int i = 0; i < articles; ++i) {
            const std::string path = "/long/" + std::to_string(i) + ".html";
            site_.serve(path, generated_article(200 + i));
            urlset_ += "<url><loc>" + site_.url(path) + "</loc></url>";
        }
        urlset_ += "</urlset>";
        site_.serve_conditional("/sitemap.xml", urlset_, "\"v1\"", "Tue, 24 Nov 2026 10:00:00 GMT", "application/xml");
        config_ = write_config(crawl_config(source("long", "sitemap", {site_.url("/sitemap.xml")}), "concurrency: 2") +
                               "extract: { workers: 1 }\n");
    }

    // The daemon's /metrics once its admin endpoint is up (its port read from its log).
    static std::map<std::string, double> metrics_of(DaemonProcess& daemon) {
        const unsigned short port = admin_port_from_log(daemon.log());
        if (port == 0) return {};
        return metrics_from_text(http_get("http://127.0.0.1:" + std::to_string(port) + "/metrics").body);
    }
    static double at(const std::map<std::string, double>& m, const std::string& name) {
        return m.count(name) ? m.at(name) : 0.0;
    }
    static double queued(const std::map<std::string, double>& m) { return at(m, "gleaner_frontier_urls{state=\"queued\"}"); }
    std::size_t fetched_articles() const {
        std::size_t fetched = 0;
        for (const auto& r : site_.requests())
            if (r.path.rfind("/long/", 0) == 0) ++fetched;
        return fetched;
    }
    // Every article exactly once in the sqlite plugin's table, and in the jsonl file exactly once too,
    // unless a SIGKILL came between a jsonl write and its acknowledgement: that plugin is at-least-once.
    void expect_every_article_once(bool after_sigkill = false) {
        const auto rows = sqlite_column("SELECT title FROM articles");
        EXPECT_EQ(rows.size(), static_cast<std::size_t>(articles_));
        EXPECT_EQ(std::set<std::string>(rows.begin(), rows.end()).size(), rows.size()) << "each URL once";
        const auto titles = stored_titles();
        EXPECT_EQ(std::set<std::string>(titles.begin(), titles.end()).size(), static_cast<std::size_t>(articles_));
        if (!after_sigkill) {
            EXPECT_EQ(titles.size(), static_cast<std::size_t>(articles_)) << "each URL once";
        }
    }

    TestHttpServer site_;
    int articles_ = 0;
    std::string urlset_;
    std::filesystem::path config_;
};

}  // namespace

TEST_F(LongListingTest, ALongListingWaitsInTheFrontierAndEveryURLComesBackExactlyOnce) {
    DaemonProcess daemon({"run", "--config", config_.string()}, dir_ / "daemon.log");
    double most_queued = 0;
    ASSERT_TRUE(eventually(
        [&] {
            const auto m = metrics_of(daemon);
            most_queued = std::max(most_queued, queued(m));
            return at(m, "gleaner_plugin_delivered_total{plugin=\"stream\"}") == articles_ && queued(m) == 0;
        },
        60s))
        << daemon.log();
    daemon.signal(SIGTERM);
    ASSERT_EQ(daemon.wait(), 0) << daemon.log();

    EXPECT_GE(most_queued, 20) << "the listing's surplus waited in the frontier";
    expect_every_article_once();
    EXPECT_EQ(fetched_articles(), static_cast<std::size_t>(articles_)) << "every listed URL fetched once";
}

TEST_F(LongListingTest, AStopWhileURLsWaitIsPromptAndTheNextRunFetchesTheRestThoughTheSitemapAnswers304) {
    {
        DaemonProcess daemon({"run", "--config", config_.string()}, dir_ / "first.log");
        ASSERT_TRUE(eventually([&] { return queued(metrics_of(daemon)) > 0; })) << daemon.log();
        const auto stop_sent = std::chrono::steady_clock::now();
        daemon.signal(SIGTERM);
        ASSERT_EQ(daemon.wait(), 0) << daemon.log();
        EXPECT_LT(std::chrono::steady_clock::now() - stop_sent, 10s)
            << "the stop waited for URLs it will not fetch:\n" << daemon.log();
    }
    EXPECT_LT(stored_titles().size(), static_cast<std::size_t>(articles_));

    // The sitemap's URLs were in the frontier before its validators were saved: the next run gets a
    // 304 and still finishes the job from the frontier.
    const auto sitemap_requests = [this] { return site_.requests_for("/sitemap.xml"); };
    ASSERT_EQ(sitemap_requests().size(), 1u);
    const auto [status, log] = run_once(config_);
    ASSERT_EQ(status, 0) << log;
    ASSERT_EQ(sitemap_requests().size(), 2u);
    EXPECT_EQ(sitemap_requests()[1].header("If-None-Match"), "\"v1\"");
    expect_every_article_once();
    EXPECT_EQ(fetched_articles(), static_cast<std::size_t>(articles_)) << "nothing fetched twice";
}

// Issue 11: a SIGKILL after a sitemap of 1,000 URLs was listed but before they were fetched loses
// none of them; the restart fetches the rest while the sitemap answers 304.
class KilledListingTest : public LongListingTest {
protected:
    void SetUp() override {
        CrawlTest::SetUp();
        serve_listing(1000, "User-agent: *\nCrawl-delay: 0.2\n");
    }
};

TEST_F(KilledListingTest, ASigkillAfterTheListingLosesNoListedURL) {
    {
        DaemonProcess daemon({"run", "--config", config_.string()}, dir_ / "first.log");
        ASSERT_TRUE(eventually(
            [&] {
                return !log_lines_with(daemon.log(), {"pass finished", "source=long"}).empty() &&
                       queued(metrics_of(daemon)) >= 900;
            },
            60s))
            << daemon.log();
        daemon.signal(SIGKILL);
        daemon.wait();
    }
    ASSERT_LT(stored_titles().size(), 100u);
    // The restart needs no Crawl-delay to finish within the test's patience.
    site_.serve_robots("User-agent: *\nAllow: /\n");
    const auto [status, log] = run_once(config_);
    ASSERT_EQ(status, 0) << log;
    const auto sitemap = site_.requests_for("/sitemap.xml");
    ASSERT_EQ(sitemap.size(), 2u);
    EXPECT_EQ(sitemap[1].header("If-None-Match"), "\"v1\"") << "the restart was answered 304";
    expect_every_article_once(/*after_sigkill=*/true);
    EXPECT_LE(fetched_articles(), static_cast<std::size_t>(articles_) + 8) << "at most the URLs in hand fetched twice";
}
