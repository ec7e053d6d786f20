// The pipeline as a whole, without a network or a database server: canned HTTP answers (a fake
// PageFetcher), a real SQLite store in a temporary folder, the real extractor. Runs the event loop
// in the test's thread until the condition a test waits for holds.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

#include "archive/warc_file_writer.h"
#include "extract/page_type/page_type_verdict.h"
#include "pipeline/clock.h"
#include "pipeline/page_fetcher.h"
#include "pipeline/pipeline.h"
#include "pipeline/pipeline_stats.h"
#include "plugins/delivery.h"
#include "state/sqlite_store.h"

namespace gleaner::pipeline {
namespace {

// Answers GETs from a table of canned responses, each URL's answers used in turn (the last one
// repeats), on the I/O thread like the real fetcher. Records every request.
class CannedWeb final : public PageFetcher {
public:
    explicit CannedWeb(boost::asio::io_context& io) : io_(io) {}

    void serve(const std::string& url, fetch::Response response) { answers_[url].push_back(std::move(response)); }
    void page(const std::string& url, const std::string& html) {
        fetch::Response r;
        r.http_status = 200;
        r.content_type = "text/html; charset=utf-8";
        r.body = html;
        serve(url, std::move(r));
    }
    void xml(const std::string& url, const std::string& body, const std::string& etag = {}) {
        fetch::Response r;
        r.http_status = 200;
        r.content_type = "application/xml";
        r.body = body;
        r.etag = etag;
        serve(url, std::move(r));
    }
    void status(const std::string& url, long code) {
        fetch::Response r;
        r.http_status = code;
        r.failure = code >= 500 ? fetch::FailureKind::http_5xx : fetch::FailureKind::http_4xx;
        r.error = url + ": HTTP " + std::to_string(code);
        serve(url, std::move(r));
    }

    void fetch(fetch::Request request, std::function<void(fetch::Response)> on_done) override {
        requests.push_back(request);
        fetch::Response r;
        auto it = answers_.find(request.url);
        if (it == answers_.end()) {
            r.http_status = 404;
            r.failure = fetch::FailureKind::http_4xx;
            r.error = request.url + ": HTTP 404";
        } else {
            auto& queue = it->second;
            r = queue.front();
            if (queue.size() > 1) queue.pop_front();
            // A conditional request for an unchanged document is answered 304.
            if (!request.etag.empty() && request.etag == r.etag) {
                r.not_modified = true;
                r.body.clear();
                r.http_status = 304;
            }
        }
        r.requested_url = request.url;
        r.fetched_at = std::chrono::system_clock::now();
        boost::asio::post(io_, [r = std::move(r), on_done = std::move(on_done)]() mutable { on_done(std::move(r)); });
    }

    std::size_t count(const std::string& url) const {
        return static_cast<std::size_t>(std::count_if(requests.begin(), requests.end(),
                                                      [&](const fetch::Request& r) { return r.url == url; }));
    }
    std::vector<fetch::Request> requests;

private:
    boost::asio::io_context& io_;
    std::map<std::string, std::deque<fetch::Response>> answers_;
};

// A news page the extractor takes for an article: a headline and a few paragraphs of its own words.
std::string story(const std::string& title, const std::string& topic, const std::string& canonical = {}) {
    std::string html = "<html><head><title>" + title + "</title>";
    if (!canonical.empty()) html += "<link rel=\"canonical\" href=\"" + canonical + "\">";
    html += "</head><body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav><article><h1>" + title + "</h1>";
    for (int p = 0; p < 4; ++p) {
        html += "<p>";
        for (int w = 0; w < 30; ++w) html += topic + std::to_string(p * 100 + w) + " was reported by the council today ";
        html += ".</p>";
    }
    return html + "</article><footer>All rights reserved</footer></body></html>";
}

// A tag page: a grid of dated teasers, each a linked headline and a line of summary; no story.
std::string tag_page(const std::string& tag) {
    std::string html = "<html><head><title>" + tag + " - Tag - The Wire</title></head><body><nav><a href=\"/\">Home</a></nav>"
                       "<main><h1>" + tag + "</h1><ul class=\"teasers\">";
    for (int i = 0; i < 12; ++i) {
        const std::string n = std::to_string(i);
        html += "<li class=\"card\"><h2><a href=\"/news/" + tag + "-" + n + "\">" + tag + " " + n + " reaches the coast</a></h2>"
                "<p>A short summary of what " + tag + " " + n + " did next.</p><time datetime=\"2025-05-1" + std::to_string(i % 10) +
                "\">May</time></li>";
    }
    return html + "</ul></main><footer>All rights reserved</footer></body></html>";
}

std::string rss(const std::vector<std::string>& links) {
    std::string xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>";
    for (const auto& link : links) xml += "<item><title>" + link + "</title><link>" + link + "</link></item>";
    return xml + "</channel></rss>";
}

class PipelineTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("gleaner-pipeline-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        store_ = std::make_unique<state::SqliteStore>(dir_);
        delivery_ = std::make_unique<plugins::Delivery>(plugins::OutboxAccess{*store_, "node", lease_},
                                                        dir_ / "dead-letter.jsonl");
        config_.state_dir = dir_;
        config_.extract.workers = 2;
        config_.fetch.retry.max_delay = std::chrono::milliseconds(1);  // frontier retries after a second
    }
    void TearDown() override {
        pool_->join();  // worker-pool jobs refer to the pipeline: they end first, as in the daemon
        pipeline_.reset();
        delivery_.reset();
        store_.reset();
        std::filesystem::remove_all(dir_);
    }

    config::SourceConfig& add_source(const std::string& name, config::SourceType type, std::vector<std::string> urls) {
        config::SourceConfig s;
        s.name = name;
        s.type = type;
        s.urls = std::move(urls);
        s.interval = std::chrono::hours(1);
        config_.sources.push_back(std::move(s));
        return config_.sources.back();
    }

    void start(bool once = false) {
        pipeline_ = std::make_unique<Pipeline>(
            Services{io_, *pool_, web_, *store_, *delivery_, clock_, counters_, "node", lease_, nullptr},
            std::make_shared<const config::Config>(config_), once);
        pipeline_->start();
    }

    // Runs the loop until `done` holds (checked every few milliseconds) or ten seconds pass.
    bool run_until(const std::function<bool()>& done) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (!done()) {
            if (std::chrono::steady_clock::now() > deadline) return false;
            io_.restart();
            io_.run_for(std::chrono::milliseconds(5));
        }
        return true;
    }
    bool stored(const std::string& url) { return store_->delivered(url); }

    std::filesystem::path dir_;
    boost::asio::io_context io_;
    std::unique_ptr<boost::asio::thread_pool> pool_ = std::make_unique<boost::asio::thread_pool>(2);
    CannedWeb web_{io_};
    SystemClock clock_;
    PipelineCounters counters_;
    std::chrono::milliseconds lease_{60'000};
    config::Config config_;
    std::unique_ptr<state::SqliteStore> store_;
    std::unique_ptr<plugins::Delivery> delivery_;
    std::unique_ptr<Pipeline> pipeline_;
};

TEST_F(PipelineTest, AFeedsArticlesGoThroughTheFrontierAndAnUnchangedFeedIsNotReadAgain) {
    const std::vector<std::string> links{"https://n.example/a", "https://n.example/b", "https://n.example/c"};
    web_.xml("https://n.example/rss", rss(links), "\"v1\"");
    for (const auto& link : links) web_.page(link, story("Story " + link, link.substr(link.size() - 1)));
    add_source("wire", config::SourceType::feed, {"https://n.example/rss"});
    start();
    ASSERT_TRUE(run_until([&] { return counters_.articles_spooled == 3; }));
    for (const auto& link : links) EXPECT_TRUE(stored(link)) << link;
    // The feed's validators were saved once its URLs were in the frontier.
    ASSERT_TRUE(run_until([&] { return store_->validators("https://n.example/rss").has_value(); }));
    EXPECT_EQ(store_->validators("https://n.example/rss")->first, "\"v1\"");
    EXPECT_EQ(store_->source("wire")->articles, 3);
    for (const auto& link : links) EXPECT_EQ(web_.count(link), 1u);
}

TEST_F(PipelineTest, PagesOfATypeNotListedInPageTypesAreCountedAndNotHandedToPlugins) {
    web_.xml("https://n.example/rss", rss({"https://n.example/story", "https://n.example/tag/storms"}));
    web_.page("https://n.example/story", story("Story", "harbour"));
    web_.page("https://n.example/tag/storms", tag_page("storms"));
    add_source("wire", config::SourceType::feed, {"https://n.example/rss"});
    ASSERT_EQ(config_.extract.page_types, std::vector<std::string>{"article"});  // the default
    start(true);
    bool done = false;
    pipeline_->on_passes_done([&] { done = true; });
    ASSERT_TRUE(run_until([&] { return done && pipeline_->work_in_flight() == 0; }));
    EXPECT_TRUE(stored("https://n.example/story"));
    EXPECT_FALSE(stored("https://n.example/tag/storms"));
    EXPECT_EQ(counters_.articles_spooled, 1u);
    EXPECT_EQ(counters_.skipped_by_type[static_cast<std::size_t>(extract::PageType::listing)], 1u);
    EXPECT_EQ(pipeline_->stats().skipped_by_type[static_cast<std::size_t>(extract::PageType::listing)], 1u);
    // The source's outcomes say so, and a skip is not a failure of the source.
    const auto sources = pipeline_->source_status();
    ASSERT_EQ(sources.size(), 1u);
    EXPECT_EQ(sources[0].fates[static_cast<std::size_t>(pipeline::ArticleFate::skipped_by_type)], 1u);
    EXPECT_EQ(sources[0].failures, 0u);
    // Skipped is finished: the frontier holds nothing more to fetch, and the page was fetched once.
    const auto frontier = store_->stats("node", clock_.now_ms(), 0);
    EXPECT_EQ(frontier.frontier_queued + frontier.frontier_waiting + frontier.frontier_claimed, 0);
    EXPECT_EQ(frontier.frontier_done, 2);
    EXPECT_EQ(web_.count("https://n.example/tag/storms"), 1u);
}

TEST_F(PipelineTest, ListingPagesGoToPluginsWhenPageTypesListsThem) {
    web_.xml("https://n.example/rss", rss({"https://n.example/tag/storms"}));
    web_.page("https://n.example/tag/storms", tag_page("storms"));
    add_source("wire", config::SourceType::feed, {"https://n.example/rss"});
    config_.extract.page_types = {"article", "listing"};
    start(true);
    ASSERT_TRUE(run_until([&] { return counters_.articles_spooled == 1; }));
    EXPECT_TRUE(stored("https://n.example/tag/storms"));
    EXPECT_EQ(counters_.skipped_by_type[static_cast<std::size_t>(extract::PageType::listing)], 0u);
}

TEST_F(PipelineTest, ASitemapIndexThatListsItselfIsReadOncePerPass) {
    web_.xml("https://n.example/sitemap.xml", R"(<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://n.example/sitemap.xml</loc></sitemap>
<sitemap><loc>https://n.example/news.xml</loc></sitemap>
</sitemapindex>)");
    web_.xml("https://n.example/news.xml", R"(<?xml version="1.0"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://n.example/s1</loc></url>
</urlset>)");
    web_.page("https://n.example/s1", story("One", "alpha"));
    add_source("map", config::SourceType::sitemap, {"https://n.example/sitemap.xml"});
    start(true);
    bool done = false;
    pipeline_->on_passes_done([&] { done = true; });
    ASSERT_TRUE(run_until([&] { return done; }));
    EXPECT_EQ(web_.count("https://n.example/sitemap.xml"), 1u);
    EXPECT_EQ(web_.count("https://n.example/news.xml"), 1u);
    EXPECT_TRUE(stored("https://n.example/s1"));
}

TEST_F(PipelineTest, AnArticleThatFailsForAWhileIsStoredOnceItsSiteRecoversThoughTheFeedAnswers304) {
    web_.xml("https://n.example/rss", rss({"https://n.example/flaky"}), "\"v1\"");
    web_.status("https://n.example/flaky", 503);
    web_.status("https://n.example/flaky", 503);
    web_.page("https://n.example/flaky", story("Back", "recovered"));
    add_source("wire", config::SourceType::feed, {"https://n.example/rss"});
    start();
    ASSERT_TRUE(run_until([&] { return stored("https://n.example/flaky"); }));
    EXPECT_EQ(web_.count("https://n.example/flaky"), 3u);
    EXPECT_EQ(web_.count("https://n.example/rss"), 1u);  // the URL came back from the frontier, not the feed
    EXPECT_EQ(counters_.fetch_failures, 2u);
}

TEST_F(PipelineTest, PagesWhoseTemplateNamesOneCanonicalURLAreStoredEachUnderItsOwn) {
    // Every page says it is the home page, and one claims a page of another site: claims, not facts.
    web_.xml("https://n.example/rss", rss({"https://n.example/1", "https://n.example/2", "https://n.example/3"}));
    web_.page("https://n.example/1", story("One", "harbour", "https://n.example/"));
    web_.page("https://n.example/2", story("Two", "railway", "https://n.example/"));
    web_.page("https://n.example/3", story("Three", "orchard", "https://victim.example/real-story"));
    add_source("wire", config::SourceType::feed, {"https://n.example/rss"});
    start();
    ASSERT_TRUE(run_until([&] { return counters_.articles_spooled == 3; }));
    EXPECT_TRUE(stored("https://n.example/1"));
    EXPECT_TRUE(stored("https://n.example/2"));
    EXPECT_TRUE(stored("https://n.example/3"));
    EXPECT_FALSE(stored("https://n.example/"));
    EXPECT_FALSE(stored("https://victim.example/real-story"));
}

TEST_F(PipelineTest, TheSameStoryUnderTwoURLsIsStoredOnce) {
    web_.xml("https://n.example/rss", rss({"https://n.example/story", "https://n.example/amp/story"}));
    web_.page("https://n.example/story", story("Story", "identical"));
    web_.page("https://n.example/amp/story", story("Story", "identical"));
    add_source("wire", config::SourceType::feed, {"https://n.example/rss"});
    start(true);
    bool done = false;
    pipeline_->on_passes_done([&] { done = true; });
    ASSERT_TRUE(run_until([&] { return done; }));
    EXPECT_EQ(counters_.articles_spooled, 1u);
    EXPECT_EQ(counters_.duplicates, 1u);
}

TEST_F(PipelineTest, MaxArticlesBoundsWhatOnePassAddsAndTheRestComeNextPass) {
    std::vector<std::string> links;
    for (int i = 0; i < 5; ++i) links.push_back("https://n.example/" + std::to_string(i));
    web_.xml("https://n.example/rss", rss(links), "\"v1\"");
    for (const auto& link : links) web_.page(link, story("Story " + link, "topic" + link.substr(link.size() - 1)));
    auto& source = add_source("wire", config::SourceType::feed, {"https://n.example/rss"});
    source.max_articles = 2;
    start(true);
    bool done = false;
    pipeline_->on_passes_done([&] { done = true; });
    ASSERT_TRUE(run_until([&] { return done; }));
    EXPECT_EQ(counters_.articles_spooled, 2u);
    // The feed was cut short, so its validators were not saved: the next pass reads it in full.
    EXPECT_FALSE(store_->validators("https://n.example/rss"));
}

TEST_F(PipelineTest, ASourceRemovedByAReloadMidPassStillDeliversWhatItListed) {
    web_.xml("https://n.example/rss", rss({"https://n.example/a", "https://n.example/b"}));
    web_.page("https://n.example/a", story("A", "lighthouse"));
    web_.page("https://n.example/b", story("B", "vineyard"));
    add_source("wire", config::SourceType::feed, {"https://n.example/rss"});
    start();
    ASSERT_TRUE(run_until([&] { return !web_.requests.empty(); }));
    auto next = config_;
    next.sources.clear();
    pipeline_->reconfigure(std::make_shared<const config::Config>(next));
    ASSERT_TRUE(run_until([&] { return stored("https://n.example/a") && stored("https://n.example/b"); }));
    ASSERT_TRUE(run_until([&] { return pipeline_->work_in_flight() == 0; }));
}

TEST_F(PipelineTest, AStopLeavesUnfetchedURLsInTheFrontierForTheNextRun) {
    std::vector<std::string> links;
    for (int i = 0; i < 40; ++i) links.push_back("https://n.example/s" + std::to_string(i));
    web_.xml("https://n.example/rss", rss(links), "\"v1\"");
    for (const auto& link : links) web_.page(link, story("Story " + link, "word" + link.substr(18)));
    add_source("wire", config::SourceType::feed, {"https://n.example/rss"});
    config_.fetch.concurrency = 1;
    start();
    ASSERT_TRUE(run_until([&] { return counters_.articles_spooled >= 1; }));
    pipeline_->stop_scheduling();
    ASSERT_TRUE(run_until([&] { return pipeline_->work_in_flight() == 0; }));
    const auto before = counters_.articles_spooled.load();
    EXPECT_LT(before, 40u);
    // A new run (same store) finds the rest in the frontier; the feed answers 304.
    pool_->join();
    pipeline_.reset();
    pool_ = std::make_unique<boost::asio::thread_pool>(2);
    store_->release_leases("node");
    config_.fetch.concurrency = 8;
    start();
    ASSERT_TRUE(run_until([&] { return counters_.articles_spooled == 40; }));
    for (const auto& link : links) EXPECT_TRUE(stored(link)) << link;
}

// ---- warc sources: the records of WARC files are the articles

// A `response` record as a crawler writes it.
archive::WarcRecord response_record(const std::string& url, const std::string& content_type, const std::string& body,
                                    int status = 200) {
    archive::WarcRecord record;
    record.add("WARC-Type", "response")
        .add("WARC-Record-ID", archive::new_record_id())
        .add("WARC-Date", "2025-03-04T05:06:07Z")
        .add("WARC-Target-URI", url)
        .add("Content-Type", "application/http;msgtype=response");
    record.block = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: " + content_type +
                   "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    return record;
}

std::string archived_url(int i) { return "https://archive.example/story/" + std::to_string(i); }

// `count` stories in one file written by our own writer (one gzip member per record), with an
// image and a 404 among them that are no articles.
std::filesystem::path write_archive(const std::filesystem::path& dir, int count) {
    {
        archive::WarcFileWriter writer(dir, 1LL << 40, "software: gleaner tests\r\n");
        for (int i = 0; i < count; ++i) {
            writer.write({response_record(archived_url(i), "text/html; charset=utf-8",
                                          story("Archived story " + std::to_string(i), "q" + std::to_string(i) + "z"))});
            if (i == count / 2) {
                writer.write({response_record("https://archive.example/logo.png", "image/png", "PNG")});
                writer.write({response_record("https://archive.example/gone", "text/html", "<p>gone</p>", 404)});
            }
        }
    }
    for (const auto& entry : std::filesystem::directory_iterator(dir)) return entry.path();
    return {};
}

TEST_F(PipelineTest, AWarcSourceStoresEachHtmlResponseAndEachPassGoesOnWhereTheLastStopped) {
    const auto file = write_archive(dir_ / "warc", 70);
    auto& source = add_source("archive", config::SourceType::warc, {});
    source.paths = {(dir_ / "warc" / "*.warc.gz").string()};
    source.max_articles = 30;  // pages per pass: three passes read the file
    const auto run_pass = [&] {  // each in a pipeline of its own, as a restarted daemon runs it
        if (pipeline_) {
            pool_->join();
            pipeline_.reset();
            pool_ = std::make_unique<boost::asio::thread_pool>(2);
        }
        start(true);
        bool done = false;
        pipeline_->on_passes_done([&] { done = true; });
        return run_until([&] { return done && pipeline_->work_in_flight() == 0; });
    };

    ASSERT_TRUE(run_pass());
    EXPECT_EQ(counters_.archive_pages, 30u);
    EXPECT_EQ(counters_.articles_spooled, 30u);
    EXPECT_EQ(counters_.pages_fetched, 0u);  // nothing was fetched
    EXPECT_TRUE(web_.requests.empty());
    auto progress = store_->archive_progress("archive", file.string());
    ASSERT_TRUE(progress);
    EXPECT_FALSE(progress->finished);
    EXPECT_GT(progress->offset, 0u);
    for (int i = 0; i < 30; ++i) EXPECT_TRUE(stored(archived_url(i))) << i;
    EXPECT_FALSE(stored(archived_url(30)));

    ASSERT_TRUE(run_pass());  // a new pipeline on the same store: a restart
    EXPECT_EQ(counters_.archive_pages, 60u);
    EXPECT_EQ(counters_.articles_spooled, 60u);  // none of the first 30 again
    ASSERT_TRUE(run_pass());
    EXPECT_EQ(counters_.archive_pages, 70u);
    EXPECT_EQ(counters_.articles_spooled, 70u);
    EXPECT_EQ(counters_.duplicates, 0u);
    for (int i = 0; i < 70; ++i) EXPECT_TRUE(stored(archived_url(i))) << i;
    progress = store_->archive_progress("archive", file.string());
    ASSERT_TRUE(progress);
    EXPECT_TRUE(progress->finished);
    EXPECT_EQ(progress->offset, std::filesystem::file_size(file));
    EXPECT_EQ(progress->records, 1 + 70 + 2);  // warcinfo, stories, image and 404

    ASSERT_TRUE(run_pass());  // read to its end and unchanged: not read again
    EXPECT_EQ(counters_.archive_pages, 70u);
    EXPECT_EQ(store_->source("archive")->articles, 70);
}

TEST_F(PipelineTest, AWarcSourceSkipsADamagedRecordAndATornTailAndReadsTheRest) {
    std::filesystem::create_directories(dir_ / "plain");
    const auto file = dir_ / "plain" / "crawl.warc";
    const auto plain_url = [](int i) { return "https://plain.example/" + std::to_string(i); };
    {
        std::ofstream out(file, std::ios::binary);
        out << archive::serialize(response_record(plain_url(1), "text/html", story("First", "alpha")));
        std::string damaged = archive::serialize(response_record(plain_url(2), "text/html", story("Second", "beta")));
        const auto length = damaged.find("Content-Length: ");
        damaged.replace(length, 16, "Content-Length: x");  // no longer a number
        out << damaged;
        out << archive::serialize(response_record(plain_url(3), "text/html", story("Third", "gamma")));
    }
    // A crawl cut off in the middle of its last record (gzip per record).
    const auto torn = write_archive(dir_ / "torn", 5);
    std::filesystem::resize_file(torn, std::filesystem::file_size(torn) - 100);
    auto& source = add_source("plain", config::SourceType::warc, {});
    source.paths = {file.string(), (dir_ / "torn" / "*.warc.gz").string()};
    start(true);
    bool done = false;
    pipeline_->on_passes_done([&] { done = true; });
    ASSERT_TRUE(run_until([&] { return done && pipeline_->work_in_flight() == 0; }));
    EXPECT_EQ(counters_.archive_damaged, 2u);
    EXPECT_TRUE(stored(plain_url(1)));
    EXPECT_FALSE(stored(plain_url(2)));
    EXPECT_TRUE(stored(plain_url(3)));
    for (int i = 0; i < 4; ++i) EXPECT_TRUE(stored(archived_url(i))) << i;
    EXPECT_FALSE(stored(archived_url(4)));  // the torn record
    EXPECT_EQ(counters_.articles_spooled, 2u + 4u);
    EXPECT_TRUE(store_->archive_progress("plain", file.string())->finished);
    EXPECT_TRUE(store_->archive_progress("plain", torn.string())->finished);
}

}  // namespace
}  // namespace gleaner::pipeline
