// `gleaner run --once` end to end: a real daemon process fetches from a real local HTTP server,
// extracts, and both built-in plugins store the articles.
#include <algorithm>

#include "e2e_fixture.h"

using gleaner::testing::EndToEndTest;
using gleaner::testing::run_gleaner;

namespace {

std::size_t count(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_F(EndToEndTest, OncePassIngestsAFeedAndAPageIntoBothPlugins) {
    serve_news_site();
    server_->serve("/extra.html", fixture("suv.html"));  // same story, second URL: must be stored once
    const auto config = write_config(config_with_sources(
        "  - name: local-feed\n"
        "    type: feed\n"
        "    urls: [ \"" + server_->url("/feed.xml") + "\" ]\n"
        "  - name: pinned\n"
        "    type: page\n"
        "    urls: [ \"" + server_->url("/extra.html") + "\" ]\n"));
    const auto [status, log] = run_gleaner({"run", "--config", config.string(), "--once"}, dir_);
    ASSERT_EQ(status, 0) << log;

    const auto articles = jsonl_articles();
    ASSERT_EQ(articles.size(), 3u) << log;
    std::vector<std::string> titles;
    for (const auto& a : articles) {
        titles.push_back(a["title"]);
        EXPECT_GT(a["word_count"].get<int>(), 200) << a["title"];
        EXPECT_EQ(a["provenance"]["http_status"], 200);
        EXPECT_EQ(a["provenance"]["robots"], "allowed");
        EXPECT_FALSE(a["provenance"]["fingerprint"].get<std::string>().empty());
        EXPECT_EQ(a["language"].get<std::string>().substr(0, 2), "en");
    }
    std::sort(titles.begin(), titles.end());
    EXPECT_EQ(titles, (std::vector<std::string>{
                          "New SUVs and electric vehicles highlight L.A. Auto Show",
                          "New York State Attorney General investigating WeWork and former CEO",
                          "The VW ID. SPACE VIZZION is a weird EV sports wagon with a secret message"}));
    EXPECT_EQ(sqlite_column("SELECT COUNT(*) FROM articles"), std::vector<std::string>{"3"});
    // The page names venturebeat.com as its canonical URL, but it was fetched from this site: a
    // claim on another site's URL never becomes the article's identity (it would displace that
    // site's own story); it is kept in the provenance.
    const auto wework = sqlite_column("SELECT canonical_url FROM articles WHERE title LIKE '%WeWork%'");
    ASSERT_EQ(wework.size(), 1u);
    EXPECT_EQ(wework[0].rfind("http://127.0.0.1:", 0), 0u) << wework[0];
    for (const auto& a : articles) {
        if (a["title"].get<std::string>().find("WeWork") == std::string::npos) continue;
        EXPECT_EQ(a["provenance"]["declared_canonical"],
                  "https://venturebeat.com/2019/11/18/new-york-state-attorney-general-investigating-wework-and-former-ceo/");
    }
    // One log line per article, with title, word count and URL.
    EXPECT_EQ(count(log, "words="), 3u) << log;
    EXPECT_NE(log.find("WeWork and former CEO"), std::string::npos) << log;
}

TEST_F(EndToEndTest, ASecondRunStoresNoDuplicateAndDoesNotRefetchKnownArticles) {
    serve_news_site();
    const auto config = write_config(config_with_sources(
        "  - name: local-feed\n"
        "    type: feed\n"
        "    urls: [ \"" + server_->url("/feed.xml") + "\" ]\n"));
    auto [first, log1] = run_gleaner({"run", "--config", config.string(), "--once"}, dir_);
    ASSERT_EQ(first, 0) << log1;
    ASSERT_EQ(jsonl_articles().size(), 3u);
    server_->clear_log();

    auto [second, log2] = run_gleaner({"run", "--config", config.string(), "--once"}, dir_);
    ASSERT_EQ(second, 0) << log2;
    EXPECT_EQ(jsonl_articles().size(), 3u) << "nothing re-emitted after a restart";
    EXPECT_EQ(sqlite_column("SELECT COUNT(*) FROM articles"), std::vector<std::string>{"3"});
    EXPECT_EQ(server_->request_count("/news/suv.html"), 0u) << "delivered articles are not fetched again";
    EXPECT_EQ(server_->request_count("/feed.xml"), 1u);
}

TEST_F(EndToEndTest, FetchFailuresAreLoggedWithUrlAndReasonAndTheRunCarriesOn) {
    serve_news_site();
    server_->serve_sequence("/gone.html", {gleaner::test::TestResponse::with_status(404, "not here")});
    const auto config = write_config(config_with_sources(
        "  - name: pages\n"
        "    type: page\n"
        "    urls: [ \"" + server_->url("/gone.html") + "\", \"" + server_->url("/nowhere.html") + "\", \"" +
        server_->url("/news/vizzion.html") + "\", \"http://127.0.0.1:1/refused.html\" ]\n"));
    const auto [status, log] = run_gleaner({"run", "--config", config.string(), "--once"}, dir_);
    ASSERT_EQ(status, 1) << "a source that failed makes --once fail: " << log;
    EXPECT_NE(log.find("run --once: 1 problem(s)\n  source pages failed: "), std::string::npos) << log;
    EXPECT_EQ(jsonl_articles().size(), 1u) << log;
    EXPECT_NE(log.find("fetch failed"), std::string::npos) << log;
    EXPECT_NE(log.find("/gone.html"), std::string::npos) << log;
    EXPECT_NE(log.find("http_status=404"), std::string::npos) << log;
    EXPECT_NE(log.find("kind=connect"), std::string::npos) << log;
}

TEST_F(EndToEndTest, AnInvalidConfigurationIsRefusedWithEveryErrorPositioned) {
    const auto config = write_config(
        "state_dir: state\n"
        "sources:\n"
        "  - name: s\n"
        "    type: page\n"
        "    urls: [ \"https://example.org/a\" ]\n"
        "    interval: 15 minutes\n"
        "plugins:\n"
        "  - name: p\n"
        "    type: carrier-pigeon\n");
    const auto [status, log] = run_gleaner({"run", "--config", config.string(), "--once"}, dir_);
    EXPECT_EQ(status, 1) << log;
    EXPECT_NE(log.find(config.string() + ":6:15: sources[0].interval: invalid duration"), std::string::npos) << log;
    EXPECT_NE(log.find(config.string() + ":9:11: plugins[0].type: unknown plugin type \"carrier-pigeon\""),
              std::string::npos)
        << log;

    const auto [check_status, check_log] = run_gleaner({"check-config", config.string()}, dir_);
    EXPECT_EQ(check_status, 1);
    EXPECT_NE(check_log.find("2 error(s)"), std::string::npos) << check_log;
}

TEST_F(EndToEndTest, CheckConfigValidatesPluginSettingsAgainstTheirDeclaredKeys) {
    const auto good = write_config(config_with_sources(
        "  - name: s\n    type: page\n    urls: [ \"https://example.org/a\" ]\n"));
    const auto [ok_status, ok_log] = run_gleaner({"check-config", good.string()}, dir_);
    EXPECT_EQ(ok_status, 0) << ok_log;
    EXPECT_NE(ok_log.find("OK (1 source(s), 2 plugin(s)"), std::string::npos) << ok_log;

    const auto bad = write_config(
        "sources:\n"
        "  - name: s\n"
        "    type: page\n"
        "    urls: [ \"https://example.org/a\" ]\n"
        "plugins:\n"
        "  - name: archive\n"
        "    type: sqlite\n"
        "    config: { path: a.db, busy_timeout: forever, colour: blue }\n");
    const auto [bad_status, bad_log] = run_gleaner({"check-config", bad.string()}, dir_);
    EXPECT_EQ(bad_status, 1) << bad_log;
    EXPECT_NE(bad_log.find("plugins[0].config.busy_timeout"), std::string::npos) << bad_log;
    EXPECT_NE(bad_log.find("plugins[0].config.colour"), std::string::npos) << bad_log;
}
