// Crawl-store conformance, part 6: what operators do to the state — a dead letter put back in one
// plugin's queue (`gleaner dead-letters replay`), a source's articles forgotten so the next pass
// ingests them again (`gleaner state forget`). Runs against every backend.
#include "crawl_store_fixture.h"

namespace gleaner::testing {
namespace {

constexpr std::int64_t T0 = 1'700'000'000'000;
constexpr std::int64_t kMinute = 60'000;

template <class Backend>
using Operators = CrawlStoreTest<Backend>;
TYPED_TEST_SUITE(Operators, Backends, BackendNames);

TYPED_TEST(Operators, ARequeuedArticleIsDueNowForThatPluginOnly) {
    auto& s = this->store();
    s.requeue("hook", {{"https://news.example/a", R"({"title":"A"})"}, {"https://news.example/b", R"({"title":"B"})"}},
              T0);
    EXPECT_EQ(s.pending("hook"), 2);
    EXPECT_EQ(s.pending("files"), 0);
    const auto claimed = s.claim_deliveries("hook", "n1", T0, T0 + kMinute, 10);
    ASSERT_EQ(claimed.size(), 2u);
    EXPECT_EQ(claimed[0].attempts, 0) << "a replayed article starts its retries afresh";
    EXPECT_EQ(s.payload(claimed[0].article_id), R"({"title":"A"})");
    EXPECT_EQ(s.payload(claimed[1].article_id), R"({"title":"B"})");
    s.acknowledge("hook", {claimed[0].article_id, claimed[1].article_id});
    EXPECT_EQ(s.pending("hook"), 0);
    EXPECT_EQ(s.outbox_stats().articles, 0) << "acknowledged by its only plugin, the record goes";
}

TYPED_TEST(Operators, ForgettingASourceLetsItsArticlesInAgainAndLeavesOtherSourcesAlone) {
    auto& s = this->store();
    s.add_urls("demo", {listed("/one"), listed("/two")}, at(T0));
    auto kept = article("https://news.example/other", "f-other");
    kept.source = "other";
    s.add_urls("other", {listed("/other")}, at(T0));
    for (const auto& url : s.claim_urls("n1", T0, T0 + kMinute, 10, 10)) {
        auto a = url.source == "other" ? kept : article(url.url, "f" + url.url);
        a.frontier_id = url.id;
        s.commit_article(a, "n1", T0 + 1);
    }
    s.save_validators("https://news.example/feed.xml", "\"v1\"", "", T0);
    ASSERT_TRUE(s.claim_pass("demo", "n1", T0, T0 + kMinute));
    s.finish_pass("demo", "n1", {T0 + 60 * kMinute, T0 + 1, ""});
    ASSERT_EQ(s.source("demo")->next_due_ms, T0 + 60 * kMinute);
    ASSERT_TRUE(s.delivered("https://news.example/one"));

    EXPECT_EQ(s.forget("demo"), 2);
    EXPECT_FALSE(s.delivered("https://news.example/one"));
    EXPECT_FALSE(s.delivered("https://news.example/two"));
    EXPECT_TRUE(s.delivered("https://news.example/other")) << "another source's articles stay";
    EXPECT_FALSE(s.validators("https://news.example/feed.xml")) << "documents are read in full again";
    ASSERT_TRUE(s.source("demo"));
    EXPECT_EQ(s.source("demo")->next_due_ms, 0) << "due at once";

    // Listed again, the URLs are new to the frontier and the same content is stored again.
    const auto again = s.add_urls("demo", {listed("/one"), listed("/two")}, at(T0 + 3));
    EXPECT_EQ(again.added, 2u);
    const auto claimed = s.claim_urls("n1", T0 + 3, T0 + kMinute, 10, 10);
    ASSERT_EQ(claimed.size(), 2u);
    auto a = article(claimed[0].url, "f" + claimed[0].url);
    a.frontier_id = claimed[0].id;
    EXPECT_EQ(s.commit_article(a, "n1", T0 + 4).outcome, state::AddOutcome::added);
}

TYPED_TEST(Operators, ForgettingAWarcSourceHasItReadItsFilesFromTheStart) {
    auto& s = this->store();
    state::ArchiveProgress done;
    done.offset = done.file_size = 4096;
    done.finished = true;
    done.records = 7;
    s.save_archive_progress("cc-news", "/data/a.warc.gz", done, T0);
    s.save_archive_progress("other", "/data/a.warc.gz", done, T0);
    s.forget("cc-news");
    EXPECT_FALSE(s.archive_progress("cc-news", "/data/a.warc.gz"));
    EXPECT_EQ(s.archive_progress("other", "/data/a.warc.gz"), done) << "another source's progress stays";
    s.forget("");
    EXPECT_FALSE(s.archive_progress("other", "/data/a.warc.gz"));
}

TYPED_TEST(Operators, ForgettingEverySourceEmptiesTheDedupKeys) {
    auto& s = this->store();
    s.commit_article(article("https://news.example/x", "fx"), "n1", T0);
    auto other = article("https://news.example/y", "fy");
    other.source = "other";
    s.commit_article(other, "n1", T0);
    EXPECT_EQ(s.forget(""), 2);
    EXPECT_FALSE(s.delivered("https://news.example/x"));
    EXPECT_FALSE(s.delivered("https://news.example/y"));
    EXPECT_EQ(s.pending("files"), 2) << "articles waiting for plugins are still delivered";
    EXPECT_EQ(s.commit_article(article("https://news.example/x", "fx"), "n1", T0 + 2).outcome,
              state::AddOutcome::added);
}

}  // namespace
}  // namespace gleaner::testing
