// Size and time limits: bodies over max_body_bytes (announced, chunked, or a gzip bomb), total and
// low-speed timeouts, and a connection reset mid-body. After each, the fetcher still works.
#include <gtest/gtest.h>

#include "fetch_harness.h"
#include "test_http_server.h"

namespace gleaner::fetch {
namespace {

using testing::FetchHarness;
using testing::test_settings;
using gleaner::test::TestHttpServer;
using gleaner::test::TestResponse;

config::FetchConfig single_attempt() {
    auto settings = test_settings();
    settings.retry.max_attempts = 1;
    return settings;
}

TEST(FetcherLimits, BodyAnnouncedOverTheLimitIsTooLarge) {
    TestHttpServer server;
    server.serve("/big", std::string(2000, 'b'));
    server.serve("/small", "small");
    auto settings = single_attempt();
    settings.max_body_bytes = 1000;
    FetchHarness harness(settings);
    const Response response = harness.fetch(server.url("/big"));
    EXPECT_EQ(response.failure, FailureKind::too_large);
    EXPECT_NE(response.error.find("max_body_bytes"), std::string::npos) << response.error;
    EXPECT_NE(response.error.find(server.url("/big")), std::string::npos) << response.error;
    EXPECT_TRUE(harness.fetch(server.url("/small")).ok());
}

TEST(FetcherLimits, ChunkedBodyOverTheLimitIsStoppedWhileReceiving) {
    TestHttpServer server;
    server.serve_slow("/chunked", std::string(20000, 'c'), 1000, std::chrono::milliseconds(0));
    auto settings = single_attempt();
    settings.max_body_bytes = 4000;
    FetchHarness harness(settings);
    const Response response = harness.fetch(server.url("/chunked"));
    EXPECT_EQ(response.failure, FailureKind::too_large) << response.error;
    EXPECT_LE(response.body.size(), 4000u);
}

TEST(FetcherLimits, BodyExactlyAtTheLimitIsAccepted) {
    TestHttpServer server;
    server.serve("/exact", std::string(1000, 'e'));
    auto settings = single_attempt();
    settings.max_body_bytes = 1000;
    FetchHarness harness(settings);
    const Response response = harness.fetch(server.url("/exact"));
    EXPECT_TRUE(response.ok()) << response.error;
    EXPECT_EQ(response.body.size(), 1000u);
}

TEST(FetcherLimits, GzipBombIsStoppedAtTheLimitAfterDecompression) {
    TestHttpServer server;
    server.serve_gzip_bomb("/bomb", 64u * 1024 * 1024);  // 64 MiB of zeros, about 64 KiB on the wire
    server.serve("/after", "still here");
    auto settings = single_attempt();
    settings.max_body_bytes = 1024 * 1024;
    FetchHarness harness(settings);
    const Response response = harness.fetch(server.url("/bomb"));
    EXPECT_EQ(response.failure, FailureKind::too_large) << response.error;
    EXPECT_NE(response.error.find("decompression"), std::string::npos) << response.error;
    EXPECT_LE(response.body.size(), 1024u * 1024);
    EXPECT_EQ(harness.fetch(server.url("/after")).body, "still here");
}

TEST(FetcherLimits, ServerThatNeverAnswersTimesOut) {
    TestHttpServer server;
    server.on("/stuck", [](const auto&) {
        TestResponse response = TestResponse::text("late");
        response.delay = std::chrono::seconds(5);
        return response;
    });
    server.serve("/fast", "fast");
    auto settings = single_attempt();
    settings.timeout = std::chrono::milliseconds(300);
    FetchHarness harness(settings);
    const Response response = harness.fetch(server.url("/stuck"));
    EXPECT_EQ(response.failure, FailureKind::timeout) << response.error;
    EXPECT_EQ(response.http_status, 0);
    EXPECT_TRUE(harness.fetch(server.url("/fast")).ok());
}

TEST(FetcherLimits, TimeoutIsRetriedUpToMaxAttempts) {
    TestHttpServer server;
    server.on("/stuck", [](const auto&) {
        TestResponse response = TestResponse::text("late");
        response.delay = std::chrono::seconds(5);
        return response;
    });
    auto settings = test_settings();
    settings.timeout = std::chrono::milliseconds(300);
    settings.retry.max_attempts = 2;
    FetchHarness harness(settings);
    const Response response = harness.fetch(server.url("/stuck"));
    EXPECT_EQ(response.failure, FailureKind::timeout);
    EXPECT_EQ(response.attempts, 2);
    EXPECT_EQ(server.request_count("/stuck"), 2u);
}

TEST(FetcherLimits, TrickleBelowTheLowSpeedLimitTimesOut) {
    TestHttpServer server;
    server.serve_slow("/trickle", std::string(100, 't'), 1, std::chrono::milliseconds(400));
    auto settings = single_attempt();
    settings.low_speed_limit = 1000;
    settings.low_speed_time = std::chrono::seconds(1);
    FetchHarness harness(settings);
    const Response response = harness.fetch(server.url("/trickle"));
    EXPECT_EQ(response.failure, FailureKind::timeout) << response.error;
}

TEST(FetcherLimits, SlowButSteadyBodyCompletes) {
    TestHttpServer server;
    server.serve_slow("/slow", std::string(2000, 's'), 500, std::chrono::milliseconds(100));
    FetchHarness harness(single_attempt());
    const Response response = harness.fetch(server.url("/slow"));
    EXPECT_TRUE(response.ok()) << response.error;
    EXPECT_EQ(response.body, std::string(2000, 's'));
}

TEST(FetcherLimits, ConnectionResetMidBodyIsAConnectFailureAndIsRetried) {
    TestHttpServer server;
    server.serve_reset_mid_body("/reset", std::string(10000, 'r'), 3000);
    server.serve("/fine", "fine");
    auto settings = test_settings();
    settings.retry.max_attempts = 3;
    FetchHarness harness(settings);
    const Response response = harness.fetch(server.url("/reset"));
    EXPECT_EQ(response.failure, FailureKind::connect) << response.error;
    EXPECT_EQ(response.attempts, 3);
    EXPECT_EQ(server.request_count("/reset"), 3u);
    EXPECT_TRUE(harness.fetch(server.url("/fine")).ok());
}

}  // namespace
}  // namespace gleaner::fetch
