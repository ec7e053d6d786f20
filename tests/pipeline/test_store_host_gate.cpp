// StoreHostGate (pipeline/store_host_gate.h): the host reservations daemons sharing a crawl make in
// the store, against a real SQLite store and a clock the test moves. A grant reserves the host for its
// delay plus a margin for the time until the request leaves; these tests hold the grant's way back to
// the I/O thread longer than that, as a busy node does, and look at what the other nodes are allowed.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <optional>
#include <thread>

#include "pipeline/clock.h"
#include "pipeline/page_fetcher.h"
#include "pipeline/pipeline_stats.h"
#include "pipeline/services.h"
#include "pipeline/store_host_gate.h"
#include "plugins/delivery.h"
#include "state_fixture.h"

namespace gleaner::pipeline {
namespace {

using std::chrono::milliseconds;

class ManualClock final : public Clock {
public:
    std::int64_t now_ms() const override { return now.load(); }
    std::atomic<std::int64_t> now{1'700'000'000'000};
};

class NoPages final : public PageFetcher {
public:
    void fetch(fetch::Request, std::function<void(fetch::Response)>) override { ADD_FAILURE() << "nothing is fetched here"; }
};

constexpr char kHost[] = "http://news.example";
constexpr milliseconds kDelay{1000};

// A fresh SQLite store per test (StateTest), with the services the gate is built on.
class StoreHostGateTest : public gleaner::testing::StateTest {
protected:
    void SetUp() override {
        StateTest::SetUp();
        delivery_ = std::make_unique<plugins::Delivery>(plugins::OutboxAccess{*store_, "node-a", lease_},
                                                        dir_ / "dead-letter.jsonl");
        services_.emplace(Services{io_, pool_, pages_, *store_, *delivery_, clock_, counters_, "node-a", lease_, nullptr});
        gate_ = std::make_unique<StoreHostGate>(*services_);
    }
    void TearDown() override {
        pool_.join();
        gate_.reset();
        delivery_.reset();
        StateTest::TearDown();
    }

    // Asks the gate for a slot; the store is asked at the clock's present time, then the clock moves
    // on by `late` before the answer reaches the I/O thread.
    fetch::HostGate::Grant acquire_arriving_late(milliseconds late) {
        std::optional<fetch::HostGate::Grant> answer;
        gate_->acquire(kHost, kDelay, 1, [&answer](fetch::HostGate::Grant grant) { answer = grant; });
        wait_for_pool();  // the store has been asked; its answer waits in the I/O queue
        clock_.now += late.count();
        io_.restart();
        io_.run();
        EXPECT_TRUE(answer.has_value());
        return answer.value_or(fetch::HostGate::Grant{});
    }
    // Lets the pool finish what the gate posted to it (the store's calls).
    void wait_for_pool() {
        std::atomic<bool> drained{false};
        boost::asio::post(pool_, [&drained] { drained = true; });
        while (!drained) std::this_thread::sleep_for(milliseconds(1));  // one worker: jobs run in order
    }
    // What another node is told when it asks for the host `after` from now.
    state::HostSlot other_node_asks(milliseconds after) {
        const std::int64_t at = clock_.now_ms() + after.count();
        return store_->acquire_host_slot(kHost, "node-b", at, kDelay.count(), 1, at + lease_.count());
    }

    std::unique_ptr<plugins::Delivery> delivery_;
    boost::asio::io_context io_;
    boost::asio::thread_pool pool_{1};
    NoPages pages_;
    ManualClock clock_;
    PipelineCounters counters_;
    milliseconds lease_{60'000};
    std::optional<Services> services_;
    std::unique_ptr<StoreHostGate> gate_;
};

TEST_F(StoreHostGateTest, AGrantOnTimeKeepsTheOtherNodesOffForTheDelay) {
    const auto grant = acquire_arriving_late(milliseconds(10));
    ASSERT_TRUE(grant.granted);
    gate_->release(kHost, grant.slot);
    wait_for_pool();
    EXPECT_FALSE(other_node_asks(kDelay - milliseconds(100)).granted);
    EXPECT_TRUE(other_node_asks(kDelay + StoreHostGate::kMargin).granted);
}

TEST_F(StoreHostGateTest, AGrantArrivingPastItsMarginPushesTheHostsNextRequestAWholeDelayLater) {
    const milliseconds late{600};
    const auto grant = acquire_arriving_late(late);
    ASSERT_TRUE(grant.granted) << "still inside the reservation: the request goes";
    gate_->release(kHost, grant.slot);
    wait_for_pool();
    // The request leaves now, 600 ms after the reservation: the reservation alone would let another
    // node in 500 ms from now, 500 ms after this request.
    EXPECT_FALSE(other_node_asks(kDelay + StoreHostGate::kMargin - late).granted);
    EXPECT_FALSE(other_node_asks(kDelay - milliseconds(10)).granted);
    EXPECT_TRUE(other_node_asks(kDelay + milliseconds(10)).granted);
}

TEST_F(StoreHostGateTest, AGrantArrivingAfterItsWholeReservationIsGivenBackAndAskedForAgain) {
    const auto grant = acquire_arriving_late(kDelay + StoreHostGate::kMargin + milliseconds(50));
    EXPECT_FALSE(grant.granted) << "other nodes may be on the host already";
    EXPECT_GT(grant.retry_after.count(), 0);
    wait_for_pool();
    // The slot was given back: with a concurrency of one, another node can have the host.
    EXPECT_TRUE(other_node_asks(milliseconds(0)).granted);
}

}  // namespace
}  // namespace gleaner::pipeline
