// The daemon's politeness and identity as a server sees them: robots.txt Disallow (never fetched,
// logged as robots_disallowed), Crawl-delay (requests to the host spaced), and per-source user agent
// and headers (sent, and robots.txt judged for that agent).
#include <algorithm>

#include "test_crawl_fixture.h"

using namespace gleaner::testing;
using namespace std::chrono_literals;

TEST_F(CrawlTest, PagesDisallowedByRobotsAreNeverFetchedAndAreLoggedAsSuch) {
    server_->serve_robots("User-agent: *\nDisallow: /private/\n");
    serve_article("/private/secret.html", 1);
    serve_article("/public/open.html", 0);
    const auto config = write_config(crawl_config(source(
        "pages", "page", {server_->url("/private/secret.html"), server_->url("/public/open.html")})));
    const auto pass = run_one_pass(config, 1);
    EXPECT_EQ(pass.exit_status, 0) << pass.log;

    EXPECT_EQ(stored_titles(), std::vector<std::string>{title_of(0)}) << pass.log;
    EXPECT_EQ(server_->request_count("/private/secret.html"), 0u);
    EXPECT_EQ(server_->request_count("/robots.txt"), 1u) << "one robots.txt per host, cached";
    // An expected refusal: logged at info, not as a warning.
    const auto refused = log_lines_with(pass.log, {"info  fetch failed", "/private/secret.html", "kind=robots_disallowed"});
    ASSERT_EQ(refused.size(), 1u) << pass.log;
    EXPECT_NE(refused[0].find("disallowed by " + server_->origin() + "/robots.txt"), std::string::npos) << refused[0];
    EXPECT_EQ(pass.fetches("robots_disallowed"), 1);
    EXPECT_EQ(pass.metric("gleaner_robots_fetches_total"), 1);
    EXPECT_EQ(stored_titled(title_of(0))["provenance"]["robots"], "allowed");
}

TEST_F(CrawlTest, CrawlDelaySpacesTheRequestsToAHost) {
    server_->serve_robots("User-agent: *\nCrawl-delay: 0.4\nAllow: /\n");
    std::vector<std::string> urls;
    for (int i = 0; i < 4; ++i) {
        serve_article("/gen/" + std::to_string(i) + ".html", i);
        urls.push_back(server_->url("/gen/" + std::to_string(i) + ".html"));
    }
    // Four connections to the host would be allowed: only the crawl delay holds the requests apart.
    const auto config = write_config(crawl_config(source("pages", "page", urls), "per_host_concurrency: 4"));
    const auto pass = run_one_pass(config, 1);
    EXPECT_EQ(pass.exit_status, 0) << pass.log;
    EXPECT_EQ(stored().size(), 4u) << pass.log;

    std::vector<std::chrono::steady_clock::time_point> arrivals;
    for (const auto& request : server_->requests())
        if (request.path != "/robots.txt") arrivals.push_back(request.received_at);
    ASSERT_EQ(arrivals.size(), 4u);
    std::sort(arrivals.begin(), arrivals.end());
    for (std::size_t i = 1; i < arrivals.size(); ++i)
        EXPECT_GE(arrivals[i] - arrivals[i - 1], 380ms) << "request " << i << " came too soon after the previous one";
    EXPECT_EQ(server_->max_concurrent(), 1u);
}

TEST_F(CrawlTest, PerSourceUserAgentAndHeadersReachTheServerAndRobotsJudgeThatAgent) {
    server_->serve_robots("User-agent: SpecialBot\nDisallow: /gen/1.html\n\nUser-agent: *\nAllow: /\n");
    for (int i = 0; i < 3; ++i) serve_article("/gen/" + std::to_string(i) + ".html", i);
    const auto config = write_config(crawl_config(
        source("special", "page", {server_->url("/gen/0.html"), server_->url("/gen/1.html")},
               {"user_agent: \"SpecialBot/2.0 (+https://example.org/bot)\"",
                "headers: { X-Api-Key: k-123, Accept-Language: de }"}) +
            source("plain", "page", {server_->url("/gen/2.html")}),
        "headers: { X-Team: newsroom, Accept-Language: en }"));
    const auto pass = run_one_pass(config, 2);
    EXPECT_EQ(pass.exit_status, 0) << pass.log;

    EXPECT_EQ(stored_titles(), (std::vector<std::string>{title_of(0), title_of(2)})) << pass.log;
    const auto special = server_->requests_for("/gen/0.html");
    ASSERT_EQ(special.size(), 1u);
    EXPECT_EQ(special[0].header("User-Agent"), "SpecialBot/2.0 (+https://example.org/bot)");
    EXPECT_EQ(special[0].header("X-Api-Key"), "k-123");
    EXPECT_EQ(special[0].header("Accept-Language"), "de") << "the source's header wins over fetch.headers";
    EXPECT_EQ(special[0].header("X-Team"), "newsroom");
    const auto plain = server_->requests_for("/gen/2.html");
    ASSERT_EQ(plain.size(), 1u);
    EXPECT_EQ(plain[0].header("User-Agent"), "GleanerCrawlTest/1.0");
    EXPECT_EQ(plain[0].header("X-Api-Key"), "");
    EXPECT_EQ(plain[0].header("Accept-Language"), "en");
    EXPECT_EQ(plain[0].header("X-Team"), "newsroom");

    EXPECT_EQ(server_->request_count("/gen/1.html"), 0u) << "robots.txt forbids it to SpecialBot";
    const auto refused = log_lines_with(pass.log, {"fetch failed", "/gen/1.html", "kind=robots_disallowed"});
    ASSERT_EQ(refused.size(), 1u) << pass.log;
    EXPECT_NE(refused[0].find("for user agent \\\"specialbot\\\""), std::string::npos)
        << "judged for the source's agent (its product token): " << refused[0];
}
