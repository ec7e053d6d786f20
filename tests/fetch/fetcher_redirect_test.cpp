// Redirects: followed with the final URL kept, loops and long chains stopped, non-HTTP targets
// refused, and every hop subject to its own host's robots.txt.
#include <gtest/gtest.h>

#include "fetch_harness.h"
#include "test_http_server.h"

namespace gleaner::fetch {
namespace {

using testing::FetchHarness;
using testing::test_settings;
using gleaner::test::TestHttpServer;

TEST(FetcherRedirects, FollowsRedirectsAndKeepsTheFinalUrl) {
    TestHttpServer server;
    server.serve_redirect("/old", server.url("/middle"), 301);
    server.serve_redirect("/middle", "/new", 307);  // relative Location
    server.serve("/new", "new content");
    FetchHarness harness;
    const Response response = harness.fetch(server.url("/old"));
    ASSERT_TRUE(response.ok()) << response.error;
    EXPECT_EQ(response.requested_url, server.url("/old"));
    EXPECT_EQ(response.final_url, server.url("/new"));
    EXPECT_EQ(response.redirect_count, 2);
    EXPECT_EQ(response.http_status, 200);
    EXPECT_EQ(response.body, "new content");
    EXPECT_EQ(response.attempts, 1);
}

TEST(FetcherRedirects, NextHopGoesAheadOfTheHostsQueue) {
    TestHttpServer server;
    server.serve_redirect("/moved", "/target");
    server.serve("/target", "target");
    for (int i = 0; i < 3; ++i) server.serve("/q" + std::to_string(i), "queued");
    auto settings = test_settings();
    settings.respect_robots = false;
    settings.per_host_concurrency = 1;
    FetchHarness harness(settings);
    harness.fetch_all(std::vector<std::string>{server.url("/moved"), server.url("/q0"), server.url("/q1"),
                                               server.url("/q2")});
    const auto seen = server.requests();
    ASSERT_EQ(seen.size(), 5u);
    EXPECT_EQ(seen[0].path, "/moved");
    EXPECT_EQ(seen[1].path, "/target");  // the hop did not wait behind /q0../q2
}

TEST(FetcherRedirects, RedirectLoopIsTooManyRedirects) {
    TestHttpServer server;
    server.serve_redirect("/a", "/b");
    server.serve_redirect("/b", "/a");
    server.serve("/ok", "ok");
    FetchHarness harness;
    const Response response = harness.fetch(server.url("/a"));
    EXPECT_EQ(response.failure, FailureKind::too_many_redirects);
    EXPECT_NE(response.error.find("loop"), std::string::npos) << response.error;
    EXPECT_EQ(server.request_count("/a"), 1u);  // stopped as soon as the loop closed
    EXPECT_EQ(server.request_count("/b"), 1u);
    EXPECT_TRUE(harness.fetch(server.url("/ok")).ok());
}

TEST(FetcherRedirects, ChainLongerThanMaxRedirectsIsStopped) {
    TestHttpServer server;
    for (int i = 0; i < 10; ++i) server.serve_redirect("/r" + std::to_string(i), "/r" + std::to_string(i + 1));
    auto settings = test_settings();
    settings.max_redirects = 3;
    FetchHarness harness(settings);
    const Response response = harness.fetch(server.url("/r0"));
    EXPECT_EQ(response.failure, FailureKind::too_many_redirects);
    EXPECT_NE(response.error.find("more than 3 redirects"), std::string::npos) << response.error;
    EXPECT_EQ(server.request_count("/r3"), 1u);
    EXPECT_EQ(server.request_count("/r4"), 0u);
}

TEST(FetcherRedirects, RedirectToAFileUrlIsRefused) {
    TestHttpServer server;
    server.serve_redirect("/sneaky", "file:///etc/passwd");
    FetchHarness harness;
    const Response response = harness.fetch(server.url("/sneaky"));
    EXPECT_EQ(response.failure, FailureKind::bad_url);
    EXPECT_TRUE(response.body.empty());
    EXPECT_NE(response.error.find("not http(s)"), std::string::npos) << response.error;
}

TEST(FetcherRedirects, RedirectTargetIsCheckedAgainstItsOwnRobotsTxt) {
    TestHttpServer origin;
    TestHttpServer target;
    target.serve_robots("User-agent: *\nDisallow: /private/\n");
    target.serve("/private/page", "secret");
    origin.serve_redirect("/go", target.url("/private/page"));
    FetchHarness harness;
    const Response response = harness.fetch(origin.url("/go"));
    EXPECT_EQ(response.failure, FailureKind::robots_disallowed) << response.error;
    EXPECT_EQ(response.robots, "disallowed");
    EXPECT_EQ(target.request_count("/private/page"), 0u);
    EXPECT_EQ(target.request_count("/robots.txt"), 1u);
}

}  // namespace
}  // namespace gleaner::fetch
