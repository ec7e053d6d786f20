// Crawl state survives restarts: delivered URLs, validators, schedules, failures; and old state is pruned.
#include "state/crawl_state.h"

#include "state/spool.h"
#include "state_fixture.h"

using gleaner::state::CrawlState;
using gleaner::state::NewArticle;
using gleaner::state::Spool;

class CrawlStateTest : public gleaner::testing::StateTest {};

TEST_F(CrawlStateTest, DeliveredUrlsAndSchedulesSurviveARestart) {
    {
        Spool spool(db_, dir_ / "q");
        spool.add(NewArticle{"https://n.example/1", "wire", "fp1", "{}", {}, false, {}}, 1000);
        CrawlState state(db_);
        state.save_schedule("wire", {5000, 4000, "", 3});
        state.save_validators("https://n.example/feed", {"\"v1\"", "Wed, 01 May 2024 10:00:00 GMT"}, 1000);
    }
    reopen();
    CrawlState state(db_);
    EXPECT_TRUE(state.delivered("https://n.example/1"));
    EXPECT_FALSE(state.delivered("https://n.example/2"));
    auto schedule = state.schedule("wire");
    ASSERT_TRUE(schedule);
    EXPECT_EQ(schedule->next_due_ms, 5000);
    EXPECT_EQ(schedule->last_run_ms, 4000);
    EXPECT_EQ(schedule->articles, 3);
    EXPECT_FALSE(state.schedule("other"));
    const auto v = state.validators("https://n.example/feed");
    EXPECT_EQ(v.etag, "\"v1\"");
    EXPECT_EQ(v.last_modified, "Wed, 01 May 2024 10:00:00 GMT");
}

TEST_F(CrawlStateTest, AFailedUrlIsCountedButNotDelivered) {
    CrawlState state(db_);
    state.record_failure("https://n.example/x", "wire", "HTTP 503", 503, 1000);
    state.record_failure("https://n.example/x", "wire", "HTTP 503", 503, 2000);
    EXPECT_FALSE(state.delivered("https://n.example/x"));
    auto lock = db_->lock();
    auto q = db_->prepare("SELECT failures, last_status FROM urls WHERE canonical_url = 'https://n.example/x'");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.int64(0), 2);
    EXPECT_EQ(q.int64(1), 503);
}

TEST_F(CrawlStateTest, PruneForgetsOldStateButKeepsWhatTheSpoolStillHolds) {
    Spool spool(db_, dir_ / "q");
    spool.add(NewArticle{"https://n.example/old", "wire", "fp-old", "{}", {}, false, {}}, 1000);
    spool.add(NewArticle{"https://n.example/spooled", "wire", "fp-sp", "{}", {{"archive", ""}}, false, {}}, 1000);
    spool.add(NewArticle{"https://n.example/new", "wire", "fp-new", "{}", {}, false, {}}, 9000);
    CrawlState state(db_);
    state.save_validators("https://n.example/feed", {"e", ""}, 1000);
    EXPECT_EQ(state.prune(5000), 4);  // one URL, two old fingerprints, one validator
    EXPECT_FALSE(state.delivered("https://n.example/old"));
    EXPECT_TRUE(state.delivered("https://n.example/spooled"));
    EXPECT_TRUE(state.delivered("https://n.example/new"));
    EXPECT_EQ(state.validators("https://n.example/feed").etag, "");
}

TEST_F(CrawlStateTest, ANewerSchemaIsRefusedWithAClearMessage) {
    {
        auto lock = db_->lock();
        db_->exec("PRAGMA user_version = 99");
    }
    try {
        gleaner::state::apply_schema(*db_);
        FAIL() << "expected refusal";
    } catch (const gleaner::state::DatabaseError& e) {
        EXPECT_NE(std::string(e.what()).find("written by a newer Gleaner (schema 99"), std::string::npos) << e.what();
    }
}
