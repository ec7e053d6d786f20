// The daemon against a server that misbehaves on the wire: slow and stalled bodies, connections
// reset mid-body, 5xx before a 200, 429 with Retry-After, redirect loops and chains, a gzip bomb.
// Each test shows what was stored, what the log says (failure kind and URL), what the counters say,
// and that the daemon carried on: the other articles arrive and it stops cleanly (exit 0).
#include <algorithm>

#include "test_crawl_fixture.h"

using namespace gleaner::testing;
using gleaner::test::TestResponse;
using namespace std::chrono_literals;

TEST_F(CrawlTest, ASlowBodyIsWaitedForAndAStalledOneTimesOutWhileOthersAreStored) {
    serve_article("/steady.html", 0);
    // About 1.5 KB/s: slow, but well above the low-speed limit, so it is waited for.
    server_->serve_slow("/slow.html", generated_article(1), 256, 150ms);
    // 20 bytes/s: below the 100 bytes/s low-speed limit for longer than low_speed_time.
    server_->serve_slow("/stalled.html", generated_article(2), 8, 400ms);
    const auto config = write_config(crawl_config(
        source("pages", "page", {server_->url("/steady.html"), server_->url("/slow.html"), server_->url("/stalled.html")}),
        "low_speed_limit: 100, low_speed_time: 1s"));
    const auto pass = run_one_pass(config, 1);
    EXPECT_EQ(pass.exit_status, 0) << pass.log;

    EXPECT_EQ(stored_titles(), (std::vector<std::string>{title_of(0), title_of(1)})) << pass.log;
    const auto stalled = log_lines_with(pass.log, {"fetch failed", "/stalled.html", "kind=timeout"});
    EXPECT_EQ(stalled.size(), 1u) << pass.log;
    EXPECT_EQ(server_->request_count("/stalled.html"), 3u) << "a timeout is temporary: tried max_attempts times";
    EXPECT_EQ(pass.fetches("timeout"), 1);
    EXPECT_EQ(pass.fetches("ok"), 2);
    EXPECT_EQ(pass.metric("gleaner_fetch_retries_total"), 2);
    EXPECT_EQ(pass.source("pages")["totals"]["failures"], (nlohmann::json{{"timeout", 1}}));
}

TEST_F(CrawlTest, AConnectionResetMidBodyIsRetriedAndAPersistentOneIsLoggedAsConnect) {
    serve_article("/steady.html", 0);
    TestResponse reset = article_response(1);
    reset.reset_after = 300;  // the whole body announced, 300 bytes sent, then RST
    server_->serve_sequence("/reset-once.html", {reset, article_response(1)});
    server_->serve_reset_mid_body("/reset-always.html", generated_article(2), 300);
    const auto config = write_config(crawl_config(source(
        "pages", "page",
        {server_->url("/reset-once.html"), server_->url("/reset-always.html"), server_->url("/steady.html")})));
    const auto pass = run_one_pass(config, 1);
    EXPECT_EQ(pass.exit_status, 0) << pass.log;

    EXPECT_EQ(stored_titles(), (std::vector<std::string>{title_of(0), title_of(1)})) << pass.log;
    const auto recovered = stored_titled(title_of(1));
    ASSERT_FALSE(recovered.is_null());
    EXPECT_EQ(recovered["provenance"]["attempts"], 2) << "stored from the second attempt";
    EXPECT_EQ(server_->request_count("/reset-once.html"), 2u);
    EXPECT_EQ(server_->request_count("/reset-always.html"), 3u);
    EXPECT_EQ(log_lines_with(pass.log, {"fetch failed", "/reset-always.html", "kind=connect"}).size(), 1u) << pass.log;
    EXPECT_EQ(pass.fetches("connect"), 1);
    EXPECT_EQ(pass.fetches("ok"), 2);
    EXPECT_EQ(pass.metric("gleaner_fetch_retries_total"), 1 + 2);
}

TEST_F(CrawlTest, ServerErrorsBeforeA200AreRetriedAndTheArticleIsStored) {
    serve_article("/steady.html", 0);
    server_->serve_sequence("/flaky.html", {TestResponse::with_status(500, "oops"),
                                            TestResponse::with_status(503, "busy"), article_response(1)});
    server_->serve_sequence("/broken.html", {TestResponse::with_status(500, "always broken")});
    const auto config = write_config(crawl_config(
        source("pages", "page", {server_->url("/flaky.html"), server_->url("/broken.html"), server_->url("/steady.html")})));
    const auto pass = run_one_pass(config, 1);
    EXPECT_EQ(pass.exit_status, 0) << pass.log;

    EXPECT_EQ(stored_titles(), (std::vector<std::string>{title_of(0), title_of(1)})) << pass.log;
    const auto flaky = stored_titled(title_of(1));
    ASSERT_FALSE(flaky.is_null());
    EXPECT_EQ(flaky["provenance"]["http_status"], 200);
    EXPECT_EQ(flaky["provenance"]["attempts"], 3);
    EXPECT_EQ(server_->request_count("/flaky.html"), 3u);
    EXPECT_EQ(server_->request_count("/broken.html"), 3u) << "max_attempts: 3";
    EXPECT_EQ(log_lines_with(pass.log, {"fetch failed", "/broken.html", "kind=http_5xx", "http_status=500"}).size(), 1u)
        << pass.log;
    EXPECT_TRUE(log_lines_with(pass.log, {"fetch failed", "/flaky.html"}).empty()) << "a recovered fetch is no failure";
    EXPECT_EQ(pass.fetches("http_5xx"), 1);
    EXPECT_EQ(pass.metric("gleaner_http_responses_total{class=\"5xx\"}"), 2 + 3);
    EXPECT_EQ(sqlite_column("SELECT COUNT(*) FROM articles"), std::vector<std::string>{"2"});
}

TEST_F(CrawlTest, TooManyRequestsWithRetryAfterIsWaitedForThenStored) {
    serve_article("/steady.html", 0);
    server_->serve_sequence("/busy.html", {TestResponse::retry_after("1"), article_response(1)});
    // Asking for two hours is more than fetch.retry.max_delay: given up at once, not waited for.
    server_->serve_sequence("/overloaded.html", {TestResponse::retry_after("7200")});
    const auto config = write_config(crawl_config(
        source("pages", "page",
               {server_->url("/busy.html"), server_->url("/overloaded.html"), server_->url("/steady.html")}),
        "retry: { max_attempts: 3, base_delay: 100ms, max_delay: 1m }"));
    const auto pass = run_one_pass(config, 1);
    EXPECT_EQ(pass.exit_status, 0) << pass.log;

    EXPECT_EQ(stored_titles(), (std::vector<std::string>{title_of(0), title_of(1)})) << pass.log;
    const auto busy = server_->requests_for("/busy.html");
    ASSERT_EQ(busy.size(), 2u);
    EXPECT_GE(busy[1].received_at - busy[0].received_at, 950ms) << "Retry-After: 1 was honoured";
    EXPECT_EQ(stored_titled(title_of(1))["provenance"]["attempts"], 2);
    EXPECT_EQ(server_->request_count("/overloaded.html"), 1u);
    const auto refused = log_lines_with(pass.log, {"fetch failed", "/overloaded.html", "kind=http_4xx", "http_status=429"});
    ASSERT_EQ(refused.size(), 1u) << pass.log;
    EXPECT_NE(refused[0].find("more than fetch.retry.max_delay"), std::string::npos) << refused[0];
    EXPECT_EQ(pass.fetches("http_4xx"), 1);
}

TEST_F(CrawlTest, RedirectLoopsAndOverlongChainsFailAsTooManyRedirectsAndOthersAreStored) {
    server_->serve_redirect("/loop-a.html", "/loop-b.html");
    server_->serve_redirect("/loop-b.html", server_->url("/loop-a.html"));
    for (int hop = 1; hop <= 4; ++hop)
        server_->serve_redirect("/chain-" + std::to_string(hop) + ".html", "/chain-" + std::to_string(hop + 1) + ".html");
    serve_article("/chain-5.html", 2);
    server_->serve_redirect("/moved.html", "/gen/1.html", 301);
    serve_article("/gen/1.html", 1);
    serve_article("/steady.html", 0);
    const auto config = write_config(crawl_config(
        source("pages", "page",
               {server_->url("/loop-a.html"), server_->url("/chain-1.html"), server_->url("/moved.html"),
                server_->url("/steady.html")}),
        "max_redirects: 3"));
    const auto pass = run_one_pass(config, 1);
    EXPECT_EQ(pass.exit_status, 0) << pass.log;

    EXPECT_EQ(stored_titles(), (std::vector<std::string>{title_of(0), title_of(1)})) << pass.log;
    const auto loop = log_lines_with(pass.log, {"fetch failed", "/loop-a.html", "kind=too_many_redirects"});
    ASSERT_EQ(loop.size(), 1u) << pass.log;
    EXPECT_NE(loop[0].find("redirect loop"), std::string::npos) << loop[0];
    EXPECT_EQ(server_->request_count("/loop-a.html"), 1u) << "the loop is seen, not walked again";
    const auto chain = log_lines_with(pass.log, {"fetch failed", "/chain-1.html", "kind=too_many_redirects"});
    ASSERT_EQ(chain.size(), 1u) << pass.log;
    EXPECT_NE(chain[0].find("more than 3 redirects"), std::string::npos) << chain[0];
    EXPECT_EQ(server_->request_count("/chain-5.html"), 0u);
    EXPECT_EQ(pass.fetches("too_many_redirects"), 2);
    EXPECT_EQ(pass.metric("gleaner_fetch_retries_total"), 0) << "redirect failures are not temporary";
}

TEST_F(CrawlTest, AGzipBombIsAbortedAsTooLargeWithoutInflatingItAndGzipPagesAreStored) {
    // 512 MiB of zeros, about half a megabyte on the wire.
    server_->serve_gzip_bomb("/bomb.html", 512u << 20);
    server_->serve_gzip("/gzipped.html", generated_article(1));
    serve_article("/steady.html", 0);
    const auto config = write_config(crawl_config(
        source("pages", "page", {server_->url("/bomb.html"), server_->url("/gzipped.html"), server_->url("/steady.html")}),
        "max_body_bytes: 1MiB"));
    const auto pass = run_one_pass(config, 1);
    EXPECT_EQ(pass.exit_status, 0) << pass.log;

    EXPECT_EQ(stored_titles(), (std::vector<std::string>{title_of(0), title_of(1)})) << pass.log;
    EXPECT_EQ(log_lines_with(pass.log, {"fetch failed", "/bomb.html", "kind=too_large"}).size(), 1u) << pass.log;
    EXPECT_EQ(server_->request_count("/bomb.html"), 1u) << "too large is not temporary";
    EXPECT_EQ(pass.fetches("too_large"), 1);
    EXPECT_GT(pass.peak_rss_kib, 0);
    EXPECT_LT(pass.peak_rss_kib, 256 * 1024) << "the daemon never held the inflated body";
}

TEST_F(CrawlTest, AnUnresolvableHostAndAFailedTlsHandshakeAreClassifiedAndOthersStored) {
    serve_article("/steady.html", 0);
    // .invalid never resolves (RFC 6761); the test server speaks plain HTTP to a TLS ClientHello.
    const std::string tls_url = "https://127.0.0.1:" + std::to_string(server_->port()) + "/secure.html";
    const auto config = write_config(crawl_config(
        source("pages", "page", {"http://gleaner-e2e.invalid/story.html", tls_url, server_->url("/steady.html")})));
    const auto pass = run_one_pass(config, 1);
    EXPECT_EQ(pass.exit_status, 0) << pass.log;

    EXPECT_EQ(stored_titles(), std::vector<std::string>{title_of(0)}) << pass.log;
    EXPECT_EQ(log_lines_with(pass.log, {"fetch failed", "gleaner-e2e.invalid", "kind=dns"}).size(), 1u) << pass.log;
    EXPECT_EQ(log_lines_with(pass.log, {"fetch failed", "/secure.html", "kind=tls"}).size(), 1u) << pass.log;
    EXPECT_EQ(pass.fetches("dns"), 1);
    EXPECT_EQ(pass.fetches("tls"), 1);
    EXPECT_EQ(pass.fetches("ok"), 1);
    EXPECT_EQ(pass.source("pages")["totals"]["failures"], (nlohmann::json{{"dns", 1}, {"tls", 1}}));
}
