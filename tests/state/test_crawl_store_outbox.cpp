// Crawl-store conformance, part 5: the delivery outbox — claims with leases, crashed claims,
// acknowledgements, retries, what is due next, payload checksums and quarantine. Runs against every
// backend.
#include <fstream>
#include <iterator>

#include "crawl_store_fixture.h"

namespace gleaner::testing {
namespace {

constexpr std::int64_t T0 = 1'700'000'000'000;
constexpr std::int64_t kMinute = 60'000;

template <class Backend>
using Outbox = CrawlStoreTest<Backend>;
TYPED_TEST_SUITE(Outbox, Backends, BackendNames);

// Stores `n` articles for `plugins`; returns their outbox ids in order.
std::vector<std::int64_t> store_articles(state::CrawlStore& s, int n, std::vector<std::string> plugins = {"files"}) {
    std::vector<std::int64_t> ids;
    for (int i = 0; i < n; ++i)
        ids.push_back(s.commit_article(article("https://news.example/" + std::to_string(i), "f" + std::to_string(i),
                                               plugins),
                                       "n1", T0)
                          .article_id);
    return ids;
}

std::vector<std::int64_t> ids_of(const std::vector<state::Delivery>& deliveries) {
    std::vector<std::int64_t> out;
    for (const auto& d : deliveries) out.push_back(d.article_id);
    return out;
}

TYPED_TEST(Outbox, ClaimsTakeDueDeliveriesOldestFirstAndHoldThemUnderALease) {
    auto& s = this->store();
    const auto ids = store_articles(s, 5);
    const auto first = s.claim_deliveries("files", "n1", T0, T0 + kMinute, 3);
    EXPECT_EQ(ids_of(first), (std::vector<std::int64_t>{ids[0], ids[1], ids[2]}));
    EXPECT_EQ(first[0].attempts, 0);
    EXPECT_EQ(first[0].crashed, 0);
    const auto second = s.claim_deliveries("files", "n2", T0, T0 + kMinute, 10);
    EXPECT_EQ(ids_of(second), (std::vector<std::int64_t>{ids[3], ids[4]}));
    EXPECT_TRUE(s.claim_deliveries("files", "n3", T0 + 1, T0 + kMinute, 10).empty());
    EXPECT_TRUE(s.claim_deliveries("other", "n3", T0 + 1, T0 + kMinute, 10).empty());
}

TYPED_TEST(Outbox, AnAttemptBegunWithoutAnOutcomeCountsAsCrashed) {
    auto& s = this->store();
    const auto ids = store_articles(s, 2);
    auto claimed = s.claim_deliveries("files", "n1", T0, T0 + kMinute, 2);
    ASSERT_EQ(claimed.size(), 2u);
    // The plugin got the first article and the process died; the second was never handed over.
    s.begin_attempts("files", {ids[0]});
    auto again = s.claim_deliveries("files", "n2", T0 + kMinute, T0 + 2 * kMinute, 2);
    ASSERT_EQ(ids_of(again), ids);
    EXPECT_EQ(again[0].crashed, 1);
    EXPECT_EQ(again[1].crashed, 0);
    // A recorded failure is an attempt, not a crash.
    s.begin_attempts("files", {ids[0]});
    s.retry_delivery("files", ids[0], T0 + 2 * kMinute, "HTTP 500");
    again = s.claim_deliveries("files", "n2", T0 + 2 * kMinute, T0 + 3 * kMinute, 1);
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].attempts, 1);
    EXPECT_EQ(again[0].crashed, 1);
}

TYPED_TEST(Outbox, AcknowledgingRemovesTheDeliveryAndTheRecordWhenNoPluginWaits) {
    auto& s = this->store();
    const auto ids = store_articles(s, 2, {"files", "hook"});
    EXPECT_EQ(s.outbox_stats().articles, 2);
    EXPECT_EQ(s.outbox_stats().deliveries, 4);
    s.acknowledge("files", {ids[0], ids[1]});
    EXPECT_EQ(s.pending("files"), 0);
    EXPECT_EQ(s.pending("hook"), 2);
    EXPECT_EQ(s.outbox_stats().articles, 2);  // the hook still waits for both
    s.acknowledge("hook", {ids[0]});
    const auto stats = s.outbox_stats();
    EXPECT_EQ(stats.articles, 1);
    EXPECT_EQ(stats.deliveries, 1);
    EXPECT_GT(stats.bytes, 0);
    EXPECT_FALSE(s.payload(ids[0]));
    EXPECT_TRUE(s.payload(ids[1]));
}

TYPED_TEST(Outbox, ARetryIsDueAtItsTimeAndTellsTheTimerWhen) {
    auto& s = this->store();
    const auto ids = store_articles(s, 2);
    ASSERT_EQ(s.claim_deliveries("files", "n1", T0, T0 + kMinute, 2).size(), 2u);
    s.retry_delivery("files", ids[0], T0 + 10'000, "timeout");
    s.retry_delivery("files", ids[1], T0 + 20'000, "timeout");
    EXPECT_EQ(s.next_delivery_due("files", T0), T0 + 10'000);
    EXPECT_EQ(s.next_delivery_due("files", T0 + 10'000), T0 + 20'000);
    EXPECT_FALSE(s.next_delivery_due("files", T0 + 20'000));
    EXPECT_FALSE(s.next_delivery_due("other", T0));
    EXPECT_TRUE(s.claim_deliveries("files", "n1", T0 + 9'999, T0 + kMinute, 10).empty());
    EXPECT_EQ(ids_of(s.claim_deliveries("files", "n1", T0 + 10'000, T0 + kMinute, 10)),
              std::vector<std::int64_t>{ids[0]});
    EXPECT_EQ(s.pending("files"), 2);
}

TYPED_TEST(Outbox, ACorruptPayloadIsQuarantinedNotDelivered) {
    auto& s = this->store();
    const auto ids = store_articles(s, 2);
    this->backend_.corrupt_payload(ids[0]);
    EXPECT_FALSE(s.payload(ids[0]));
    EXPECT_EQ(s.pending("files"), 1);
    const auto file = this->state_dir_ / "quarantine" / ("outbox-" + std::to_string(ids[0]) + ".bin");
    ASSERT_TRUE(std::filesystem::exists(file)) << file;
    std::ifstream in(file, std::ios::binary);
    const std::string kept{std::istreambuf_iterator<char>(in), {}};
    EXPECT_FALSE(kept.empty());  // the record's bytes, as they were found
    EXPECT_TRUE(s.payload(ids[1]));
}

TYPED_TEST(Outbox, VerifyingAtStartUpQuarantinesEveryCorruptRecord) {
    auto& s = this->store();
    const auto ids = store_articles(s, 300);  // more than one page of records
    this->backend_.corrupt_payload(ids[7]);
    this->backend_.corrupt_payload(ids[290]);
    EXPECT_EQ(s.verify_outbox(), 2);
    EXPECT_EQ(s.pending("files"), 298);
    EXPECT_EQ(s.verify_outbox(), 0);
}

TYPED_TEST(Outbox, DroppingUnconfiguredPluginsHappensOnlyInAOneNodeStore) {
    auto& s = this->store();
    store_articles(s, 2, {"files", "gone"});
    const auto dropped = s.drop_plugins_except({"files"});
    if (s.shared()) {
        // Another node of the cluster may still run the plugin.
        EXPECT_EQ(dropped, 0);
        EXPECT_EQ(s.pending("gone"), 2);
    } else {
        EXPECT_EQ(dropped, 2);
        EXPECT_EQ(s.pending("gone"), 0);
    }
    EXPECT_EQ(s.pending("files"), 2);
}

}  // namespace
}  // namespace gleaner::testing
