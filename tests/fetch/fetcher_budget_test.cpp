// fetch.max_bytes_in_flight: the bytes of bodies being received plus those handed out and still
// held stay near the limit — transfers pause (and none starts) until callers let go of bodies —
// and every body arrives whole after its pauses.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "fetch_harness.h"
#include "test_http_server.h"

namespace gleaner::fetch {
namespace {

using testing::FetchHarness;
using testing::test_settings;
using gleaner::test::TestHttpServer;

constexpr std::size_t kMiB = 1024 * 1024;

std::string page(int i) {
    std::string body = "<p>page " + std::to_string(i) + "</p>";
    while (body.size() < kMiB) body += "<p>" + std::to_string(i) + " filler filler filler filler</p>";
    return body;
}

TEST(FetcherBudget, HeldBodiesAndTransfersTogetherStayWithinTheBudgetAndAllArriveWhole) {
    TestHttpServer server;
    constexpr int kPages = 12;
    for (int i = 0; i < kPages; ++i) server.serve("/big/" + std::to_string(i), page(i), "text/html");
    auto settings = test_settings();
    settings.respect_robots = false;
    settings.concurrency = 8;
    settings.per_host_concurrency = 8;
    settings.max_bytes_in_flight = 3 * kMiB;
    FetchHarness harness(settings);

    std::vector<Response> held;
    std::size_t most_in_flight = 0;
    for (int i = 0; i < kPages; ++i)
        harness.fetcher->fetch(Request{server.url("/big/" + std::to_string(i)), {}, {}, {}, {}},
                               [&held](Response response) { held.push_back(std::move(response)); });
    // Keep every body: the fetcher must stop short instead of fetching all twelve.
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (std::chrono::steady_clock::now() < until) {
        harness.io.run_for(std::chrono::milliseconds(20));
        most_in_flight = std::max(most_in_flight, harness.fetcher->stats().bytes_in_flight);
    }
    EXPECT_GE(held.size(), 2u);
    EXPECT_LE(held.size(), 4u) << "bodies held: the budget is 3 MiB of 1 MiB pages";
    // The limit, plus what the leader brought past it before it, too, had to wait.
    EXPECT_LE(most_in_flight, 5 * kMiB);
    EXPECT_GT(harness.fetcher->stats().transfers_paused + harness.fetcher->stats().queued, 0u);

    // Letting go of the bodies lets the rest through.
    std::vector<std::string> seen;
    const auto take = [&] {
        for (auto& response : held) {
            ASSERT_TRUE(response.ok()) << response.error;
            seen.push_back(response.body);
        }
        held.clear();  // the leases go with the responses
    };
    take();
    ASSERT_TRUE(harness.run_until([&] {
        take();
        return seen.size() == static_cast<std::size_t>(kPages);
    }));
    std::sort(seen.begin(), seen.end());
    std::vector<std::string> expected;
    for (int i = 0; i < kPages; ++i) expected.push_back(page(i));
    std::sort(expected.begin(), expected.end());
    EXPECT_TRUE(seen == expected) << "a body was damaged across its pauses";
    EXPECT_EQ(harness.fetcher->stats().bytes_in_flight, 0u);
}

TEST(FetcherBudget, ALeaseOutlivingTheFetcherIsHarmless) {
    TestHttpServer server;
    server.serve("/big", page(1), "text/html");
    auto settings = test_settings();
    settings.respect_robots = false;
    Response kept;
    {
        FetchHarness harness(settings);
        kept = harness.fetch(server.url("/big"));
        harness.fetcher.reset();
    }
    EXPECT_TRUE(kept.ok());
    kept.body_lease.reset();  // releases into a budget whose fetcher is gone: nothing happens
}

}  // namespace
}  // namespace gleaner::fetch
