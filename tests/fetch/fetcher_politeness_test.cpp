// Politeness: robots.txt obeyed and cached, Crawl-delay and per_host_delay spacing, per-host and
// global concurrency limits, and the private-network guard.
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>

#include "fetch_harness.h"
#include "test_http_server.h"

namespace gleaner::fetch {
namespace {

using testing::FetchHarness;
using testing::test_settings;
using gleaner::test::ReceivedRequest;
using gleaner::test::TestHttpServer;
using gleaner::test::TestResponse;
using std::chrono::milliseconds;

std::vector<std::string> page_urls(const TestHttpServer& server, int count, const std::string& prefix = "/p") {
    std::vector<std::string> urls;
    for (int i = 0; i < count; ++i) urls.push_back(server.url(prefix + std::to_string(i)));
    return urls;
}

void serve_pages(TestHttpServer& server, int count, milliseconds delay = milliseconds(0),
                 const std::string& prefix = "/p") {
    for (int i = 0; i < count; ++i) {
        server.on(prefix + std::to_string(i), [delay](const ReceivedRequest&) {
            TestResponse response = TestResponse::text("page");
            response.delay = delay;
            return response;
        });
    }
}

// The page requests the server saw (robots.txt excluded), in arrival order.
std::vector<ReceivedRequest> page_requests(const TestHttpServer& server) {
    std::vector<ReceivedRequest> pages;
    for (auto& request : server.requests()) {
        if (request.path != "/robots.txt") pages.push_back(std::move(request));
    }
    return pages;
}

milliseconds smallest_gap(const std::vector<ReceivedRequest>& requests) {
    milliseconds smallest = milliseconds::max();
    for (std::size_t i = 1; i < requests.size(); ++i) {
        smallest = std::min(smallest, std::chrono::duration_cast<milliseconds>(requests[i].received_at -
                                                                               requests[i - 1].received_at));
    }
    return smallest;
}

TEST(FetcherPoliteness, RobotsDisallowRefusesWithoutRequestingThePage) {
    TestHttpServer server;
    server.serve_robots("User-agent: *\nDisallow: /private/\n");
    server.serve("/private/a", "secret");
    server.serve("/public", "hello");
    FetchHarness harness;
    const Response refused = harness.fetch(server.url("/private/a"));
    EXPECT_EQ(refused.failure, FailureKind::robots_disallowed);
    EXPECT_EQ(refused.robots, "disallowed");
    EXPECT_NE(refused.error.find("robots.txt"), std::string::npos) << refused.error;
    EXPECT_EQ(refused.attempts, 0);
    EXPECT_EQ(server.request_count("/private/a"), 0u);
    const Response allowed = harness.fetch(server.url("/public"));
    EXPECT_TRUE(allowed.ok()) << allowed.error;
    EXPECT_EQ(allowed.robots, "allowed");
}

TEST(FetcherPoliteness, RobotsTxtIsFetchedOncePerOriginAndCached) {
    TestHttpServer server;
    server.serve_robots("User-agent: *\nDisallow: /nothing-here\n");
    serve_pages(server, 5);
    FetchHarness harness;
    for (const auto& url : page_urls(server, 5)) ASSERT_TRUE(harness.fetch(url).ok());
    EXPECT_EQ(server.request_count("/robots.txt"), 1u);
    EXPECT_EQ(server.requests().front().path, "/robots.txt");  // asked before any page
    EXPECT_EQ(harness.fetcher->stats().robots_fetches, 1u);
}

TEST(FetcherPoliteness, RobotsGroupForOurUserAgentIsObeyed) {
    TestHttpServer server;
    server.serve_robots("User-agent: *\nAllow: /\n\nUser-agent: GleanerTest\nDisallow: /only-us/\n");
    server.serve("/only-us/x", "x");
    FetchHarness harness;  // user agent "GleanerTest/1.0 (...)"
    EXPECT_EQ(harness.fetch(server.url("/only-us/x")).failure, FailureKind::robots_disallowed);
    const Response other = harness.fetch(Request{server.url("/only-us/x"), "OtherBot/1.0", {}, "", ""});
    EXPECT_TRUE(other.ok()) << other.error;
}

TEST(FetcherPoliteness, RobotsServerErrorRefusesEverythingAsUnavailable) {
    TestHttpServer server;
    server.on("/robots.txt", [](const auto&) { return TestResponse::with_status(503); });
    server.serve("/page", "page");
    FetchHarness harness;
    const Response response = harness.fetch(server.url("/page"));
    EXPECT_EQ(response.failure, FailureKind::robots_disallowed);
    EXPECT_EQ(response.robots, "unavailable");
    EXPECT_NE(response.error.find("503"), std::string::npos) << response.error;
    EXPECT_EQ(server.request_count("/page"), 0u);
    // The verdict holds for a while: the next page is refused without asking robots.txt again.
    EXPECT_EQ(harness.fetch(server.url("/page")).robots, "unavailable");
    EXPECT_EQ(server.request_count("/robots.txt"), 1u);
}

TEST(FetcherPoliteness, UnreachableRobotsTxtReportsTheTransportFailure) {
    unsigned short closed_port = 0;
    {
        boost::asio::io_context io;
        boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
        closed_port = acceptor.local_endpoint().port();
    }
    FetchHarness harness;
    const Response response = harness.fetch("http://127.0.0.1:" + std::to_string(closed_port) + "/page");
    EXPECT_EQ(response.failure, FailureKind::connect) << response.error;
    EXPECT_EQ(response.robots, "unavailable");
}

TEST(FetcherPoliteness, IgnoringRobotsSkipsTheRobotsTxtRequest) {
    TestHttpServer server;
    server.serve_robots("User-agent: *\nDisallow: /\n");
    server.serve("/page", "page");
    auto settings = test_settings();
    settings.respect_robots = false;
    FetchHarness harness(settings);
    const Response response = harness.fetch(server.url("/page"));
    EXPECT_TRUE(response.ok()) << response.error;
    EXPECT_EQ(response.robots, "not-checked");
    EXPECT_EQ(server.request_count("/robots.txt"), 0u);
}

TEST(FetcherPoliteness, CrawlDelaySpacesRequestsAndFailsNone) {
    TestHttpServer server;
    server.serve_robots("User-agent: *\nCrawl-delay: 1\n");
    serve_pages(server, 3);
    auto settings = test_settings();
    settings.per_host_concurrency = 4;
    FetchHarness harness(settings);
    for (const auto& response : harness.fetch_all(page_urls(server, 3))) EXPECT_TRUE(response.ok()) << response.error;
    const auto pages = page_requests(server);
    ASSERT_EQ(pages.size(), 3u);
    EXPECT_GE(smallest_gap(pages), milliseconds(900));
}

TEST(FetcherPoliteness, PerHostDelaySpacesRequests) {
    TestHttpServer server;
    serve_pages(server, 4);
    auto settings = test_settings();
    settings.respect_robots = false;
    settings.per_host_concurrency = 4;
    settings.per_host_delay = milliseconds(300);
    FetchHarness harness(settings);
    for (const auto& response : harness.fetch_all(page_urls(server, 4))) EXPECT_TRUE(response.ok());
    const auto pages = page_requests(server);
    ASSERT_EQ(pages.size(), 4u);
    EXPECT_GE(smallest_gap(pages), milliseconds(250));
}

TEST(FetcherPoliteness, PerHostConcurrencyLimitsSimultaneousRequests) {
    TestHttpServer server;
    serve_pages(server, 8, milliseconds(300));
    auto settings = test_settings();
    settings.per_host_concurrency = 2;
    settings.concurrency = 16;
    FetchHarness harness(settings);
    for (const auto& response : harness.fetch_all(page_urls(server, 8))) EXPECT_TRUE(response.ok());
    EXPECT_LE(server.max_concurrent(), 2u);
    EXPECT_EQ(server.max_concurrent(), 2u);  // and the limit is used, not undershot
}

TEST(FetcherPoliteness, GlobalConcurrencyLimitsAcrossHosts) {
    TestHttpServer server;  // reached as two origins: 127.0.0.1 and localhost
    serve_pages(server, 6, milliseconds(300));
    auto settings = test_settings();
    settings.respect_robots = false;
    settings.per_host_concurrency = 3;
    settings.concurrency = 3;
    FetchHarness harness(settings);
    std::vector<std::string> urls = page_urls(server, 6);
    for (int i = 0; i < 6; ++i) {
        urls.push_back("http://localhost:" + std::to_string(server.port()) + "/p" + std::to_string(i));
    }
    for (const auto& response : harness.fetch_all(urls)) EXPECT_TRUE(response.ok()) << response.error;
    EXPECT_LE(server.max_concurrent(), 3u);
    EXPECT_EQ(server.request_count("/p0"), 2u);
}

TEST(FetcherPoliteness, PrivateNetworkAddressesAreRefusedByDefault) {
    TestHttpServer server;
    server.serve("/page", "page");
    FetchHarness strict(config::FetchConfig{});  // the shipped defaults
    const Response by_address = strict.fetch(server.url("/page"));
    EXPECT_EQ(by_address.failure, FailureKind::private_network) << by_address.error;
    EXPECT_NE(by_address.error.find("127.0.0.1"), std::string::npos) << by_address.error;
    const Response by_name = strict.fetch("http://localhost:" + std::to_string(server.port()) + "/page");
    EXPECT_EQ(by_name.failure, FailureKind::private_network) << by_name.error;
    EXPECT_TRUE(server.requests().empty());  // not even robots.txt was asked

    FetchHarness open(test_settings());  // allow_private_networks: true
    EXPECT_TRUE(open.fetch(server.url("/page")).ok());
}

}  // namespace
}  // namespace gleaner::fetch
