// Control: cancel_all, destruction, reconfigure, callbacks that fetch again, and the statistics.
#include <gtest/gtest.h>

#include <optional>

#include "fetch_harness.h"
#include "test_http_server.h"

namespace gleaner::fetch {
namespace {

using testing::FetchHarness;
using testing::test_settings;
using gleaner::test::ReceivedRequest;
using gleaner::test::TestHttpServer;
using gleaner::test::TestResponse;

void serve_stuck(TestHttpServer& server, const std::string& path) {
    server.on(path, [](const ReceivedRequest&) {
        TestResponse response = TestResponse::text("late");
        response.delay = std::chrono::seconds(10);
        return response;
    });
}

TEST(FetcherControl, CancelAllEndsQueuedAndRunningFetchesAsCancelled) {
    TestHttpServer server;
    serve_stuck(server, "/stuck");
    server.serve("/after", "after");
    auto settings = test_settings();
    settings.per_host_concurrency = 2;
    FetchHarness harness(settings);
    std::vector<Response> responses;
    for (int i = 0; i < 10; ++i) {
        harness.fetcher->fetch(Request{server.url("/stuck"), {}, {}, {}, {}},
                               [&responses](Response response) { responses.push_back(std::move(response)); });
    }
    ASSERT_TRUE(harness.run_until([&] { return server.request_count("/stuck") == 2; }));
    EXPECT_EQ(harness.fetcher->in_flight(), 2u);
    EXPECT_EQ(harness.fetcher->queued(), 8u);

    harness.fetcher->cancel_all();
    EXPECT_EQ(harness.fetcher->in_flight(), 0u);
    EXPECT_EQ(harness.fetcher->queued(), 0u);
    EXPECT_TRUE(responses.empty());  // completions are posted, never run inside cancel_all
    ASSERT_TRUE(harness.run_until([&] { return responses.size() == 10; }));
    for (const auto& response : responses) {
        EXPECT_EQ(response.failure, FailureKind::cancelled);
        EXPECT_EQ(response.error, server.url("/stuck") + ": cancelled");
    }
    EXPECT_EQ(harness.fetcher->stats().completed(FailureKind::cancelled), 10u);
    EXPECT_TRUE(harness.fetch(server.url("/after")).ok());
}

TEST(FetcherControl, DestroyingTheFetcherCancelsWhatIsLeft) {
    TestHttpServer server;
    serve_stuck(server, "/stuck");
    FetchHarness harness;
    std::optional<Response> response;
    harness.fetcher->fetch(Request{server.url("/stuck"), {}, {}, {}, {}}, [&](Response r) { response = std::move(r); });
    ASSERT_TRUE(harness.run_until([&] { return server.request_count("/stuck") == 1; }));
    harness.fetcher.reset();
    EXPECT_FALSE(response.has_value());  // posted, not run inside the destructor
    ASSERT_TRUE(harness.run_until([&] { return response.has_value(); }));
    EXPECT_EQ(response->failure, FailureKind::cancelled);
}

TEST(FetcherControl, ReconfigureAppliesToRequestsFetchedAfterwards) {
    TestHttpServer server;
    server.serve("/ua", "ua");
    FetchHarness harness;
    ASSERT_TRUE(harness.fetch(server.url("/ua")).ok());
    auto settings = test_settings();
    settings.user_agent = "Reconfigured/2.0";
    settings.max_body_bytes = 1;
    harness.fetcher->reconfigure(settings);
    const Response response = harness.fetch(server.url("/ua"));
    EXPECT_EQ(response.failure, FailureKind::too_large);
    const auto seen = server.requests_for("/ua");
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0].header("User-Agent"), test_settings().user_agent);
    EXPECT_EQ(seen[1].header("User-Agent"), "Reconfigured/2.0");
}

TEST(FetcherControl, TurningPrivateNetworksOffDropsPooledConnectionsToPrivateAddresses) {
    TestHttpServer server;  // on 127.0.0.1: a private address
    server.serve("/before", "before");
    server.serve("/after", "after");
    auto settings = test_settings();
    settings.respect_robots = false;
    FetchHarness harness(settings);
    ASSERT_TRUE(harness.fetch(server.url("/before")).ok());  // leaves a keep-alive connection in curl's pool

    settings.allow_private_networks = false;
    harness.fetcher->reconfigure(settings);
    const Response response = harness.fetch(server.url("/after"));

    EXPECT_EQ(response.failure, FailureKind::private_network) << response.error;
    EXPECT_EQ(server.request_count("/after"), 0u);  // the pooled connection was not reused
}

TEST(FetcherControl, ATransferRunningOnAPrivateConnectionEndsWhenPrivateNetworksAreTurnedOff) {
    TestHttpServer server;
    serve_stuck(server, "/stuck");
    auto settings = test_settings();
    settings.respect_robots = false;
    settings.retry.max_attempts = 2;
    settings.retry.base_delay = std::chrono::milliseconds(10);
    FetchHarness harness(settings);
    std::optional<Response> response;
    harness.fetcher->fetch(Request{server.url("/stuck"), {}, {}, {}, {}}, [&](Response r) { response = std::move(r); });
    ASSERT_TRUE(harness.run_until([&] { return server.request_count("/stuck") == 1; }));

    settings.allow_private_networks = false;
    harness.fetcher->reconfigure(settings);

    ASSERT_TRUE(harness.run_until([&] { return response.has_value(); }));
    EXPECT_FALSE(response->ok());
    EXPECT_NE(response->body, "late");  // it did not wait for the 10 s answer on the old connection
    EXPECT_EQ(server.request_count("/stuck"), 1u);  // the retry was refused by the guard
}

TEST(FetcherControl, ReconfigureWithMoreConcurrencyStartsWaitingRequests) {
    TestHttpServer server;
    for (int i = 0; i < 4; ++i) {
        server.on("/w" + std::to_string(i), [](const ReceivedRequest&) {
            TestResponse response = TestResponse::text("w");
            response.delay = std::chrono::milliseconds(500);
            return response;
        });
    }
    auto settings = test_settings();
    settings.respect_robots = false;
    settings.per_host_concurrency = 1;
    FetchHarness harness(settings);
    int finished = 0;
    for (int i = 0; i < 4; ++i) {
        harness.fetcher->fetch(Request{server.url("/w" + std::to_string(i)), {}, {}, {}, {}},
                               [&finished](Response response) { finished += response.ok() ? 1 : 0; });
    }
    ASSERT_TRUE(harness.run_until([&] { return server.requests().size() == 1; }));
    settings.per_host_concurrency = 4;
    harness.fetcher->reconfigure(settings);
    EXPECT_EQ(harness.fetcher->in_flight(), 4u);  // the three waiting ones started at once
    ASSERT_TRUE(harness.run_until([&] { return finished == 4; }));
}

TEST(FetcherControl, IdleFetcherLeavesTheIoContextWithoutWork) {
    TestHttpServer server;
    server.serve("/once", "once");
    auto settings = test_settings();
    settings.timeout = std::chrono::minutes(5);  // a deadline curl drops when the transfer ends
    FetchHarness harness(settings);
    ASSERT_TRUE(harness.fetch(server.url("/once")).ok());
    // What `gleaner --once` relies on: run() returns when everything is done.
    harness.io.restart();
    harness.io.run_for(std::chrono::seconds(20));
    EXPECT_TRUE(harness.io.stopped());
}

TEST(FetcherControl, OnDoneMayFetchAgain) {
    TestHttpServer server;
    server.serve("/chain", "link");
    FetchHarness harness;
    int completed = 0;
    std::function<void(Response)> next = [&](Response response) {
        EXPECT_TRUE(response.ok()) << response.error;
        if (++completed < 3) harness.fetcher->fetch(Request{server.url("/chain"), {}, {}, {}, {}}, next);
    };
    harness.fetcher->fetch(Request{server.url("/chain"), {}, {}, {}, {}}, next);
    ASSERT_TRUE(harness.run_until([&] { return completed == 3; }));
    EXPECT_EQ(server.request_count("/chain"), 3u);
}

TEST(FetcherControl, StatsCountOutcomesStatusClassesAndBytes) {
    TestHttpServer server;
    server.serve_robots("User-agent: *\nDisallow: /no\n");
    server.serve("/yes", std::string(1000, 'y'));
    server.on("/missing", [](const auto&) { return TestResponse::with_status(404); });
    FetchHarness harness;
    harness.fetch_all(std::vector<std::string>{server.url("/yes"), server.url("/missing"), server.url("/no")});
    const FetchStats stats = harness.fetcher->stats();
    EXPECT_EQ(stats.completed(FailureKind::none), 1u);
    EXPECT_EQ(stats.completed(FailureKind::http_4xx), 1u);
    EXPECT_EQ(stats.completed(FailureKind::robots_disallowed), 1u);
    EXPECT_EQ(stats.completed(), 3u);
    EXPECT_EQ(stats.responses_by_status_class[2], 2u);  // robots.txt and /yes
    EXPECT_EQ(stats.responses_by_status_class[4], 1u);
    EXPECT_EQ(stats.robots_fetches, 1u);
    EXPECT_EQ(stats.transfers, 3u);
    EXPECT_GT(stats.bytes_received, 1000u);
    EXPECT_EQ(stats.in_flight, 0u);
    EXPECT_EQ(stats.queued, 0u);
    EXPECT_EQ(to_string(FailureKind::robots_disallowed), "robots_disallowed");
    EXPECT_EQ(to_string(FailureKind::http_4xx), "http_4xx");
}

}  // namespace
}  // namespace gleaner::fetch
