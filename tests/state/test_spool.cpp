// The spool's own contract: dedup in one transaction, due order, retries, acknowledgement, checksums.
#include "state/spool.h"

#include "state_fixture.h"

using gleaner::state::AddOutcome;
using gleaner::state::NewArticle;
using gleaner::state::Spool;

class SpoolTest : public gleaner::testing::StateTest {
protected:
    NewArticle article(const std::string& url, const std::string& fp, std::vector<std::string> plugins = {"a", "b"}) {
        NewArticle a{url, "wire", fp, "{\"title\":\"" + url + "\"}", {}, false, {}};
        for (auto& p : plugins) a.targets.push_back({p, ""});
        return a;
    }
};

TEST_F(SpoolTest, ContentSeenUnderAnotherUrlIsADuplicate) {
    Spool spool(db_, dir_ / "q");
    EXPECT_EQ(spool.add(article("https://a.example/1", "same"), 1), AddOutcome::added);
    EXPECT_EQ(spool.add(article("https://b.example/1", "same"), 2), AddOutcome::duplicate_content);
    EXPECT_EQ(spool.stats().articles, 1);
}

TEST_F(SpoolTest, AKnownUrlIsRedeliveredOnlyWhenUpdatesAreAllowedAndTheContentChanged) {
    Spool spool(db_, dir_ / "q");
    EXPECT_EQ(spool.add(article("https://a.example/1", "v1"), 1), AddOutcome::added);
    auto same = article("https://a.example/1", "v1");
    same.allow_update = true;
    EXPECT_EQ(spool.add(same, 2), AddOutcome::duplicate_url);
    auto changed_no_updates = article("https://a.example/1", "v2");
    EXPECT_EQ(spool.add(changed_no_updates, 3), AddOutcome::duplicate_url);
    auto changed = article("https://a.example/1", "v3");
    changed.allow_update = true;
    EXPECT_EQ(spool.add(changed, 4), AddOutcome::added);
}

TEST_F(SpoolTest, DueDeliveriesComeOldestFirstAndRetriesWaitTheirTurn) {
    Spool spool(db_, dir_ / "q");
    std::int64_t first = 0, second = 0;
    spool.add(article("https://a.example/1", "f1", {"a"}), 1, &first);
    spool.add(article("https://a.example/2", "f2", {"a"}), 1, &second);
    auto due = spool.due("a", 10, 10);
    ASSERT_EQ(due.size(), 2u);
    EXPECT_EQ(due[0].article_id, first);
    spool.reschedule("a", first, 1, 500, "busy");
    due = spool.due("a", 10, 10);
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].article_id, second);
    EXPECT_EQ(spool.next_retry("a", 10), 500);
    due = spool.due("a", 500, 10);
    ASSERT_EQ(due.size(), 2u);
    EXPECT_EQ(due[0].attempts, 1);
}

TEST_F(SpoolTest, AnArticleIsForgottenOnlyWhenEveryPluginAcknowledgedIt) {
    Spool spool(db_, dir_ / "q");
    std::int64_t id = 0;
    spool.add(article("https://a.example/1", "f1"), 1, &id);
    spool.acknowledge("a", {id});
    EXPECT_EQ(spool.stats().articles, 1);
    EXPECT_TRUE(spool.payload(id));
    spool.acknowledge("b", {id});
    EXPECT_EQ(spool.stats().articles, 0);
    EXPECT_FALSE(spool.payload(id));
}

TEST_F(SpoolTest, APayloadFailingItsChecksumIsQuarantinedWhenRead) {
    Spool spool(db_, dir_ / "q");
    std::int64_t id = 0;
    spool.add(article("https://a.example/1", "f1"), 1, &id);
    {
        auto lock = db_->lock();
        db_->prepare("UPDATE spool SET crc32 = crc32 + 1 WHERE id = ?1").bind(1, id).run();
    }
    EXPECT_FALSE(spool.payload(id));
    EXPECT_TRUE(std::filesystem::exists(dir_ / "q" / ("spool-" + std::to_string(id) + ".bin")));
    EXPECT_EQ(spool.pending("a"), 0);
    EXPECT_EQ(spool.pending("b"), 0);
}

TEST_F(SpoolTest, DeliveriesOfPluginsNoLongerConfiguredAreDropped) {
    Spool spool(db_, dir_ / "q");
    spool.add(article("https://a.example/1", "f1", {"kept", "gone"}), 1);
    spool.add(article("https://a.example/2", "f2", {"gone"}), 1);
    EXPECT_EQ(spool.drop_plugins_except({"kept"}), 2);
    EXPECT_EQ(spool.pending("kept"), 1);
    EXPECT_EQ(spool.stats().articles, 1);
}

TEST_F(SpoolTest, AliasesOfAStoryAreMarkedDeliveredWhateverTheOutcome) {
    Spool spool(db_, dir_ / "q");
    auto a = article("https://site.example/story", "fp");
    a.aliases = {"http://127.0.0.1/feed-link", "https://site.example/story"};
    EXPECT_EQ(spool.add(a, 1), AddOutcome::added);
    auto mirror = article("https://mirror.example/story", "fp");
    mirror.aliases = {"https://mirror.example/other-link"};
    EXPECT_EQ(spool.add(mirror, 2), AddOutcome::duplicate_content);
    auto lock = db_->lock();
    auto q = db_->prepare("SELECT canonical_url FROM urls WHERE delivered_at IS NOT NULL ORDER BY canonical_url");
    std::vector<std::string> delivered;
    while (q.step()) delivered.push_back(q.text(0));
    EXPECT_EQ(delivered, (std::vector<std::string>{"http://127.0.0.1/feed-link", "https://mirror.example/other-link",
                                                   "https://mirror.example/story", "https://site.example/story"}));
}
