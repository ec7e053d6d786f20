// `run --once` as cron sees it: a summary on stdout (per source: documents, articles new / unchanged /
// skipped by reason, failures by kind; per plugin: delivered, retried, dead-lettered) and an exit
// status that is not 0 when a source failed or an article did not get through, naming them. Expected
// refusals (robots.txt) are neither failures nor warnings.
#include <gtest/gtest.h>

#include "e2e_fixture.h"

namespace gleaner::testing {
namespace {

class RunSummaryTest : public EndToEndTest {
protected:
    std::pair<int, std::string> run_once(const std::string& yaml) {
        return run_gleaner({"run", "--config", write_config(yaml).string(), "--once"}, dir_);
    }
    std::string feed_source() const {
        return "  - { name: news, type: feed, urls: [\"" + server_->url("/feed.xml") + "\"] }\n";
    }
};

TEST_F(RunSummaryTest, ACleanRunSummarisesEverySourceAndPluginAndExitsZero) {
    serve_news_site();
    const auto [status, out] = run_once(config_with_sources(feed_source()));
    EXPECT_EQ(status, 0) << out;
    EXPECT_NE(out.find("news (feed): last pass "), std::string::npos) << out;
    EXPECT_NE(out.find("documents: 1; articles: 3 new, 0 unchanged\n"), std::string::npos) << out;
    EXPECT_NE(out.find("archive (sqlite): delivered 3, retried 0, dead-lettered 0, queue 0"), std::string::npos) << out;
    EXPECT_NE(out.find("run --once: every source passed and every article was delivered"), std::string::npos) << out;

    // Again: nothing new, and the summary says why each article was skipped.
    const auto [again, second] = run_once(config_with_sources(feed_source()));
    EXPECT_EQ(again, 0) << second;
    EXPECT_NE(second.find("articles: 0 new, 0 unchanged; skipped: 3 already_listed"), std::string::npos) << second;
    EXPECT_NE(second.find("stored since the state began: 3"), std::string::npos) << "totals come from the state\n"
                                                                                   << second;
    EXPECT_NE(second.find("note: source news stored nothing new: the 3 article(s) it listed were ingested before"),
              std::string::npos)
        << second;
}

TEST_F(RunSummaryTest, AFailedSourceMakesTheExitStatusNonZeroAndIsNamed) {
    serve_news_site();
    const auto [status, out] = run_once(config_with_sources(
        feed_source() + "  - { name: gone, type: feed, urls: [\"" + server_->url("/missing.xml") + "\"] }\n"));
    EXPECT_EQ(status, 1) << out;
    EXPECT_NE(out.find("failures: 1 http_4xx"), std::string::npos) << out;
    EXPECT_NE(out.find("run --once: 1 problem(s)\n  source gone failed: "), std::string::npos) << out;
    EXPECT_EQ(out.find("source news failed"), std::string::npos) << out;
}

TEST_F(RunSummaryTest, ADeadLetteredArticleMakesTheExitStatusNonZeroAndNamesThePlugin) {
    serve_news_site();
    const auto [status, out] = run_once(config_with_sources(feed_source(),
                                                            "  - name: refuser\n"
                                                            "    path: " RECORDER_PLUGIN "\n"
                                                            "    config: { out: refused.txt, mode: fail }\n"));
    EXPECT_EQ(status, 1) << out;
    EXPECT_NE(out.find("refuser ("), std::string::npos) << out;
    EXPECT_NE(out.find("dead-lettered 3"), std::string::npos) << out;
    EXPECT_NE(out.find("plugin refuser dead-lettered 3 article(s) (see "), std::string::npos) << out;
}

TEST_F(RunSummaryTest, APluginStillRetryingLeavesItsArticlesInTheOutboxAndTheRunSaysSo) {
    serve_news_site();
    const auto [status, out] = run_once(config_with_sources(feed_source(),
                                                            "  - name: flaky\n"
                                                            "    path: " RECORDER_PLUGIN "\n"
                                                            "    config: { out: flaky.txt, mode: retry }\n"
                                                            "    retry: { base_delay: 5m }\n"));
    EXPECT_EQ(status, 1) << out;
    EXPECT_NE(out.find("plugin flaky has 3 article(s) waiting for a retry (kept in the outbox for the next run)"),
              std::string::npos)
        << out;
}

TEST_F(RunSummaryTest, ARobotsRefusalIsLoggedAtInfoAndIsNoFailure) {
    serve_news_site();
    server_->serve_robots("User-agent: *\nDisallow: /news/suv.html\n");
    const auto [status, out] = run_once(config_with_sources(feed_source()));
    EXPECT_EQ(status, 0) << out;
    EXPECT_NE(out.find("articles: 2 new, 0 unchanged; skipped: 1 robots"), std::string::npos) << out;
    EXPECT_NE(out.find("info  fetch failed  source=news  url=" + server_->url("/news/suv.html") +
                       "  kind=robots_disallowed"),
              std::string::npos)
        << out;
    EXPECT_EQ(out.find(" warning "), std::string::npos) << out;
    EXPECT_NE(out.find("failures: none"), std::string::npos) << out;
}

}  // namespace
}  // namespace gleaner::testing
