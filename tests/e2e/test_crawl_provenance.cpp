// Provenance end to end: every stored article says how it was obtained — requested and final URL
// after a redirect, redirect count, HTTP status, validators, the charset and the rule that chose it,
// the robots decision, extractor version, content fingerprint, fetch and publication times — and
// the record is the same in every plugin and agrees with the crawl state.
#include <sqlite3.h>

#include <ctime>
#include <fstream>

#include "test_crawl_fixture.h"

using namespace gleaner::testing;
using gleaner::test::TestResponse;
using namespace std::chrono_literals;

namespace {

std::int64_t epoch_ms(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::string iso_seconds(std::int64_t ms) {
    const std::time_t seconds = ms / 1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
    return text;
}

// One text value from an SQLite file (read-only), "" when there is no row.
std::string sqlite_value(const std::filesystem::path& file, const std::string& sql, const std::string& parameter) {
    sqlite3* db = nullptr;
    std::string value;
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK) {
            sqlite3_bind_text(stmt, 1, parameter.c_str(), -1, SQLITE_TRANSIENT);
            if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0))
                value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
        }
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return value;
}

}  // namespace

TEST_F(CrawlTest, EveryStoredArticleCarriesARecordOfHowItWasObtained) {
    server_->serve_robots("User-agent: *\nAllow: /\n");
    const std::string last_modified = gleaner::test::http_date(std::chrono::system_clock::now() - 3h);
    const std::string page = generated_article(0);
    server_->serve_redirect("/old/story.html", "/news/story.html", 301);
    server_->on("/news/story.html", [page, last_modified](const gleaner::test::ReceivedRequest&) {
        return TestResponse::text(page, "text/html; charset=utf-8")
            .header("ETag", "\"story-v7\"")
            .header("Last-Modified", last_modified);
    });
    serve_article("/gen/1.html", 1);
    server_->serve("/feed.xml",
                   "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>F</title><item><title>One</title>"
                   "<link>" + server_->url("/gen/1.html") + "</link><pubDate>Tue, 19 Nov 2019 10:00:00 GMT</pubDate>"
                   "</item></channel></rss>",
                   "application/rss+xml");
    const auto config = write_config(crawl_config(source("pinned", "page", {server_->url("/old/story.html")}) +
                                                  source("feed", "feed", {server_->url("/feed.xml")})));
    const auto before = epoch_ms(std::chrono::system_clock::now());
    const auto [status, log] = run_once(config);
    const auto after = epoch_ms(std::chrono::system_clock::now());
    ASSERT_EQ(status, 0) << log;
    ASSERT_EQ(stored().size(), 2u) << log;

    // The redirected page.
    const auto story = stored_titled(title_of(0));
    const auto& p = story["provenance"];
    EXPECT_EQ(p["requested_url"], server_->url("/old/story.html"));
    EXPECT_EQ(p["final_url"], server_->url("/news/story.html"));
    EXPECT_EQ(story["url"], server_->url("/news/story.html"));
    EXPECT_EQ(p["redirect_count"], 1);
    EXPECT_EQ(p["http_status"], 200);
    EXPECT_EQ(p["attempts"], 1);
    EXPECT_EQ(p["etag"], "\"story-v7\"");
    EXPECT_EQ(p["last_modified"], last_modified);
    EXPECT_EQ(p["content_type"], "text/html; charset=utf-8");
    EXPECT_EQ(p["charset"], "UTF-8");
    EXPECT_EQ(p["charset_source"], "http") << "the HTTP header decided (the <meta> agrees)";
    EXPECT_EQ(p["robots"], "allowed");
    const std::int64_t fetched_ms = p["fetched_at_ms"];
    EXPECT_GE(fetched_ms, before);
    EXPECT_LE(fetched_ms, after);
    EXPECT_EQ(p["fetched_at"].get<std::string>().substr(0, 19), iso_seconds(fetched_ms));

    // The extractor version is the one `gleaner extract` reports for the same page.
    std::ofstream(dir_ / "story.html") << page;
    const auto [extract_status, extracted] = run_gleaner({"extract", "--format", "json", (dir_ / "story.html").string()}, dir_);
    ASSERT_EQ(extract_status, 0) << extracted;
    EXPECT_EQ(p["extractor_version"], nlohmann::json::parse(extracted)["provenance"]["extractor_version"]);

    // The fingerprint is the one the crawl state keeps for dedup, for the canonical URL.
    const std::string canonical = story["canonical_url"];
    EXPECT_EQ(canonical, server_->url("/news/story.html"));
    EXPECT_EQ(p["fingerprint"].get<std::string>().size(), 32u);
    EXPECT_EQ(p["fingerprint"], sqlite_value(dir_ / "state" / "gleaner.db",
                                             "SELECT fingerprint FROM urls WHERE canonical_url = ?", canonical));
    // The sqlite plugin stored the same record.
    EXPECT_EQ(nlohmann::json::parse(sqlite_value(dir_ / "articles.db",
                                                 "SELECT provenance FROM articles WHERE canonical_url = ?", canonical)),
              p);

    // The feed entry: no redirect, no validators; its publication time came from the feed.
    const auto entry = stored_titled(title_of(1));
    const auto& q = entry["provenance"];
    EXPECT_EQ(q["requested_url"], server_->url("/gen/1.html"));
    EXPECT_EQ(q["final_url"], server_->url("/gen/1.html"));
    EXPECT_EQ(q["redirect_count"], 0);
    EXPECT_EQ(q["etag"], "");
    EXPECT_EQ(q["last_modified"], "");
    EXPECT_NE(q["fingerprint"], p["fingerprint"]);
    EXPECT_EQ(entry["published_source"], "feed");
    EXPECT_EQ(entry["published_at_ms"], 1574157600000LL) << "Tue, 19 Nov 2019 10:00:00 GMT";
    EXPECT_EQ(entry["source"], "feed");
    EXPECT_EQ(story["source"], "pinned");
}
