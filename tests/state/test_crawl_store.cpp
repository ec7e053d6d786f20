// Crawl-store conformance, part 1: opening and schema versions, nodes, source passes, validators,
// leases across every kind of work, pruning and figures. Runs against every backend (crawl_store_fixture.h).
#include "crawl_store_fixture.h"

namespace gleaner::testing {
namespace {

using state::AddUrlsOptions;
using state::PassOutcome;
using state::UrlOutcome;

constexpr std::int64_t T0 = 1'700'000'000'000;
constexpr std::int64_t kMinute = 60'000;

template <class Backend>
using CrawlStore = CrawlStoreTest<Backend>;
TYPED_TEST_SUITE(CrawlStore, Backends, BackendNames);

// ---- schema

TYPED_TEST(CrawlStore, OpensAFreshStoreWithItsSchemaCreated) {
    auto& s = this->store();
    EXPECT_EQ(s.backend(), TypeParam::kName);
    const auto stats = s.stats("n1", T0, 0);
    EXPECT_EQ(stats.frontier_queued, 0);
    EXPECT_EQ(stats.nodes_alive, 0);
    EXPECT_FALSE(s.source("demo"));
    EXPECT_FALSE(s.next_url_due(T0));
}

TYPED_TEST(CrawlStore, ReopenedStoreKeepsWhatWasWritten) {
    this->store().add_urls("demo", {listed("/kept")}, at(T0));
    this->store().reschedule_source("demo", T0 + kMinute);
    this->reopen();  // the schema is there: opening again migrates nothing and loses nothing
    EXPECT_EQ(this->store().source("demo")->next_due_ms, T0 + kMinute);
    const auto claimed = this->store().claim_urls("n1", T0, T0 + kMinute, 10, 10);
    ASSERT_EQ(claimed.size(), 1u);
    EXPECT_EQ(claimed[0].url, "https://news.example/kept");
}

TYPED_TEST(CrawlStore, RefusesAStoreWrittenByANewerGleanerNamingIt) {
    this->store_.reset();
    this->backend_.make_schema_newer();
    try {
        this->open();
        FAIL() << "a newer schema was accepted";
    } catch (const state::StoreError& e) {
        EXPECT_NE(std::string(e.what()).find(this->backend_.where()), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("newer Gleaner"), std::string::npos) << e.what();
    }
}

// ---- nodes

TYPED_TEST(CrawlStore, HeartbeatsListTheNodesAliveSinceACutoff) {
    auto& s = this->store();
    s.heartbeat({"a:1", T0, T0});
    s.heartbeat({"b:2", T0, T0 + 10});
    s.heartbeat({"a:1", T0, T0 + 20});  // a newer heartbeat replaces the old one
    auto alive = s.nodes(T0 + 5);
    ASSERT_EQ(alive.size(), 2u);
    EXPECT_EQ(alive[0].id, "a:1");
    EXPECT_EQ(alive[0].heartbeat_ms, T0 + 20);
    EXPECT_EQ(alive[1].id, "b:2");
    EXPECT_EQ(s.nodes(T0 + 15).size(), 1u);
    EXPECT_EQ(s.stats("a:1", T0 + 20, T0 + 15).nodes_alive, 1);
}

// ---- source passes

TYPED_TEST(CrawlStore, APassIsClaimedByOneNodePerInterval) {
    auto& s = this->store();
    EXPECT_TRUE(s.claim_pass("feed", "n1", T0, T0 + kMinute));  // no row yet: due
    EXPECT_FALSE(s.claim_pass("feed", "n2", T0 + 1, T0 + kMinute));
    EXPECT_EQ(s.source("feed")->owner, "n1");
    s.finish_pass("feed", "n1", PassOutcome{T0 + 10 * kMinute, T0 + 5, ""});
    const auto record = s.source("feed");
    EXPECT_EQ(record->owner, "");
    EXPECT_EQ(record->next_due_ms, T0 + 10 * kMinute);
    EXPECT_EQ(record->last_run_ms, T0 + 5);
    EXPECT_EQ(record->passes, 1);
    EXPECT_FALSE(s.claim_pass("feed", "n2", T0 + 9 * kMinute, T0 + 20 * kMinute));  // not due yet
    EXPECT_TRUE(s.claim_pass("feed", "n2", T0 + 10 * kMinute, T0 + 20 * kMinute));
}

TYPED_TEST(CrawlStore, AnExpiredPassLeaseLetsAnotherNodeTakeThePass) {
    auto& s = this->store();
    ASSERT_TRUE(s.claim_pass("feed", "dead", T0, T0 + kMinute));
    EXPECT_FALSE(s.claim_pass("feed", "n2", T0 + kMinute - 1, T0 + 2 * kMinute));
    EXPECT_TRUE(s.claim_pass("feed", "n2", T0 + kMinute + 1, T0 + 2 * kMinute));
    EXPECT_EQ(s.source("feed")->owner, "n2");
    // The late node lost the pass: its outcome is not recorded, the pass stays with n2.
    s.finish_pass("feed", "dead", PassOutcome{T0 + 5 * kMinute, T0 + kMinute + 2, "timeout"});
    auto record = s.source("feed");
    EXPECT_EQ(record->owner, "n2");
    EXPECT_EQ(record->last_error, "");
    s.finish_pass("feed", "n2", PassOutcome{T0 + 6 * kMinute, T0 + kMinute + 3, ""});
    record = s.source("feed");
    EXPECT_EQ(record->owner, "");
    EXPECT_EQ(record->next_due_ms, T0 + 6 * kMinute);
    EXPECT_EQ(record->passes, 1);
}

TYPED_TEST(CrawlStore, ReschedulingMovesTheNextPass) {
    auto& s = this->store();
    ASSERT_TRUE(s.claim_pass("feed", "n1", T0, T0 + kMinute));
    s.finish_pass("feed", "n1", PassOutcome{T0 + 60 * kMinute, T0, ""});
    s.reschedule_source("feed", T0 + kMinute);
    EXPECT_EQ(s.source("feed")->next_due_ms, T0 + kMinute);
    EXPECT_TRUE(s.claim_pass("feed", "n1", T0 + kMinute, T0 + 2 * kMinute));
}

// ---- validators

TYPED_TEST(CrawlStore, ValidatorsAreKeptPerDocumentUrl) {
    auto& s = this->store();
    EXPECT_FALSE(s.validators("https://news.example/feed"));
    s.save_validators("https://news.example/feed", "\"v1\"", "Mon, 01 Jan 2024 00:00:00 GMT", T0);
    s.save_validators("https://news.example/feed", "\"v2\"", "", T0 + 1);
    const auto v = s.validators("https://news.example/feed");
    ASSERT_TRUE(v);
    EXPECT_EQ(v->first, "\"v2\"");
    EXPECT_EQ(v->second, "");
    EXPECT_FALSE(s.validators("https://news.example/other"));
}

TYPED_TEST(CrawlStore, TextAsServersSentItIsStoredWhateverItsBytes) {
    auto& s = this->store();
    const std::string bytes = std::string("W/\"\xff\xfe") + '\0' + "\"";  // not UTF-8, a NUL inside
    s.save_validators("https://news.example/feed", bytes, "Mon", T0);
    const auto v = s.validators("https://news.example/feed");
    ASSERT_TRUE(v);
    EXPECT_EQ(v->first.substr(0, 3), "W/\"");
    ASSERT_TRUE(s.claim_pass("feed", "n1", T0, T0 + kMinute));
    s.finish_pass("feed", "n1", PassOutcome{T0 + kMinute, T0, "HTTP 500 " + bytes});
    EXPECT_EQ(s.source("feed")->last_error.substr(0, 9), "HTTP 500 ");
}

// ---- leases

TYPED_TEST(CrawlStore, RenewingExtendsEveryLeaseTheNodeHolds) {
    auto& s = this->store();
    s.add_urls("demo", {listed("/a")}, at(T0));
    ASSERT_EQ(s.claim_urls("n1", T0, T0 + kMinute, 10, 10).size(), 1u);
    ASSERT_TRUE(s.claim_pass("feed", "n1", T0, T0 + kMinute));
    s.commit_article(article("https://news.example/x", "fx"), "n1", T0);
    ASSERT_EQ(s.claim_deliveries("files", "n1", T0, T0 + kMinute, 10).size(), 1u);
    ASSERT_TRUE(s.acquire_host_slot("news.example", "n1", T0, 0, 1, T0 + kMinute).granted);

    s.renew_leases("n1", T0 + 5 * kMinute);
    const auto later = T0 + 2 * kMinute;  // past the first leases, within the renewed ones
    EXPECT_TRUE(s.claim_urls("n2", later, later + kMinute, 10, 10).empty());
    EXPECT_FALSE(s.claim_pass("feed", "n2", later, later + kMinute));
    EXPECT_TRUE(s.claim_deliveries("files", "n2", later, later + kMinute, 10).empty());
    EXPECT_FALSE(s.acquire_host_slot("news.example", "n2", later, 0, 1, later + kMinute).granted);
    EXPECT_EQ(s.stats("n1", later, 0).leases_held, 3);  // URL, pass, delivery
}

TYPED_TEST(CrawlStore, ReleasingGivesEveryLeaseBackAtOnce) {
    auto& s = this->store();
    s.add_urls("demo", {listed("/a")}, at(T0));
    ASSERT_EQ(s.claim_urls("n1", T0, T0 + kMinute, 10, 10).size(), 1u);
    ASSERT_TRUE(s.claim_pass("feed", "n1", T0, T0 + kMinute));
    s.commit_article(article("https://news.example/x", "fx"), "n1", T0);
    const auto delivery = s.claim_deliveries("files", "n1", T0, T0 + kMinute, 10);
    ASSERT_EQ(delivery.size(), 1u);
    s.begin_attempts("files", {delivery[0].article_id});
    ASSERT_TRUE(s.acquire_host_slot("news.example", "n1", T0, 0, 1, T0 + kMinute).granted);

    s.release_leases("n1");
    EXPECT_EQ(s.stats("n1", T0 + 1, 0).leases_held, 0);
    EXPECT_EQ(s.claim_urls("n2", T0 + 1, T0 + kMinute, 10, 10).size(), 1u);
    EXPECT_TRUE(s.claim_pass("feed", "n2", T0 + 1, T0 + kMinute));
    const auto deliveries = s.claim_deliveries("files", "n2", T0 + 1, T0 + kMinute, 10);
    ASSERT_EQ(deliveries.size(), 1u);
    EXPECT_EQ(deliveries[0].crashed, 1);  // begun and released, not finished: a crash
    EXPECT_TRUE(s.acquire_host_slot("news.example", "n2", T0 + 1, 0, 1, T0 + kMinute).granted);
}

// ---- maintenance and figures

TYPED_TEST(CrawlStore, PruningForgetsWhatWasNotSeenSinceTheCutoff) {
    auto& s = this->store();
    s.add_urls("demo", {listed("/old"), listed("/queued")}, at(T0));
    const auto claimed = s.claim_urls("n1", T0, T0 + kMinute, 1, 1);
    ASSERT_EQ(claimed.size(), 1u);
    s.finish_url(claimed[0].id, "n1", UrlOutcome{UrlOutcome::Kind::done, 0, "", 200}, T0);
    auto old = article("https://news.example/stored", "f-old", {});
    s.commit_article(old, "n1", T0);
    s.commit_article(article("https://news.example/waiting", "f-waiting"), "n1", T0);  // still in the outbox
    s.save_validators("https://news.example/feed", "\"e\"", "", T0);

    EXPECT_GT(s.prune(T0 + 1), 0);
    EXPECT_FALSE(s.delivered("https://news.example/stored"));
    EXPECT_TRUE(s.delivered("https://news.example/waiting"));
    EXPECT_FALSE(s.validators("https://news.example/feed"));
    // The finished URL is forgotten, the queued one kept: a listing adds only the first again.
    const auto again = s.add_urls("demo", {listed("/old"), listed("/queued")}, at(T0 + 2));
    EXPECT_EQ(again.added, 1u);
    EXPECT_EQ(again.known, 1u);
    // Content fingerprints went too: the same text under a new URL is new again.
    EXPECT_EQ(s.commit_article(article("https://news.example/copy", "f-old", {}), "n1", T0 + 2).outcome,
              state::AddOutcome::added);
}

TYPED_TEST(CrawlStore, StatsCountFrontierStatesLeasesAndOutboxPerPlugin) {
    auto& s = this->store();
    s.add_urls("demo", listed_on("news.example", 6), at(T0));
    s.add_urls("demo", {listed("/later")}, at(T0 + kMinute));
    auto claimed = s.claim_urls("n1", T0, T0 + kMinute, 4, 4);
    ASSERT_EQ(claimed.size(), 4u);
    s.finish_url(claimed[0].id, "n1", UrlOutcome{UrlOutcome::Kind::done, 0, "", 200}, T0);
    s.finish_url(claimed[1].id, "n1", UrlOutcome{UrlOutcome::Kind::failed, 0, "gone", 410}, T0);
    ASSERT_EQ(s.claim_urls("n2", T0, T0 + 10, 1, 1).size(), 1u);  // a short lease, expired below
    s.commit_article(article("https://news.example/x", "fx", {"files", "hook"}), "n1", T0);
    s.commit_article(article("https://news.example/y", "fy", {"files"}), "n1", T0);
    s.heartbeat({"n1", T0, T0});

    const auto stats = s.stats("n1", T0 + 20, T0);
    EXPECT_EQ(stats.frontier_queued, 1);
    EXPECT_EQ(stats.frontier_waiting, 1);
    EXPECT_EQ(stats.frontier_claimed, 2);
    EXPECT_EQ(stats.frontier_expired, 1);
    EXPECT_EQ(stats.frontier_done, 1);
    EXPECT_EQ(stats.frontier_failed, 1);
    EXPECT_EQ(stats.leases_held, 2);
    EXPECT_EQ(stats.nodes_alive, 1);
    const std::vector<std::pair<std::string, std::int64_t>> by_plugin{{"files", 2}, {"hook", 1}};
    EXPECT_EQ(stats.outbox_by_plugin, by_plugin);
}

}  // namespace
}  // namespace gleaner::testing
