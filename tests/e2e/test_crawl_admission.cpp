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
    // 2 connections and 1 extraction worker: 5 admission slots, at most 2 per source.
    std::string yaml = crawl_config(source("slow", "sitemap", {slow.url("/sitemap.xml")}) +
                                        source("fast", "feed", {server_->url("/feed.xml")}),
                                    "concurrency: 2");
    yaml += "extract: { workers: 1 }\n";
    const auto config = write_config(yaml);

    DaemonProcess daemon({"run", "--config", config.string()}, dir_ / "daemon.log");
    unsigned short port = 0;
    ASSERT_TRUE(eventually([&] { return (port = admin_port_from_log(daemon.log())) != 0; })) << daemon.log();
    double most_at_fetcher = 0, most_in_flight = 0;
    ASSERT_TRUE(eventually(
        [&] {
            const auto m = metrics_from_text(http_get("http://127.0.0.1:" + std::to_string(port) + "/metrics").body);
            const auto at = [&m](const std::string& name) { return m.count(name) ? m.at(name) : 0.0; };
            most_at_fetcher = std::max(most_at_fetcher, at("gleaner_fetch_queued") + at("gleaner_fetch_in_flight"));
            most_in_flight = std::max(most_in_flight, at("gleaner_work_in_flight"));
            return at("gleaner_plugin_delivered_total{plugin=\"stream\"}") == kSlowArticles + kFastArticles;
        },
        60s))
        << daemon.log();
    daemon.signal(SIGTERM);
    ASSERT_EQ(daemon.wait(), 0) << daemon.log();

    EXPECT_LE(most_at_fetcher, 5 + 2) << "admission slots, plus the sitemap and the feed (documents are not admitted)";
    EXPECT_GT(most_in_flight, 5) << "URLs did wait for admission (the check above saw a real backlog)";
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

std::size_t files_in(const std::filesystem::path& dir) {
    if (!std::filesystem::is_directory(dir)) return 0;
    return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(dir), {}));
}

// One site whose sitemap (with an ETag, answered 304 when it matches) lists kArticles articles,
// served one every 50 ms (Crawl-delay), crawled with 2 connections and 1 extraction worker: 5
// admission slots, so 5 URLs wait in memory and 35 on disk.
class LongListingTest : public CrawlTest {
protected:
    static constexpr int kArticles = 40;

    void SetUp() override {
        CrawlTest::SetUp();
        site_.serve_robots("User-agent: *\nCrawl-delay: 0.05\n");
        urlset_ = "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">";
        for (int i = 0; i < kArticles; ++i) {
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
    std::size_t backlog_files() const { return files_in(dir_ / "state" / "backlog"); }

    TestHttpServer site_;
    std::string urlset_;
    std::filesystem::path config_;
};

}  // namespace

TEST_F(LongListingTest, ALongListingWaitsOnDiskAndEveryURLComesBackExactlyOnce) {
    DaemonProcess daemon({"run", "--config", config_.string()}, dir_ / "daemon.log");
    double most_on_disk = 0;
    std::size_t most_files = 0;
    ASSERT_TRUE(eventually(
        [&] {
            const auto m = metrics_of(daemon);
            most_on_disk = std::max(most_on_disk, at(m, "gleaner_urls_backlogged"));
            most_files = std::max(most_files, backlog_files());
            return at(m, "gleaner_plugin_delivered_total{plugin=\"stream\"}") == kArticles &&
                   at(m, "gleaner_urls_backlogged") == 0;
        },
        60s))
        << daemon.log();
    daemon.signal(SIGTERM);
    ASSERT_EQ(daemon.wait(), 0) << daemon.log();

    EXPECT_GE(most_on_disk, 20) << "the listing's surplus waited on disk";
    EXPECT_EQ(most_files, 1u) << "in one backlog file";
    EXPECT_EQ(backlog_files(), 0u) << "read to its end, the file is gone";
    const auto titles = stored_titles();
    EXPECT_EQ(titles.size(), static_cast<std::size_t>(kArticles));
    EXPECT_EQ(std::set<std::string>(titles.begin(), titles.end()).size(), titles.size()) << "each URL once";
    std::size_t fetched = 0;
    for (const auto& r : site_.requests())
        if (r.path.rfind("/long/", 0) == 0) ++fetched;
    EXPECT_EQ(fetched, static_cast<std::size_t>(kArticles)) << "every listed URL fetched once";
}

TEST_F(LongListingTest, AStopWhileURLsWaitOnDiskDropsThemPromptlyAndTheNextRunListsThemAgain) {
    {
        DaemonProcess daemon({"run", "--config", config_.string()}, dir_ / "first.log");
        ASSERT_TRUE(eventually([&] { return at(metrics_of(daemon), "gleaner_urls_backlogged") > 0; })) << daemon.log();
        const auto stop_sent = std::chrono::steady_clock::now();
        daemon.signal(SIGTERM);
        ASSERT_EQ(daemon.wait(), 0) << daemon.log();
        EXPECT_LT(std::chrono::steady_clock::now() - stop_sent, 10s)
            << "the stop waited for URLs it will not fetch:\n" << daemon.log();
    }
    const auto first_run = stored_titles().size();
    EXPECT_LT(first_run, static_cast<std::size_t>(kArticles));

    // The cut-short pass did not keep the sitemap's validators, so the next run (its backlog
    // directory cleared) gets the sitemap in full, not a 304, and finishes the job.
    const auto sitemap_requests = [this] { return site_.requests_for("/sitemap.xml"); };
    ASSERT_EQ(sitemap_requests().size(), 1u);
    const auto [status, log] = run_once(config_);
    ASSERT_EQ(status, 0) << log;
    ASSERT_EQ(sitemap_requests().size(), 2u);
    EXPECT_EQ(sitemap_requests()[1].header("If-None-Match"), "") << "the interrupted pass saved the validators";
    const auto titles = stored_titles();
    EXPECT_EQ(titles.size(), static_cast<std::size_t>(kArticles)) << log;
    EXPECT_EQ(std::set<std::string>(titles.begin(), titles.end()).size(), titles.size());
    EXPECT_EQ(backlog_files(), 0u);

    // That pass ended: its validators were kept, and the next run's sitemap fetch is conditional.
    const auto [again, again_log] = run_once(config_);
    ASSERT_EQ(again, 0) << again_log;
    ASSERT_EQ(sitemap_requests().size(), 3u);
    EXPECT_EQ(sitemap_requests()[2].header("If-None-Match"), "\"v1\"");
    EXPECT_EQ(stored_titles().size(), static_cast<std::size_t>(kArticles)) << "nothing emitted twice";
}

TEST_F(LongListingTest, WhenTheBacklogCannotBeWrittenTheURLsWaitInMemoryAndNoneIsLost) {
    // The sitemap answers after a second; meanwhile the backlog folder becomes a plain file, so
    // writing a backlog file into it fails (whatever the test's privileges).
    site_.on("/sitemap.xml", [this](const gleaner::test::ReceivedRequest&) {
        auto response = TestResponse::text(urlset_, "application/xml");
        response.delay = 1s;
        return response;
    });
    DaemonProcess daemon({"run", "--config", config_.string()}, dir_ / "daemon.log");
    ASSERT_TRUE(eventually([&] { return !site_.requests_for("/robots.txt").empty(); })) << daemon.log();
    const auto backlog = dir_ / "state" / "backlog";
    std::filesystem::remove_all(backlog);
    std::ofstream(backlog) << "not a folder\n";

    double most_on_disk = 0;
    ASSERT_TRUE(eventually(
        [&] {
            const auto m = metrics_of(daemon);
            most_on_disk = std::max(most_on_disk, at(m, "gleaner_urls_backlogged"));
            return at(m, "gleaner_plugin_delivered_total{plugin=\"stream\"}") == kArticles;
        },
        60s))
        << daemon.log();
    daemon.signal(SIGTERM);
    ASSERT_EQ(daemon.wait(), 0) << daemon.log();

    EXPECT_EQ(log_lines_with(daemon.log(), {"cannot write URL backlog", "source=long"}).size(), 1u) << daemon.log();
    EXPECT_EQ(most_on_disk, 0) << "nothing reached the disk";
    const auto titles = stored_titles();
    EXPECT_EQ(titles.size(), static_cast<std::size_t>(kArticles));
    EXPECT_EQ(std::set<std::string>(titles.begin(), titles.end()).size(), titles.size());
}
