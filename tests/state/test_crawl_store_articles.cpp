// Crawl-store conformance, part 3: committing articles — dedup by URL and by content, updates,
// aliases, targets, the frontier URL done, concurrent commits of one story — and near-duplicate
// candidates. Runs against every backend.
#include <algorithm>
#include <mutex>
#include <thread>

#include "crawl_store_fixture.h"

namespace gleaner::testing {
namespace {

using state::AddOutcome;

constexpr std::int64_t T0 = 1'700'000'000'000;
constexpr std::int64_t kMinute = 60'000;

template <class Backend>
using Articles = CrawlStoreTest<Backend>;
TYPED_TEST_SUITE(Articles, Backends, BackendNames);

TYPED_TEST(Articles, ANewArticleIsStoredWithOneDeliveryPerTargetAndItsUrlDone) {
    auto& s = this->store();
    s.add_urls("demo", {listed("/story")}, at(T0));
    const auto claimed = s.claim_urls("n1", T0, T0 + kMinute, 1, 1);
    ASSERT_EQ(claimed.size(), 1u);

    auto a = article("https://news.example/story", "f1", {"files", "hook"});
    a.frontier_id = claimed[0].id;
    a.targets[1].matched_terms = "flood";
    const auto result = s.commit_article(a, "n1", T0 + 1);
    EXPECT_EQ(result.outcome, AddOutcome::added);
    EXPECT_GT(result.article_id, 0);
    EXPECT_TRUE(s.delivered("https://news.example/story"));
    EXPECT_EQ(s.pending("files"), 1);
    EXPECT_EQ(s.pending("hook"), 1);
    EXPECT_EQ(s.payload(result.article_id), a.payload);
    const auto hook = s.claim_deliveries("hook", "n1", T0 + 1, T0 + kMinute, 10);
    ASSERT_EQ(hook.size(), 1u);
    EXPECT_EQ(hook[0].matched_terms, "flood");
    const auto stats = s.stats("n1", T0 + 1, 0);
    EXPECT_EQ(stats.frontier_done, 1);
    EXPECT_EQ(stats.frontier_claimed, 0);
    EXPECT_EQ(s.source("demo")->articles, 1);
}

TYPED_TEST(Articles, AnArticleWithoutTargetsRecordsItsKeysOnly) {
    auto& s = this->store();
    const auto result = s.commit_article(article("https://news.example/quiet", "fq", {}), "n1", T0);
    EXPECT_EQ(result.outcome, AddOutcome::added);
    EXPECT_EQ(result.article_id, 0);
    EXPECT_TRUE(s.delivered("https://news.example/quiet"));
    EXPECT_EQ(s.outbox_stats().articles, 0);
}

TYPED_TEST(Articles, TheSameUrlAgainIsADuplicateAndItsFrontierUrlIsDone) {
    auto& s = this->store();
    auto requeue = at(T0);
    requeue.requeue = true;  // a page source: its page is fetched on every pass
    s.add_urls("pages", {listed("/story")}, requeue);
    auto claimed = s.claim_urls("n1", T0, T0 + kMinute, 1, 1);
    ASSERT_EQ(claimed.size(), 1u);
    auto first = article("https://news.example/story", "f1");
    first.frontier_id = claimed[0].id;
    ASSERT_EQ(s.commit_article(first, "n1", T0).outcome, AddOutcome::added);

    requeue.now_ms = T0 + 1;
    ASSERT_EQ(s.add_urls("pages", {listed("/story")}, requeue).added, 1u);
    claimed = s.claim_urls("n1", T0 + 1, T0 + kMinute, 1, 1);
    ASSERT_EQ(claimed.size(), 1u);
    auto again = article("https://news.example/story", "f2");
    again.frontier_id = claimed[0].id;
    EXPECT_EQ(s.commit_article(again, "n1", T0 + 2).outcome, AddOutcome::duplicate_url);
    EXPECT_EQ(s.pending("files"), 1);
    const auto stats = s.stats("n1", T0 + 2, 0);
    EXPECT_EQ(stats.frontier_done, 1);
    EXPECT_EQ(stats.frontier_claimed, 0);
}

TYPED_TEST(Articles, TheSameTextUnderAnotherUrlIsADuplicateNamingTheFirstUrl) {
    auto& s = this->store();
    s.commit_article(article("https://news.example/story", "f1"), "n1", T0);
    const auto result = s.commit_article(article("https://mirror.example/copy", "f1"), "n1", T0 + 1);
    EXPECT_EQ(result.outcome, AddOutcome::duplicate_content);
    EXPECT_EQ(result.existing_url, "https://news.example/story");
    EXPECT_EQ(result.article_id, 0);
    EXPECT_EQ(s.pending("files"), 1);
    // The copy's URL is not fetched again either.
    EXPECT_TRUE(s.delivered("https://mirror.example/copy"));
    EXPECT_EQ(s.add_urls("demo", {listed("/copy", "mirror.example")}, at(T0 + 2)).added, 0u);
}

TYPED_TEST(Articles, AllowUpdateDeliversChangedContentAgainButNotTheSameContent) {
    auto& s = this->store();
    auto first = article("https://news.example/live", "v1");
    first.allow_update = true;
    EXPECT_EQ(s.commit_article(first, "n1", T0).outcome, AddOutcome::added);
    auto same = first;
    EXPECT_EQ(s.commit_article(same, "n1", T0 + 1).outcome, AddOutcome::duplicate_url);
    auto changed = article("https://news.example/live", "v2");
    changed.allow_update = true;
    const auto result = s.commit_article(changed, "n1", T0 + 2);
    EXPECT_EQ(result.outcome, AddOutcome::added);
    EXPECT_EQ(s.pending("files"), 2);
    auto no_updates = article("https://news.example/live", "v3");
    EXPECT_EQ(s.commit_article(no_updates, "n1", T0 + 3).outcome, AddOutcome::duplicate_url);
}

TYPED_TEST(Articles, AliasesAreDeliveredWithTheArticle) {
    auto& s = this->store();
    auto a = article("https://news.example/story", "f1");
    a.aliases = {"https://news.example/story", "https://news.example/amp/story", ""};
    s.commit_article(a, "n1", T0);
    EXPECT_TRUE(s.delivered("https://news.example/amp/story"));
    EXPECT_FALSE(s.delivered(""));
    // A later article under the alias is the same story.
    EXPECT_EQ(s.commit_article(article("https://news.example/amp/story", "f9"), "n1", T0 + 1).outcome,
              AddOutcome::duplicate_url);
}

TYPED_TEST(Articles, ConcurrentCommitsOfOneStoryStoreItOnce) {
    constexpr int kThreads = 6;
    std::vector<std::unique_ptr<state::CrawlStore>> nodes;
    for (int n = 0; n < kThreads; ++n) nodes.push_back(this->open());
    std::mutex mutex;
    std::vector<AddOutcome> outcomes;
    std::vector<std::string> errors;
    std::vector<std::thread> threads;
    for (int n = 0; n < kThreads; ++n)
        threads.emplace_back([&, n] {
            try {
                // Half the nodes fetched the story under its own URL, half under mirrors.
                const std::string url =
                    n % 2 ? "https://news.example/story" : "https://m" + std::to_string(n) + ".example/s";
                const auto result = nodes[n]->commit_article(article(url, "same-text"), "n" + std::to_string(n), T0);
                std::lock_guard lock(mutex);
                outcomes.push_back(result.outcome);
            } catch (const std::exception& e) {
                std::lock_guard lock(mutex);
                errors.push_back(e.what());
            }
        });
    for (auto& t : threads) t.join();
    ASSERT_TRUE(errors.empty()) << errors.front();
    EXPECT_EQ(std::count(outcomes.begin(), outcomes.end(), AddOutcome::added), 1);
    EXPECT_EQ(this->store().pending("files"), 1);
}

TYPED_TEST(Articles, NearCandidatesShareABandKeyAreRecentEnoughAndNameTheirCluster) {
    auto& s = this->store();
    auto old = article("https://news.example/old", "f-old", {});
    old.near = {{1, 2, 3}, "sig-old"};
    old.cluster_id = "c-old";
    s.commit_article(old, "n1", T0);
    auto fresh = article("https://news.example/fresh", "f-fresh", {});
    fresh.near = {{3, 4, 0xFFFF'FFFF'FFFF'FFFFull}, std::string("sig\0fresh", 9)};
    fresh.cluster_id = "c-old";
    fresh.cluster_origin = "https://news.example/old";
    s.commit_article(fresh, "n1", T0 + kMinute);
    auto unrelated = article("https://news.example/other", "f-other", {});
    unrelated.near = {{7, 8}, "sig-other"};
    s.commit_article(unrelated, "n1", T0 + kMinute);

    const auto both = s.near_candidates({3, 99}, T0);
    ASSERT_EQ(both.size(), 2u);
    const auto recent = s.near_candidates({3, 0xFFFF'FFFF'FFFF'FFFFull}, T0 + 1);
    ASSERT_EQ(recent.size(), 1u);  // once, though it shares two bands
    EXPECT_EQ(recent[0].canonical_url, "https://news.example/fresh");
    EXPECT_EQ(recent[0].cluster_id, "c-old");
    EXPECT_EQ(recent[0].cluster_origin, "https://news.example/old");
    EXPECT_EQ(recent[0].signature, std::string("sig\0fresh", 9));
    EXPECT_EQ(recent[0].stored_ms, T0 + kMinute);
    EXPECT_TRUE(s.near_candidates({42}, 0).empty());
}

TYPED_TEST(Articles, AnUpdatedArticleReplacesItsNearDuplicateKeys) {
    auto& s = this->store();
    auto v1 = article("https://news.example/live", "v1", {});
    v1.allow_update = true;
    v1.near = {{10}, "s1"};
    s.commit_article(v1, "n1", T0);
    auto v2 = article("https://news.example/live", "v2", {});
    v2.allow_update = true;
    v2.near = {{20}, "s2"};
    s.commit_article(v2, "n1", T0 + 1);
    EXPECT_TRUE(s.near_candidates({10}, 0).empty());
    const auto now = s.near_candidates({20}, 0);
    ASSERT_EQ(now.size(), 1u);
    EXPECT_EQ(now[0].signature, "s2");
}

}  // namespace
}  // namespace gleaner::testing
