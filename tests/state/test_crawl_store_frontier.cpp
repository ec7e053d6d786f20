// Crawl-store conformance, part 2: the URL frontier — listing URLs, claiming them (due order, per-host
// cap, leases, concurrent claimers), finishing them. Runs against every backend.
#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "crawl_store_fixture.h"

namespace gleaner::testing {
namespace {

using state::ClaimedUrl;
using state::UrlOutcome;

constexpr std::int64_t T0 = 1'700'000'000'000;
constexpr std::int64_t kMinute = 60'000;

template <class Backend>
using Frontier = CrawlStoreTest<Backend>;
TYPED_TEST_SUITE(Frontier, Backends, BackendNames);

UrlOutcome outcome(UrlOutcome::Kind kind, std::int64_t retry_at = 0) {
    UrlOutcome o;
    o.kind = kind;
    o.retry_at_ms = retry_at;
    return o;
}

// ---- listing

TYPED_TEST(Frontier, ListingAddsNewUrlsAndCountsTheKnownOnes) {
    auto& s = this->store();
    auto first = s.add_urls("demo", {listed("/a"), listed("/b"), listed("/a")}, at(T0));
    EXPECT_EQ(first.added, 2u);
    EXPECT_EQ(first.known, 1u);  // listed twice in one batch
    auto second = s.add_urls("other", {listed("/b"), listed("/c")}, at(T0 + 1));
    EXPECT_EQ(second.added, 1u);
    EXPECT_EQ(second.known, 1u);
    EXPECT_EQ(s.stats("n1", T0 + 1, 0).frontier_queued, 3);
    // The first listing's source and hints stay with the URL.
    const auto claimed = s.claim_urls("n1", T0 + 1, T0 + kMinute, 10, 10);
    ASSERT_EQ(claimed.size(), 3u);
    EXPECT_EQ(claimed[1].source, "demo");
    EXPECT_EQ(claimed[2].source, "other");
}

TYPED_TEST(Frontier, ListingCarriesTheEntryHintsToTheClaim) {
    auto& s = this->store();
    s.add_urls("demo", {listed("/a", "news.example", {"Flood warning", "Ann Writer", "2024-05-01T10:00:00Z"})},
               at(T0));
    const auto claimed = s.claim_urls("n1", T0, T0 + kMinute, 1, 1);
    ASSERT_EQ(claimed.size(), 1u);
    EXPECT_EQ(claimed[0].hints, (state::EntryHints{"Flood warning", "Ann Writer", "2024-05-01T10:00:00Z"}));
    EXPECT_EQ(claimed[0].host, "news.example");
    EXPECT_EQ(claimed[0].key, "https://news.example/a");
    EXPECT_EQ(claimed[0].attempts, 0);
    EXPECT_FALSE(claimed[0].refetch);
}

TYPED_TEST(Frontier, ListingSkipsUrlsDeliveredUnderAnotherUrl) {
    auto& s = this->store();
    auto a = article("https://news.example/story", "f1");
    a.aliases = {"https://news.example/story?utm=feed", "https://m.news.example/story"};
    s.commit_article(a, "n1", T0);
    const auto result = s.add_urls("demo",
                                   {listed("/story?utm=feed"), listed("/story", "m.news.example"),
                                    listed("/story"), listed("/fresh")},
                                   at(T0 + 1));
    EXPECT_EQ(result.added, 1u);
    EXPECT_EQ(result.known, 3u);
    EXPECT_EQ(paths(s.claim_urls("n1", T0 + 1, T0 + kMinute, 10, 10)), std::vector<std::string>{"/fresh"});
}

TYPED_TEST(Frontier, ListingStopsAtTheLimitCountingOnlyNewUrls) {
    auto& s = this->store();
    s.add_urls("demo", {listed("/known")}, at(T0));
    state::AddUrlsOptions options = at(T0 + 1);
    options.limit = 2;
    const auto result = s.add_urls("demo", {listed("/known"), listed("/1"), listed("/2"), listed("/3")}, options);
    EXPECT_EQ(result.added, 2u);
    EXPECT_EQ(result.known, 1u);
    EXPECT_EQ(result.over_limit, 1u);
    EXPECT_EQ(paths(s.claim_urls("n1", T0 + 1, T0 + kMinute, 10, 10)),
              (std::vector<std::string>{"/known", "/1", "/2"}));
}

TYPED_TEST(Frontier, RequeueQueuesFinishedUrlsAgainButLeavesQueuedAndClaimedOnes) {
    auto& s = this->store();
    s.add_urls("pages", {listed("/done")}, at(T0));
    s.add_urls("pages", {listed("/claimed")}, at(T0 + 1));
    s.add_urls("pages", {listed("/queued")}, at(T0 + 2));
    auto claimed = s.claim_urls("n1", T0 + 2, T0 + kMinute, 2, 2);
    ASSERT_EQ(paths(claimed), (std::vector<std::string>{"/done", "/claimed"}));
    s.finish_url(claimed[0].id, "n1", outcome(UrlOutcome::Kind::done), T0);

    state::AddUrlsOptions options = at(T0 + 10);
    options.requeue = true;
    const auto result = s.add_urls("pages", {listed("/done"), listed("/claimed"), listed("/queued")}, options);
    EXPECT_EQ(result.added, 1u);
    EXPECT_EQ(result.known, 2u);
    const auto again = s.claim_urls("n2", T0 + 10, T0 + kMinute, 10, 10);
    ASSERT_EQ(paths(again), (std::vector<std::string>{"/queued", "/done"}));
    EXPECT_FALSE(again[0].refetch);
    EXPECT_TRUE(again[1].refetch);  // fetched again conditionally
}

// ---- claiming

TYPED_TEST(Frontier, ClaimsTakeDueUrlsOldestFirst) {
    auto& s = this->store();
    s.add_urls("demo", {listed("/later", "c.example")}, at(T0 + 30));
    s.add_urls("demo", {listed("/first", "a.example")}, at(T0 + 10));
    s.add_urls("demo", {listed("/second", "b.example")}, at(T0 + 20));
    s.add_urls("demo", {listed("/future", "d.example")}, at(T0 + kMinute));
    EXPECT_EQ(paths(s.claim_urls("n1", T0 + 30, T0 + kMinute, 2, 5)),
              (std::vector<std::string>{"/first", "/second"}));
    EXPECT_EQ(paths(s.claim_urls("n1", T0 + 30, T0 + kMinute, 5, 5)), std::vector<std::string>{"/later"});
    EXPECT_EQ(s.next_url_due(T0 + 30), T0 + kMinute);
    EXPECT_TRUE(s.claim_urls("n1", T0 + 30, T0 + kMinute, 5, 5).empty());
}

TYPED_TEST(Frontier, ClaimsTakeAtMostPerHostFromOneHostAndFillTheBatchFromOthers) {
    auto& s = this->store();
    // One host's long backlog was listed first; the other hosts' URLs are behind it.
    s.add_urls("demo", listed_on("big.example", 50), at(T0));
    for (int h = 0; h < 5; ++h)
        s.add_urls("demo", listed_on("small" + std::to_string(h) + ".example", 2), at(T0 + 1 + h));
    const auto claimed = s.claim_urls("n1", T0 + 10, T0 + kMinute, 8, 2);
    ASSERT_EQ(claimed.size(), 8u);
    std::map<std::string, int> per_host;
    for (const auto& u : claimed) ++per_host[u.host];
    EXPECT_EQ(per_host["big.example"], 2);
    EXPECT_EQ(per_host.size(), 4u);
    for (const auto& [host, n] : per_host) EXPECT_LE(n, 2) << host;
    // Oldest due first: the big host's two, then the small hosts in the order they were listed.
    EXPECT_EQ(claimed[0].host, "big.example");
    EXPECT_EQ(claimed[2].host, "small0.example");
    EXPECT_EQ(claimed[7].host, "small2.example");
}

TYPED_TEST(Frontier, PerHostCountsTheUrlsTheNodeAlreadyHolds) {
    auto& s = this->store();
    s.add_urls("demo", listed_on("slow.example", 10), at(T0));
    s.add_urls("demo", listed_on("other.example", 1), at(T0 + 1));
    EXPECT_EQ(s.claim_urls("n1", T0 + 1, T0 + kMinute, 10, 3).size(), 4u);
    // n1 holds three of slow.example: it gets none more, though they are due.
    EXPECT_TRUE(s.claim_urls("n1", T0 + 2, T0 + kMinute, 10, 3).empty());
    // Another node holds none yet.
    const auto other = s.claim_urls("n2", T0 + 3, T0 + kMinute, 10, 3);
    EXPECT_EQ(other.size(), 3u);
    s.finish_url(other[0].id, "n2", outcome(UrlOutcome::Kind::done), T0 + 4);
    EXPECT_EQ(s.claim_urls("n2", T0 + 5, T0 + kMinute, 10, 3).size(), 1u);
}

TYPED_TEST(Frontier, AClaimedUrlIsNotClaimedAgainWhileItsLeaseLives) {
    auto& s = this->store();
    s.add_urls("demo", {listed("/a"), listed("/b")}, at(T0));
    const auto first = s.claim_urls("n1", T0, T0 + kMinute, 1, 1);
    const auto second = s.claim_urls("n2", T0 + 1, T0 + kMinute, 10, 10);
    ASSERT_EQ(paths(first), std::vector<std::string>{"/a"});
    ASSERT_EQ(paths(second), std::vector<std::string>{"/b"});
    EXPECT_TRUE(s.claim_urls("n3", T0 + kMinute - 1, T0 + 2 * kMinute, 10, 10).empty());
}

TYPED_TEST(Frontier, AnExpiredLeaseLetsAnotherNodeReclaimTheUrl) {
    auto& s = this->store();
    s.add_urls("demo", {listed("/a")}, at(T0));
    const auto first = s.claim_urls("dead", T0, T0 + kMinute, 1, 1);
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(s.stats("x", T0 + kMinute - 1, 0).frontier_claimed, 1);
    EXPECT_EQ(s.stats("x", T0 + kMinute + 1, 0).frontier_expired, 1);
    EXPECT_EQ(s.next_url_due(T0 + 1), T0 + kMinute);  // when the lease runs out
    const auto taken = s.claim_urls("n2", T0 + kMinute + 1, T0 + 2 * kMinute, 1, 1);
    ASSERT_EQ(taken.size(), 1u);
    EXPECT_EQ(taken[0].id, first[0].id);
    // The dead node's late outcome no longer counts: the URL is n2's.
    s.finish_url(first[0].id, "dead", outcome(UrlOutcome::Kind::done), T0 + kMinute + 2);
    EXPECT_EQ(s.stats("n2", T0 + kMinute + 2, 0).frontier_claimed, 1);
    s.finish_url(taken[0].id, "n2", outcome(UrlOutcome::Kind::done), T0 + kMinute + 3);
    EXPECT_EQ(s.stats("n2", T0 + kMinute + 3, 0).frontier_done, 1);
}

TYPED_TEST(Frontier, ConcurrentClaimersNeverGetTheSameUrl) {
    constexpr int kNodes = 4, kThreadsPerNode = 2;
    auto& s = this->store();
    std::vector<state::ListedUrl> urls;
    for (int h = 0; h < 40; ++h) {
        auto more = listed_on("h" + std::to_string(h) + ".example", 10);
        urls.insert(urls.end(), more.begin(), more.end());
    }
    ASSERT_EQ(s.add_urls("demo", urls, at(T0)).added, urls.size());

    std::vector<std::unique_ptr<state::CrawlStore>> nodes;  // one store handle per node
    for (int n = 0; n < kNodes; ++n) nodes.push_back(this->open());
    std::mutex mutex;
    std::vector<std::int64_t> ids;
    std::vector<std::string> errors;
    std::vector<std::thread> threads;
    for (int n = 0; n < kNodes; ++n)
        for (int t = 0; t < kThreadsPerNode; ++t)
            threads.emplace_back([&, n] {
                const std::string node = "node" + std::to_string(n);
                try {
                    for (;;) {
                        const auto claimed = nodes[n]->claim_urls(node, T0, T0 + kMinute, 7, 2);
                        if (claimed.empty()) return;
                        {
                            std::lock_guard lock(mutex);
                            for (const auto& u : claimed) ids.push_back(u.id);
                        }
                        for (const auto& u : claimed)
                            nodes[n]->finish_url(u.id, node, outcome(UrlOutcome::Kind::done), T0);
                    }
                } catch (const std::exception& e) {
                    std::lock_guard lock(mutex);
                    errors.push_back(e.what());
                }
            });
    for (auto& t : threads) t.join();
    EXPECT_TRUE(errors.empty()) << errors.front();
    const std::set<std::int64_t> distinct(ids.begin(), ids.end());
    EXPECT_EQ(distinct.size(), ids.size()) << "a URL was claimed twice";
    EXPECT_EQ(ids.size(), urls.size()) << "a due URL was left unclaimed";
}

// ---- finishing

TYPED_TEST(Frontier, ABatchOfOutcomesFinishesEachUrlAsItsOwnCallWould) {
    auto& s = this->store();
    s.add_urls("demo", {listed("/done"), listed("/retry"), listed("/back")}, at(T0));
    auto claimed = s.claim_urls("n1", T0, T0 + kMinute, 3, 3);
    // Equally due URLs come in no particular order.
    std::sort(claimed.begin(), claimed.end(), [](const auto& a, const auto& b) { return a.url < b.url; });
    ASSERT_EQ(paths(claimed), (std::vector<std::string>{"/back", "/done", "/retry"}));
    s.finish_urls("n1",
                  {{claimed[0].id, outcome(UrlOutcome::Kind::returned)},
                   {claimed[1].id, outcome(UrlOutcome::Kind::done)},
                   {claimed[2].id, outcome(UrlOutcome::Kind::retry, T0 + kMinute)}},
                  T0 + 3);
    EXPECT_EQ(paths(s.claim_urls("n2", T0 + 3, T0 + 2 * kMinute, 10, 10)), std::vector<std::string>{"/back"});
    const auto retried = s.claim_urls("n2", T0 + kMinute, T0 + 2 * kMinute, 10, 10);
    EXPECT_EQ(paths(retried), std::vector<std::string>{"/retry"});
    EXPECT_EQ(retried[0].attempts, 1);
    EXPECT_EQ(s.stats("n2", T0 + kMinute, 0).frontier_done, 1);
}

TYPED_TEST(Frontier, ARetryIsDueAgainAtItsTimeWithOneMoreAttempt) {
    auto& s = this->store();
    s.add_urls("demo", {listed("/a")}, at(T0));
    auto claimed = s.claim_urls("n1", T0, T0 + kMinute, 1, 1);
    ASSERT_EQ(claimed.size(), 1u);
    auto retry = outcome(UrlOutcome::Kind::retry, T0 + 5 * kMinute);
    retry.error = "HTTP 503";
    retry.http_status = 503;
    s.finish_url(claimed[0].id, "n1", retry, T0 + 1);
    EXPECT_EQ(s.next_url_due(T0 + 1), T0 + 5 * kMinute);
    EXPECT_TRUE(s.claim_urls("n1", T0 + 5 * kMinute - 1, T0 + 6 * kMinute, 1, 1).empty());
    const auto again = s.claim_urls("n1", T0 + 5 * kMinute, T0 + 6 * kMinute, 1, 1);
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].attempts, 1);
}

TYPED_TEST(Frontier, AReturnedUrlIsDueAtOnceWithItsAttemptsUnchanged) {
    auto& s = this->store();
    s.add_urls("demo", {listed("/a")}, at(T0));
    auto claimed = s.claim_urls("n1", T0, T0 + kMinute, 1, 1);
    ASSERT_EQ(claimed.size(), 1u);
    s.finish_url(claimed[0].id, "n1", outcome(UrlOutcome::Kind::returned), T0 + 3);
    const auto again = s.claim_urls("n2", T0 + 3, T0 + kMinute, 1, 1);
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].attempts, 0);
}

TYPED_TEST(Frontier, DoneAndFailedUrlsAreNotClaimedAgain) {
    auto& s = this->store();
    s.add_urls("demo", {listed("/done"), listed("/failed")}, at(T0));
    auto claimed = s.claim_urls("n1", T0, T0 + kMinute, 2, 2);
    ASSERT_EQ(claimed.size(), 2u);
    s.finish_url(claimed[0].id, "n1", outcome(UrlOutcome::Kind::done), T0 + 1);
    auto failed = outcome(UrlOutcome::Kind::failed);
    failed.error = "HTTP 404";
    failed.http_status = 404;
    s.finish_url(claimed[1].id, "n1", failed, T0 + 1);
    EXPECT_TRUE(s.claim_urls("n1", T0 + 2 * kMinute, T0 + 3 * kMinute, 10, 10).empty());
    EXPECT_FALSE(s.next_url_due(T0));
    const auto stats = s.stats("n1", T0 + 2, 0);
    EXPECT_EQ(stats.frontier_done, 1);
    EXPECT_EQ(stats.frontier_failed, 1);
    EXPECT_EQ(stats.frontier_queued, 0);
}

TYPED_TEST(Frontier, AnUrlFinishedEarlyOnAHostWithABacklogKeepsTheHostInTurn) {
    auto& s = this->store();
    s.add_urls("demo", listed_on("a.example", 3), at(T0));
    const auto first = s.claim_urls("n1", T0, T0 + kMinute, 1, 1);
    ASSERT_EQ(first.size(), 1u);
    s.finish_url(first[0].id, "n1", outcome(UrlOutcome::Kind::retry, T0 + 1), T0);
    // The retried URL and the rest of the backlog are all claimable, in due order.
    EXPECT_EQ(paths(s.claim_urls("n1", T0 + 1, T0 + kMinute, 10, 10)),
              (std::vector<std::string>{"/a1", "/a2", "/a0"}));
}

}  // namespace
}  // namespace gleaner::testing
