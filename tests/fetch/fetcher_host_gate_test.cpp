// Politeness shared by several fetchers through a HostGate (fetch/host_gate.h), as daemons sharing
// a crawl share it through the store: two Fetchers on one host keep the host's delay between them,
// and a request waits while the gate says no. The gate here keeps the shared state in memory, the
// way StoreHostGate keeps it in the crawl state.
#include <gtest/gtest.h>

#include <boost/asio/post.hpp>

#include <map>

#include "fetch/host_gate.h"
#include "fetch_harness.h"
#include "test_http_server.h"

namespace gleaner::fetch {
namespace {

using gleaner::test::TestHttpServer;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

class SharedGate final : public HostGate {
public:
    explicit SharedGate(boost::asio::io_context& io) : io_(io) {}

    void acquire(const std::string& origin, milliseconds delay, int concurrency,
                 std::function<void(Grant)> done) override {
        ++asked;
        Grant grant;
        auto& host = hosts_[origin];
        const auto now = Clock::now();
        if (now < refuse_until) {
            grant.retry_after = std::chrono::duration_cast<milliseconds>(refuse_until - now) + milliseconds(1);
        } else if (now < host.next_allowed) {
            grant.retry_after = std::chrono::duration_cast<milliseconds>(host.next_allowed - now) + milliseconds(1);
        } else if (host.held >= concurrency) {
            grant.retry_after = milliseconds(5);
        } else {
            grant.granted = true;
            grant.slot = host.held++;
            host.next_allowed = now + delay;
        }
        boost::asio::post(io_, [grant, done = std::move(done)] { done(grant); });
    }
    void release(const std::string& origin, int) override {
        ++released;
        --hosts_[origin].held;
    }
    void defer(const std::string& origin, milliseconds pause) override {
        hosts_[origin].next_allowed = std::max(hosts_[origin].next_allowed, Clock::now() + pause);
    }

    int asked = 0, released = 0;
    Clock::time_point refuse_until{};

private:
    struct Host {
        Clock::time_point next_allowed{};
        int held = 0;
    };
    boost::asio::io_context& io_;
    std::map<std::string, Host> hosts_;
};

TEST(FetcherHostGate, TwoFetchersSharingAGateKeepTheHostsDelayBetweenThem) {
    TestHttpServer server;
    for (int i = 0; i < 6; ++i) server.serve("/p" + std::to_string(i), "page");
    auto settings = testing::test_settings();
    settings.per_host_delay = milliseconds(300);
    settings.respect_robots = false;
    boost::asio::io_context io;
    SharedGate gate(io);
    Fetcher first(io, settings), second(io, settings);
    first.set_host_gate(&gate);
    second.set_host_gate(&gate);
    int done = 0;
    for (int i = 0; i < 6; ++i)
        (i % 2 ? second : first).fetch(Request{server.url("/p" + std::to_string(i)), {}, {}, {}, {}},
                                       [&done](Response r) {
                                           EXPECT_TRUE(r.ok()) << r.error;
                                           ++done;
                                       });
    const auto deadline = Clock::now() + std::chrono::seconds(20);
    while (done < 6 && Clock::now() < deadline) io.run_for(milliseconds(10));
    ASSERT_EQ(done, 6);
    auto requests = server.requests();
    ASSERT_EQ(requests.size(), 6u);
    // Without the shared gate the two fetchers would each keep the delay only for themselves and
    // their requests would interleave a few milliseconds apart; with it they are spaced by the
    // delay (the bound leaves room for the time a busy machine takes between grant and request).
    for (std::size_t i = 1; i < requests.size(); ++i)
        EXPECT_GE(requests[i].received_at - requests[i - 1].received_at, milliseconds(200))
            << "requests " << i - 1 << " and " << i << " from two fetchers came too close";
    EXPECT_EQ(gate.released, 6) << "every slot given back";
}

TEST(FetcherHostGate, ARequestWaitsWhileTheGateRefusesAndGoesWhenItGrants) {
    TestHttpServer server;
    server.serve("/page", "page");
    auto settings = testing::test_settings();
    settings.respect_robots = false;
    testing::FetchHarness harness(settings);
    SharedGate gate(harness.io);
    harness.fetcher->set_host_gate(&gate);
    gate.refuse_until = Clock::now() + milliseconds(400);
    const auto started = Clock::now();
    const auto response = harness.fetch(server.url("/page"));
    EXPECT_TRUE(response.ok()) << response.error;
    EXPECT_GE(Clock::now() - started, milliseconds(390));
    EXPECT_GE(gate.asked, 2) << "asked, refused, asked again";
    EXPECT_EQ(server.request_count("/page"), 1u);
}

}  // namespace
}  // namespace gleaner::fetch
