// Delivery through the crawl state's outbox to plugin instances on their own threads:
// acknowledgements, filters, deduplication, retries with backoff, dead letters, isolation between
// plugins, restarts, and a plugin that keeps crashing the process on one article.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <fstream>
#include <sstream>
#include <thread>

#include "article_fixture.h"
#include "plugins/delivery.h"
#include "plugins/plugin_library.h"
#include "state/sqlite_db.h"
#include "state/sqlite_store.h"

namespace fs = std::filesystem;
using namespace gleaner;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> lines(const fs::path& file) {
    std::ifstream in(file);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

class DeliveryTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("gleaner-delivery-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        open();
    }
    void TearDown() override {
        delivery_.reset();
        spool_.reset();
        fs::remove_all(dir_);
    }

    void open() {
        spool_ = std::make_unique<state::SqliteStore>(dir_);
        delivery_ = std::make_unique<plugins::Delivery>(plugins::OutboxAccess{*spool_, "node", 60s},
                                                        dir_ / "dead-letter.jsonl");
    }

    config::PluginConfig plugin(const std::string& name, const std::string& mode = "ok", int delay_ms = 0) {
        config::PluginConfig c;
        c.name = name;
        c.path = fs::path(TEST_PLUGIN_DIR) / "test_recorder_plugin.so";
        c.config_json =
            nlohmann::json{{"out", (dir_ / (name + ".txt")).string()}, {"mode", mode}, {"delay_ms", delay_ms}}.dump();
        c.batch_size = 8;
        c.retry.max_attempts = 3;
        c.retry.base_delay = 10ms;
        c.retry.max_delay = 40ms;
        return c;
    }

    void start(const config::PluginConfig& c) {
        delivery_->add(c, std::make_unique<plugins::PluginInstance>(plugins::PluginLibrary::open(c.path), c.name,
                                                                    c.config_json, dir_ / "data" / c.name));
    }

    state::AddOutcome submit(const std::string& title, const std::string& url, const std::string& text,
                             std::string_view source = "wire") {
        plugins::Submission s;
        s.canonical_url = url;
        s.source = std::string(source);
        s.fingerprint = "fp-" + text;
        s.payload = gleaner::testing::article_payload(title, url, text);
        s.filter = plugins::FilterInput{source, "en", title, text, 100};
        return delivery_->submit(s, "node", 1000).outcome;
    }
    // An article a daemon left in the outbox for `plugins`.
    std::int64_t leave(const std::string& url, const std::string& title, std::vector<std::string> plugins) {
        state::NewArticle a;
        a.canonical_url = url;
        a.source = "wire";
        a.fingerprint = "fp-" + url;
        a.payload = gleaner::testing::article_payload(title, url);
        for (auto& p : plugins) a.targets.push_back({p, ""});
        const auto result = spool_->commit_article(a, "node", 1000);
        EXPECT_EQ(result.outcome, state::AddOutcome::added);
        return result.article_id;
    }

    // Waits (bounded) until `done` holds; the bound only stops a broken build from hanging.
    template <typename Predicate>
    bool eventually(Predicate done, std::chrono::seconds limit = 20s) {
        const auto end = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < end) {
            if (done()) return true;
            std::this_thread::sleep_for(10ms);
        }
        return done();
    }

    fs::path dir_;
    std::unique_ptr<state::SqliteStore> spool_;
    std::unique_ptr<plugins::Delivery> delivery_;
};

}  // namespace

TEST_F(DeliveryTest, EveryPluginGetsEveryArticleAndTheOutboxForgetsItWhenAllAcknowledged) {
    start(plugin("a"));
    start(plugin("b"));
    for (int i = 0; i < 20; ++i)
        ASSERT_EQ(submit("Story " + std::to_string(i), "https://n.example/" + std::to_string(i), "text " + std::to_string(i)),
                  state::AddOutcome::added);
    ASSERT_TRUE(eventually([&] { return delivery_->drained(); }));
    EXPECT_EQ(lines(dir_ / "a.txt").size(), 20u);
    EXPECT_EQ(lines(dir_ / "b.txt").size(), 20u);
    EXPECT_EQ(lines(dir_ / "a.txt").front(), "Story 0\t") << "oldest first";
    const auto stats = spool_->outbox_stats();
    EXPECT_EQ(stats.articles, 0);
    EXPECT_EQ(stats.deliveries, 0);
    for (const auto& s : delivery_->stats()) EXPECT_EQ(s.delivered, 20u) << s.name;
}

TEST_F(DeliveryTest, FiltersChooseThePluginsAndPassTheMatchedTerms) {
    auto alerts = plugin("alerts");
    alerts.filter.keywords = {"flood"};
    start(alerts);
    start(plugin("archive"));
    submit("Flood in the valley", "https://n.example/1", "water rising");
    submit("Sunny day", "https://n.example/2", "nothing happened");
    ASSERT_TRUE(eventually([&] { return delivery_->drained(); }));
    EXPECT_EQ(lines(dir_ / "alerts.txt"), std::vector<std::string>{"Flood in the valley\tflood"});
    EXPECT_EQ(lines(dir_ / "archive.txt").size(), 2u);
}

TEST_F(DeliveryTest, AStoryIsStoredOncePerUrlAndOncePerContent) {
    start(plugin("a"));
    EXPECT_EQ(submit("One", "https://n.example/1", "same words"), state::AddOutcome::added);
    EXPECT_EQ(submit("One again", "https://n.example/1", "same words"), state::AddOutcome::duplicate_url);
    EXPECT_EQ(submit("One elsewhere", "https://mirror.example/1", "same words"), state::AddOutcome::duplicate_content);
    ASSERT_TRUE(eventually([&] { return delivery_->drained(); }));
    EXPECT_EQ(lines(dir_ / "a.txt").size(), 1u);
}

TEST_F(DeliveryTest, RetryBacksOffThenDeadLettersAfterTheAttemptLimit) {
    start(plugin("webhook", "retry"));
    submit("Doomed", "https://n.example/d", "text");
    ASSERT_TRUE(eventually([&] { return delivery_->drained(); }));
    const auto stats = delivery_->stats().front();
    EXPECT_EQ(stats.retried, 2u);
    EXPECT_EQ(stats.failed, 1u);
    EXPECT_EQ(stats.delivered, 0u);
    const auto dead = lines(dir_ / "dead-letter.jsonl");
    ASSERT_EQ(dead.size(), 1u);
    const auto record = nlohmann::json::parse(dead[0]);
    EXPECT_EQ(record["plugin"], "webhook");
    EXPECT_EQ(record["reason"], "gave up after 3 attempts: target unavailable");
    EXPECT_EQ(record["article"]["title"], "Doomed");
}

TEST_F(DeliveryTest, FailSendsTheArticleStraightToTheDeadLetterFile) {
    start(plugin("picky", "fail"));
    submit("Rejected", "https://n.example/r", "text");
    ASSERT_TRUE(eventually([&] { return delivery_->drained(); }));
    EXPECT_EQ(delivery_->stats().front().retried, 0u);
    const auto dead = lines(dir_ / "dead-letter.jsonl");
    ASSERT_EQ(dead.size(), 1u);
    EXPECT_EQ(nlohmann::json::parse(dead[0])["reason"], "article rejected");
}

TEST_F(DeliveryTest, ABrokenPluginNeverHoldsUpItsNeighbour) {
    auto stuck = plugin("stuck", "retry");
    stuck.retry.max_attempts = 1000;
    stuck.retry.base_delay = 10s;  // far beyond this test: its articles stay pending
    start(stuck);
    start(plugin("healthy"));
    for (int i = 0; i < 30; ++i) submit("S" + std::to_string(i), "https://n.example/" + std::to_string(i), std::to_string(i));
    ASSERT_TRUE(eventually([&] { return lines(dir_ / "healthy.txt").size() == 30u; }));
    EXPECT_EQ(spool_->pending("stuck"), 30);
    EXPECT_EQ(spool_->pending("healthy"), 0);
    EXPECT_EQ(spool_->outbox_stats().articles, 30) << "articles stay in the outbox until every plugin acknowledged them";
}

TEST_F(DeliveryTest, AFlushThatFailsLeavesTheBatchUnacknowledged) {
    auto c = plugin("flaky", "retry_flush");
    c.retry.max_attempts = 1000;
    c.retry.base_delay = 10s;
    start(c);
    submit("Pending", "https://n.example/p", "text");
    ASSERT_TRUE(eventually([&] { return delivery_->stats().front().retried == 1u; }));
    EXPECT_EQ(spool_->pending("flaky"), 1);
    EXPECT_EQ(delivery_->stats().front().delivered, 0u);
}

TEST_F(DeliveryTest, UndeliveredArticlesAreDeliveredAfterARestart) {
    auto c = plugin("archive");
    // What a daemon that died before delivering leaves behind: an article in the outbox for "archive".
    leave("https://n.example/s2", "Left behind", {"archive"});
    delivery_.reset();
    spool_.reset();

    open();
    start(c);
    ASSERT_TRUE(eventually([&] { return delivery_->drained(); }));
    EXPECT_EQ(lines(dir_ / "archive.txt"), std::vector<std::string>{"Left behind\t"});
}

TEST_F(DeliveryTest, ACorruptOutboxRecordIsQuarantinedAtStartUpNotLooped) {
    const auto id = leave("https://n.example/c", "Corrupt", {"archive"});
    {
        auto& db = spool_->database();
        auto lock = db.lock();
        db.prepare("UPDATE outbox SET payload = ?1 WHERE id = ?2").bind_blob(1, "{\"torn").bind(2, id).run();
    }
    EXPECT_EQ(spool_->verify_outbox(), 1);
    EXPECT_TRUE(fs::exists(dir_ / "quarantine" / ("outbox-" + std::to_string(id) + ".bin")));
    EXPECT_EQ(spool_->outbox_stats().articles, 0);
    EXPECT_EQ(spool_->pending("archive"), 0);
    // The daemon goes on: a plugin started now sees nothing to deliver and new articles flow.
    start(plugin("archive"));
    submit("Fresh", "https://n.example/f", "fresh text");
    ASSERT_TRUE(eventually([&] { return delivery_->drained(); }));
    EXPECT_EQ(lines(dir_ / "archive.txt"), std::vector<std::string>{"Fresh\t"});
}

// A store that refuses the acknowledgement after the plugin made the batch durable (here another
// process holds the write lock past the busy timeout; a full disk does the same): the worker keeps
// the acknowledgements and records them before it claims anything again, so although the claims'
// lease lapsed meanwhile, nothing is offered to the plugin twice (issue 12 #8).
TEST_F(DeliveryTest, AnAcknowledgementTheStoreRefusedIsRecordedLaterWithoutOfferingTheArticlesAgain) {
    delivery_ = std::make_unique<plugins::Delivery>(plugins::OutboxAccess{*spool_, "node", 300ms},
                                                    dir_ / "dead-letter.jsonl");
    start(plugin("out", "ok", 300));
    for (int i = 0; i < 3; ++i)
        submit("Story " + std::to_string(i), "https://n.example/" + std::to_string(i), "text " + std::to_string(i));
    ASSERT_TRUE(eventually([&] { return lines(dir_ / "out.txt").size() >= 1u; }));

    sqlite3* other = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "gleaner.db").c_str(), &other), SQLITE_OK);
    sqlite3_busy_timeout(other, 10000);
    ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(other);
    // The batch of three ends while the lock is held; the acknowledgement waits out the store's busy
    // timeout (10 s) and fails.
    std::this_thread::sleep_for(11s);
    sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_close(other);

    ASSERT_TRUE(eventually([&] { return delivery_->drained(); }));
    const auto out = lines(dir_ / "out.txt");
    EXPECT_EQ(out.size(), 3u) << "an article was offered again after its acknowledgement failed";
    EXPECT_EQ(std::set<std::string>(out.begin(), out.end()).size(), out.size());
    EXPECT_EQ(delivery_->stats().front().delivered, 3u);
}

// A plugin that kills the process on one article: each attempt is counted before the plugin sees it,
// so after kMaxCrashes restarts the article is dead-lettered (naming plugin and article) and the
// articles that came with it in the batch are delivered.
TEST_F(DeliveryTest, AnArticleThatKeepsCrashingThePluginIsDeadLetteredAndItsBatchMatesDelivered) {
    const auto poison = leave("https://n.example/poison", "Poison", {"archive"});
    leave("https://n.example/fine", "Fine", {"archive"});
    // Each crash: the articles were claimed and their attempts begun, then the process died. The
    // first crash took the whole batch down; after it a suspect is offered alone, poison first.
    for (int crash = 0; crash < plugins::kMaxCrashes; ++crash) {
        const auto claimed = spool_->claim_deliveries("archive", "node", 2000, 62000, 8);
        ASSERT_EQ(claimed.size(), 2u);
        std::vector<std::int64_t> begun;
        for (const auto& d : claimed)
            if (crash == 0 || d.article_id == poison) begun.push_back(d.article_id);
        spool_->begin_attempts("archive", begun);
        delivery_.reset();
        spool_.reset();
        open();
    }
    start(plugin("archive"));
    ASSERT_TRUE(eventually([&] { return delivery_->drained(); }));
    EXPECT_EQ(lines(dir_ / "archive.txt"), std::vector<std::string>{"Fine\t"});
    const auto dead = lines(dir_ / "dead-letter.jsonl");
    ASSERT_EQ(dead.size(), 1u);
    EXPECT_NE(dead[0].find("archive"), std::string::npos);
    EXPECT_NE(dead[0].find("died"), std::string::npos);
    EXPECT_EQ(delivery_->stats().front().failed, 1u);
}

// Reload with changed settings: the new instance takes the plugin's name at once, the old one
// finishes its batch on a thread of its own, and only then does the new one start delivering.
TEST_F(DeliveryTest, ReplacingAnInstanceDoesNotWaitForItsBatchAndLosesOrRepeatsNothing) {
    auto slow = plugin("out", "ok", 200);
    slow.config_json = nlohmann::json{{"out", (dir_ / "old.txt").string()}, {"delay_ms", 200}}.dump();
    start(slow);
    for (int i = 0; i < 12; ++i)
        submit("Before " + std::to_string(i), "https://n.example/b" + std::to_string(i), "before " + std::to_string(i));
    // The old instance is inside its first batch of 8 (200 ms per article).
    ASSERT_TRUE(eventually([&] { return lines(dir_ / "old.txt").size() >= 1u; }));

    auto fast = plugin("out");
    fast.config_json = nlohmann::json{{"out", (dir_ / "new.txt").string()}}.dump();
    start(fast);
    const std::size_t old_lines_when_replaced = lines(dir_ / "old.txt").size();
    // Submitted while the old instance is still finishing: they must reach the new one.
    for (int i = 0; i < 12; ++i)
        submit("During " + std::to_string(i), "https://n.example/d" + std::to_string(i), "during " + std::to_string(i));

    EXPECT_LT(old_lines_when_replaced, 8u) << "add() waited for the old instance's batch";
    ASSERT_TRUE(eventually([&] { return delivery_->drained(); }));
    std::multiset<std::string> delivered;
    for (const auto& line : lines(dir_ / "old.txt")) delivered.insert(line);
    for (const auto& line : lines(dir_ / "new.txt")) delivered.insert(line);
    EXPECT_EQ(delivered.size(), 24u) << "every article once, to the old or the new instance";
    EXPECT_EQ(std::set<std::string>(delivered.begin(), delivered.end()).size(), 24u) << "none twice";
    EXPECT_FALSE(lines(dir_ / "new.txt").empty()) << "the new instance took over once the old one had stopped";
}

TEST_F(DeliveryTest, RemovingAnInstanceDoesNotWaitForItsBatchAndReAddingItWaitsForTheOldOne) {
    auto slow = plugin("out", "ok", 200);
    start(slow);
    for (int i = 0; i < 6; ++i)
        submit("Story " + std::to_string(i), "https://n.example/" + std::to_string(i), "text " + std::to_string(i));
    ASSERT_TRUE(eventually([&] { return lines(dir_ / "out.txt").size() >= 1u; }));

    delivery_->remove("out");
    EXPECT_LT(lines(dir_ / "out.txt").size(), 6u) << "remove() waited for the batch in hand";
    start(plugin("out"));  // back before the old one has stopped

    ASSERT_TRUE(eventually([&] { return delivery_->drained(); }));
    const auto out = lines(dir_ / "out.txt");
    EXPECT_EQ(out.size(), 6u);
    EXPECT_EQ(std::set<std::string>(out.begin(), out.end()).size(), 6u) << "no article offered by both";
}
