// What only the SQLite backend does: its file survives restarts, older files are migrated in place,
// newer ones refused, a restart frees what a killed daemon held, corrupt outbox records are
// quarantined beside it. (Behaviour both backends share is pinned in test_crawl_store.cpp.)
#include <sqlite3.h>

#include "state/sqlite_db.h"
#include "state/sqlite_schema.h"
#include "state_fixture.h"

namespace gleaner::state {
namespace {

class SqliteStoreTest : public gleaner::testing::StateTest {
protected:
    NewArticle article(const std::string& url, const std::string& fp, std::vector<std::string> plugins = {"a"}) {
        NewArticle a;
        a.canonical_url = url;
        a.source = "wire";
        a.fingerprint = fp;
        a.payload = "{\"title\":\"" + url + "\"}";
        for (auto& p : plugins) a.targets.push_back({p, ""});
        return a;
    }
    ListedUrl listed(const std::string& url) { return {url, url, "n.example", {"t", "", ""}}; }
};

TEST_F(SqliteStoreTest, DeliveredUrlsSchedulesValidatorsAndTheFrontierSurviveARestart) {
    store_->commit_article(article("https://n.example/1", "fp1"), "node", 1000);
    ASSERT_TRUE(store_->claim_pass("wire", "node", 1000, 61000));
    store_->finish_pass("wire", "node", {5000, 4000, ""});
    store_->save_validators("https://n.example/feed", "\"v1\"", "Wed, 01 May 2024 10:00:00 GMT", 1000);
    store_->add_urls("wire", {listed("https://n.example/2")}, {1000, false, 0});
    reopen();
    EXPECT_TRUE(store_->delivered("https://n.example/1"));
    EXPECT_FALSE(store_->delivered("https://n.example/2"));
    const auto source = store_->source("wire");
    ASSERT_TRUE(source);
    EXPECT_EQ(source->next_due_ms, 5000);
    EXPECT_EQ(source->last_run_ms, 4000);
    EXPECT_EQ(source->articles, 1);
    EXPECT_FALSE(store_->source("other"));
    const auto v = store_->validators("https://n.example/feed");
    ASSERT_TRUE(v);
    EXPECT_EQ(v->first, "\"v1\"");
    const auto claimed = store_->claim_urls("node", 2000, 62000, 10, 10);
    ASSERT_EQ(claimed.size(), 1u);
    EXPECT_EQ(claimed[0].url, "https://n.example/2");
}

TEST_F(SqliteStoreTest, ARestartFreesWhatAKilledDaemonHeld) {
    store_->add_urls("wire", {listed("https://n.example/a")}, {1000, false, 0});
    ASSERT_EQ(store_->claim_urls("old-pid", 1000, 1'000'000, 10, 10).size(), 1u);
    ASSERT_TRUE(store_->claim_pass("wire", "old-pid", 1000, 1'000'000));
    reopen();  // the lease has not lapsed, but one daemon owns this file: nobody else holds it
    EXPECT_EQ(store_->claim_urls("new-pid", 2000, 62000, 10, 10).size(), 1u);
    EXPECT_TRUE(store_->claim_pass("wire", "new-pid", 2000, 62000));
}

TEST_F(SqliteStoreTest, AVersion1FileIsMigratedKeepingItsSchedulesDedupKeysAndSpool) {
    store_.reset();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    {
        // What the first release wrote (its schema, as shipped).
        Database db(dir_ / "gleaner.db");
        auto lock = db.lock();
        db.exec(R"SQL(
            CREATE TABLE urls (canonical_url TEXT PRIMARY KEY, source TEXT NOT NULL, fingerprint TEXT,
                first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL, delivered_at INTEGER,
                failures INTEGER NOT NULL DEFAULT 0, last_error TEXT, last_status INTEGER) WITHOUT ROWID;
            CREATE TABLE fingerprints (fingerprint TEXT PRIMARY KEY, canonical_url TEXT NOT NULL,
                seen_at INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE validators (url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT,
                updated_at INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE schedules (source TEXT PRIMARY KEY, next_due INTEGER NOT NULL, last_run INTEGER,
                last_error TEXT, articles INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
            CREATE TABLE spool (id INTEGER PRIMARY KEY AUTOINCREMENT, canonical_url TEXT NOT NULL,
                payload BLOB NOT NULL, crc32 INTEGER NOT NULL, bytes INTEGER NOT NULL, created_at INTEGER NOT NULL);
            CREATE TABLE deliveries (plugin TEXT NOT NULL, article_id INTEGER NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0, next_attempt INTEGER NOT NULL DEFAULT 0, last_error TEXT,
                matched_terms TEXT NOT NULL DEFAULT '', PRIMARY KEY (plugin, article_id)) WITHOUT ROWID;
            INSERT INTO urls VALUES ('https://n.example/1', 'wire', 'fp1', 1, 1, 1, 0, NULL, NULL);
            INSERT INTO fingerprints VALUES ('fp1', 'https://n.example/1', 1);
            INSERT INTO schedules VALUES ('wire', 7000, 6000, NULL, 12);
            INSERT INTO spool VALUES (1, 'https://n.example/1', '{}', 2745614147, 2, 1);
            INSERT INTO deliveries VALUES ('archive', 1, 2, 0, 'busy', '');
            PRAGMA user_version = 1;)SQL");
    }
    reopen();
    EXPECT_TRUE(store_->delivered("https://n.example/1"));
    const auto source = store_->source("wire");
    ASSERT_TRUE(source);
    EXPECT_EQ(source->next_due_ms, 7000);
    EXPECT_EQ(source->articles, 12);
    const auto due = store_->claim_deliveries("archive", "node", 10, 60010, 10);
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].attempts, 2);
    EXPECT_EQ(due[0].crashed, 0);
    EXPECT_EQ(store_->payload(1), "{}");
    // Content already delivered is still recognised.
    EXPECT_EQ(store_->commit_article(article("https://m.example/1", "fp1"), "node", 20).outcome,
              AddOutcome::duplicate_content);
}

// Storing an article replaces its earlier near-duplicate keys by URL: that must be an index lookup,
// not a scan of every stored article's keys (which made CPU per article grow with the store).
TEST_F(SqliteStoreTest, AnArticlesNearDuplicateKeysAreFoundByItsUrlThroughAnIndex) {
    auto lock = store_->database().lock();
    auto plan = store_->database().prepare("EXPLAIN QUERY PLAN DELETE FROM near_keys WHERE canonical_url = ?1");
    plan.bind(1, std::string_view("https://a.example/1"));
    std::string steps;
    while (plan.step()) steps += plan.text(3) + "\n";
    EXPECT_NE(steps.find("SEARCH near_keys USING"), std::string::npos) << steps;
    EXPECT_NE(steps.find("INDEX near_keys_url"), std::string::npos) << steps;
}

TEST_F(SqliteStoreTest, ANewerSchemaIsRefusedWithAClearMessage) {
    {
        auto lock = store_->database().lock();
        store_->database().exec("PRAGMA user_version = 99");
    }
    try {
        reopen();
        FAIL() << "expected refusal";
    } catch (const DatabaseError& e) {
        EXPECT_NE(std::string(e.what()).find("written by a newer Gleaner (schema 99"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("gleaner.db"), std::string::npos) << e.what();
    }
}

TEST_F(SqliteStoreTest, AnOutboxRecordFailingItsChecksumIsQuarantinedBesideTheDatabase) {
    const auto id = store_->commit_article(article("https://a.example/1", "f1", {"a", "b"}), "node", 1).article_id;
    {
        auto lock = store_->database().lock();
        store_->database().prepare("UPDATE outbox SET crc32 = crc32 + 1 WHERE id = ?1").bind(1, id).run();
    }
    EXPECT_FALSE(store_->payload(id));
    EXPECT_TRUE(std::filesystem::exists(dir_ / "quarantine" / ("outbox-" + std::to_string(id) + ".bin")));
    EXPECT_EQ(store_->pending("a"), 0);
    EXPECT_EQ(store_->pending("b"), 0);
}

}  // namespace
}  // namespace gleaner::state
