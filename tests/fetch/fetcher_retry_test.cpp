// Retries: 5xx, 429 and connection failures are tried again with backoff (or after Retry-After,
// in seconds or as a date); other 4xx are not; the budget is retry.max_attempts.
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>

#include "fetch_harness.h"
#include "test_http_server.h"

namespace gleaner::fetch {
namespace {

using testing::FetchHarness;
using testing::test_settings;
using gleaner::test::TestHttpServer;
using gleaner::test::TestResponse;
using std::chrono::milliseconds;

milliseconds gap(const gleaner::test::ReceivedRequest& earlier, const gleaner::test::ReceivedRequest& later) {
    return std::chrono::duration_cast<milliseconds>(later.received_at - earlier.received_at);
}

TEST(FetcherRetries, ServerErrorsAreRetriedWithGrowingBackoff) {
    TestHttpServer server;
    server.serve_sequence("/flaky", {TestResponse::with_status(500), TestResponse::with_status(502),
                                     TestResponse::text("finally")});
    auto settings = test_settings();
    settings.retry.base_delay = milliseconds(200);
    FetchHarness harness(settings);
    const Response response = harness.fetch(server.url("/flaky"));
    ASSERT_TRUE(response.ok()) << response.error;
    EXPECT_EQ(response.body, "finally");
    EXPECT_EQ(response.attempts, 3);
    const auto seen = server.requests_for("/flaky");
    ASSERT_EQ(seen.size(), 3u);
    // Equal jitter never waits less than half the nominal delay: 200 ms, then 400 ms.
    EXPECT_GE(gap(seen[0], seen[1]), milliseconds(100));
    EXPECT_GE(gap(seen[1], seen[2]), milliseconds(200));
    EXPECT_EQ(harness.fetcher->stats().retries, 2u);
}

TEST(FetcherRetries, GivesUpAfterMaxAttempts) {
    TestHttpServer server;
    server.on("/down", [](const auto&) { return TestResponse::with_status(503, "down"); });
    server.serve("/up", "up");
    auto settings = test_settings();
    settings.retry.max_attempts = 3;
    FetchHarness harness(settings);
    const Response response = harness.fetch(server.url("/down"));
    EXPECT_EQ(response.failure, FailureKind::http_5xx);
    EXPECT_EQ(response.http_status, 503);
    EXPECT_EQ(response.attempts, 3);
    EXPECT_EQ(server.request_count("/down"), 3u);
    EXPECT_TRUE(harness.fetch(server.url("/up")).ok());
}

TEST(FetcherRetries, ClientErrorsOtherThan429AreNotRetried) {
    TestHttpServer server;
    server.on("/forbidden", [](const auto&) { return TestResponse::with_status(403); });
    FetchHarness harness;
    const Response response = harness.fetch(server.url("/forbidden"));
    EXPECT_EQ(response.failure, FailureKind::http_4xx);
    EXPECT_EQ(response.http_status, 403);
    EXPECT_EQ(server.request_count("/forbidden"), 1u);
}

TEST(FetcherRetries, TooManyRequestsWaitsForRetryAfterSeconds) {
    TestHttpServer server;
    server.serve_sequence("/limited", {TestResponse::retry_after("1"), TestResponse::text("welcome")});
    FetchHarness harness;
    const Response response = harness.fetch(server.url("/limited"));
    ASSERT_TRUE(response.ok()) << response.error;
    EXPECT_EQ(response.attempts, 2);
    const auto seen = server.requests_for("/limited");
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_GE(gap(seen[0], seen[1]), milliseconds(950));
}

TEST(FetcherRetries, TooManyRequestsWaitsForRetryAfterDate) {
    TestHttpServer server;
    server.on("/limited", [calls = std::make_shared<int>(0)](const auto&) {
        if ((*calls)++ > 0) return TestResponse::text("welcome");
        // Whole seconds only: 3 s ahead means at least 2 s of waiting.
        return TestResponse::retry_after(gleaner::test::http_date(std::chrono::system_clock::now() + std::chrono::seconds(3)),
                                         503);
    });
    FetchHarness harness;
    const Response response = harness.fetch(server.url("/limited"));
    ASSERT_TRUE(response.ok()) << response.error;
    const auto seen = server.requests_for("/limited");
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_GE(gap(seen[0], seen[1]), milliseconds(1500));
}

TEST(FetcherRetries, RetryAfterPausesTheWholeHost) {
    TestHttpServer server;
    server.serve_sequence("/limited", {TestResponse::retry_after("1"), TestResponse::text("welcome")});
    server.serve("/other", "other");
    auto settings = test_settings();
    settings.respect_robots = false;
    settings.per_host_concurrency = 1;  // /other starts only after the 429 has arrived
    FetchHarness harness(settings);
    for (const auto& response : harness.fetch_all(std::vector<std::string>{server.url("/limited"), server.url("/other")})) {
        EXPECT_TRUE(response.ok()) << response.error;
    }
    const auto limited = server.requests_for("/limited");
    const auto other = server.requests_for("/other");
    ASSERT_EQ(limited.size(), 2u);
    ASSERT_EQ(other.size(), 1u);
    EXPECT_GE(gap(limited[0], other[0]), milliseconds(950));
}

TEST(FetcherRetries, RetryAfterBeyondMaxDelayIsNotWaitedFor) {
    TestHttpServer server;
    server.on("/later", [](const auto&) { return TestResponse::retry_after("3600"); });
    FetchHarness harness;  // retry.max_delay is 5 s in test settings
    const Response response = harness.fetch(server.url("/later"));
    EXPECT_EQ(response.failure, FailureKind::http_4xx);
    EXPECT_EQ(response.http_status, 429);
    EXPECT_EQ(response.attempts, 1);
    EXPECT_NE(response.error.find("Retry-After"), std::string::npos) << response.error;
}

TEST(FetcherRetries, RefusedConnectionIsRetriedThenReportedAsConnect) {
    unsigned short closed_port = 0;
    {
        boost::asio::io_context io;
        boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
        closed_port = acceptor.local_endpoint().port();
    }  // closed again: connecting there is refused
    auto settings = test_settings();
    settings.respect_robots = false;
    settings.retry.max_attempts = 3;
    FetchHarness harness(settings);
    const Response response = harness.fetch("http://127.0.0.1:" + std::to_string(closed_port) + "/");
    EXPECT_EQ(response.failure, FailureKind::connect) << response.error;
    EXPECT_EQ(response.attempts, 3);
    EXPECT_EQ(response.http_status, 0);
}

}  // namespace
}  // namespace gleaner::fetch
