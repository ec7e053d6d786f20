// Crawl-store conformance, part 4: politeness across nodes — host slots (concurrency and delay for
// the cluster as a whole), deferrals, the robots.txt cache. Runs against every backend.
#include <algorithm>
#include <mutex>
#include <thread>

#include "crawl_store_fixture.h"

namespace gleaner::testing {
namespace {

constexpr std::int64_t T0 = 1'700'000'000'000;
constexpr std::int64_t kMinute = 60'000;

template <class Backend>
using Hosts = CrawlStoreTest<Backend>;
TYPED_TEST_SUITE(Hosts, Backends, BackendNames);

TYPED_TEST(Hosts, TheDelayHoldsAcrossNodes) {
    auto& s = this->store();
    const auto first = s.acquire_host_slot("news.example", "n1", T0, 5'000, 4, T0 + kMinute);
    ASSERT_TRUE(first.granted);
    s.release_host_slot("news.example", first.slot, "n1");
    // Another node, a free slot, but the host's next request is not allowed before T0 + 5 s.
    const auto early = s.acquire_host_slot("news.example", "n2", T0 + 1'000, 5'000, 4, T0 + kMinute);
    EXPECT_FALSE(early.granted);
    EXPECT_EQ(early.retry_at_ms, T0 + 5'000);
    EXPECT_TRUE(s.acquire_host_slot("news.example", "n2", T0 + 5'000, 5'000, 4, T0 + kMinute).granted);
    // Other hosts are not held back.
    EXPECT_TRUE(s.acquire_host_slot("other.example", "n2", T0 + 1'000, 5'000, 4, T0 + kMinute).granted);
}

TYPED_TEST(Hosts, ConcurrencyCountsTheSlotsOfEveryNode) {
    auto& s = this->store();
    const auto a = s.acquire_host_slot("news.example", "n1", T0, 0, 2, T0 + kMinute);
    const auto b = s.acquire_host_slot("news.example", "n2", T0, 0, 2, T0 + kMinute);
    ASSERT_TRUE(a.granted);
    ASSERT_TRUE(b.granted);
    EXPECT_NE(a.slot, b.slot);
    const auto full = s.acquire_host_slot("news.example", "n3", T0 + 1, 0, 2, T0 + kMinute);
    EXPECT_FALSE(full.granted);
    EXPECT_GT(full.retry_at_ms, T0 + 1);
    EXPECT_LE(full.retry_at_ms, T0 + kMinute);
    // Another node's slot is not released in its name.
    s.release_host_slot("news.example", a.slot, "n3");
    EXPECT_FALSE(s.acquire_host_slot("news.example", "n3", T0 + 2, 0, 2, T0 + kMinute).granted);
    s.release_host_slot("news.example", a.slot, "n1");
    const auto freed = s.acquire_host_slot("news.example", "n3", T0 + 3, 0, 2, T0 + kMinute);
    EXPECT_TRUE(freed.granted);
    EXPECT_EQ(freed.slot, a.slot);
}

TYPED_TEST(Hosts, ABatchOfSlotRequestsIsAnsweredAsSingleRequestsInTurnWouldBe) {
    auto& s = this->store();
    ASSERT_TRUE(s.acquire_host_slot("full.example", "n2", T0, 0, 1, T0 + kMinute).granted);
    const auto slots = s.acquire_host_slots({{"news.example", 5'000, 2},
                                             {"full.example", 0, 1},
                                             {"news.example", 5'000, 2},  // the delay holds within a batch
                                             {"blog.example", 0, 2}},
                                            "n1", T0, T0 + kMinute);
    ASSERT_EQ(slots.size(), 4u);
    EXPECT_TRUE(slots[0].granted);
    EXPECT_FALSE(slots[1].granted);
    EXPECT_FALSE(slots[2].granted);
    EXPECT_EQ(slots[2].retry_at_ms, T0 + 5'000);
    EXPECT_TRUE(slots[3].granted);
    s.release_host_slots({{"news.example", slots[0].slot}, {"blog.example", slots[3].slot}}, "n1");
    EXPECT_TRUE(s.acquire_host_slot("blog.example", "n3", T0 + 1, 0, 1, T0 + kMinute).granted);
    EXPECT_FALSE(s.acquire_host_slot("full.example", "n3", T0 + 1, 0, 1, T0 + kMinute).granted);
}

TYPED_TEST(Hosts, ASlotWhoseLeaseExpiredIsFreeAgain) {
    auto& s = this->store();
    ASSERT_TRUE(s.acquire_host_slot("news.example", "dead", T0, 0, 1, T0 + kMinute).granted);
    EXPECT_FALSE(s.acquire_host_slot("news.example", "n2", T0 + kMinute - 1, 0, 1, T0 + 2 * kMinute).granted);
    EXPECT_TRUE(s.acquire_host_slot("news.example", "n2", T0 + kMinute + 1, 0, 1, T0 + 2 * kMinute).granted);
}

TYPED_TEST(Hosts, ConcurrentNodesNeverHoldMoreSlotsThanTheHostAllows) {
    constexpr int kThreads = 6, kRounds = 15, kConcurrency = 2;
    std::vector<std::unique_ptr<state::CrawlStore>> nodes;
    for (int n = 0; n < kThreads; ++n) nodes.push_back(this->open());
    // Each thread counts itself in between a grant and its release (the release comes after).
    int holding = 0, most = 0, granted = 0;
    std::mutex mutex;
    std::vector<std::string> errors;
    std::vector<std::thread> threads;
    for (int n = 0; n < kThreads; ++n)
        threads.emplace_back([&, n] {
            const std::string node = "n" + std::to_string(n);
            try {
                for (int i = 0; i < kRounds; ++i) {
                    const auto slot =
                        nodes[n]->acquire_host_slot("busy.example", node, T0, 0, kConcurrency, T0 + kMinute);
                    if (!slot.granted) continue;
                    {
                        std::lock_guard lock(mutex);
                        ++granted;
                        most = std::max(most, ++holding);
                    }
                    std::this_thread::yield();
                    {
                        std::lock_guard lock(mutex);
                        --holding;
                    }
                    nodes[n]->release_host_slot("busy.example", slot.slot, node);
                }
            } catch (const std::exception& e) {
                std::lock_guard lock(mutex);
                errors.push_back(e.what());
            }
        });
    for (auto& t : threads) t.join();
    ASSERT_TRUE(errors.empty()) << errors.front();
    EXPECT_GT(granted, 0);
    EXPECT_LE(most, kConcurrency);
}

TYPED_TEST(Hosts, DeferringPushesTheNextAllowedTimeButNeverBack) {
    auto& s = this->store();
    s.defer_host("news.example", T0 + 30'000);  // Retry-After: 30
    s.defer_host("news.example", T0 + 10'000);  // an earlier deferral does not shorten it
    const auto slot = s.acquire_host_slot("news.example", "n1", T0 + 20'000, 0, 1, T0 + kMinute);
    EXPECT_FALSE(slot.granted);
    EXPECT_EQ(slot.retry_at_ms, T0 + 30'000);
    EXPECT_TRUE(s.acquire_host_slot("news.example", "n1", T0 + 30'000, 0, 1, T0 + kMinute).granted);
}

TYPED_TEST(Hosts, RobotsRecordsAreCachedUntilTheyExpire) {
    auto& s = this->store();
    EXPECT_FALSE(s.robots("https://news.example", T0));
    // Bodies are bytes: whatever the server sent, NUL and invalid UTF-8 included.
    const std::string body = "User-agent: *\nDisallow: /private\n" + std::string("\xff\x00", 2);
    state::RobotsRecord record{2, body, 5'000, T0 + kMinute};
    s.save_robots("https://news.example", record);
    const auto cached = s.robots("https://news.example", T0);
    ASSERT_TRUE(cached);
    EXPECT_EQ(cached->status, 2);
    EXPECT_EQ(cached->body, record.body);
    EXPECT_EQ(cached->crawl_delay_ms, 5'000);
    EXPECT_EQ(cached->expires_ms, T0 + kMinute);
    EXPECT_FALSE(s.robots("https://news.example", T0 + kMinute));
    EXPECT_FALSE(s.robots("http://news.example", T0));
    record.status = 0;
    record.expires_ms = T0 + 2 * kMinute;
    s.save_robots("https://news.example", record);
    EXPECT_EQ(s.robots("https://news.example", T0 + kMinute)->status, 0);
}

}  // namespace
}  // namespace gleaner::testing
