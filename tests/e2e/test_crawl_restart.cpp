// Restart of a long-running daemon: stopped with SIGTERM after a pass and started again, it emits
// nothing twice and keeps the source's schedule — the next pass runs when the state's schedules
// table said it was due, not at start-up.
#include <signal.h>
#include <sqlite3.h>

#include <optional>

#include "service_helpers.h"
#include "test_crawl_fixture.h"

using namespace gleaner::testing;
using namespace std::chrono_literals;

namespace {

struct SavedSchedule {
    std::int64_t next_due = 0, last_run = 0;
};

std::optional<SavedSchedule> saved_schedule(const std::filesystem::path& state_db, const std::string& source) {
    sqlite3* db = nullptr;
    std::optional<SavedSchedule> found;
    if (sqlite3_open_v2(state_db.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db, "SELECT next_due, last_run FROM sources WHERE name = ?", -1, &stmt, nullptr) ==
            SQLITE_OK) {
            sqlite3_bind_text(stmt, 1, source.c_str(), -1, SQLITE_TRANSIENT);
            if (sqlite3_step(stmt) == SQLITE_ROW)
                found = SavedSchedule{sqlite3_column_int64(stmt, 0), sqlite3_column_int64(stmt, 1)};
        }
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return found;
}

std::int64_t system_ms(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// The wall-clock time of a steady_clock reading taken in this process.
std::int64_t system_ms_of(std::chrono::steady_clock::time_point t) {
    return system_ms(std::chrono::system_clock::now()) -
           std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

TEST_F(CrawlTest, ARestartedDaemonReEmitsNothingAndRunsTheNextPassWhenTheScheduleSaysItIsDue) {
    serve_generated_site(3);
    const auto config =
        write_config(crawl_config(source("gen", "feed", {server_->url("/gen-feed.xml")}, {"interval: 8s"})));
    const auto state_db = dir_ / "state" / "gleaner.db";

    SavedSchedule before_stop;
    {
        DaemonProcess first({"run", "--config", config.string()}, dir_ / "first.log");
        ASSERT_TRUE(eventually([&] { return stored().size() == 3u && saved_schedule(state_db, "gen").has_value(); }))
            << first.log();
        before_stop = *saved_schedule(state_db, "gen");
        first.signal(SIGTERM);
        ASSERT_EQ(first.wait(), 0) << first.log();
    }
    const auto after_stop = saved_schedule(state_db, "gen");
    ASSERT_TRUE(after_stop.has_value());
    EXPECT_EQ(after_stop->next_due, before_stop.next_due) << "the stop keeps the schedule";
    EXPECT_EQ(after_stop->next_due - after_stop->last_run, 8000) << "next pass one interval after the last one";

    server_->clear_log();
    const auto restarted_at = system_ms(std::chrono::system_clock::now());
    ASSERT_GT(after_stop->next_due, restarted_at + 1000) << "the test set-up itself took most of the interval";
    DaemonProcess second({"run", "--config", config.string()}, dir_ / "second.log");
    ASSERT_TRUE(eventually([&] { return server_->request_count("/gen-feed.xml") >= 1u; }, 30s)) << second.log();
    const auto first_request = server_->requests_for("/gen-feed.xml").front();
    EXPECT_GE(system_ms_of(first_request.received_at), after_stop->next_due - 20)
        << "the restarted daemon ran the pass before it was due";
    ASSERT_TRUE(eventually([&] { return occurrences(second.log(), "pass finished") >= 1u; })) << second.log();
    ASSERT_TRUE(eventually([&] {
        const auto now_saved = saved_schedule(state_db, "gen");
        return now_saved && now_saved->next_due > after_stop->next_due;
    })) << "the pass after the restart saved the following due time";
    second.signal(SIGTERM);
    ASSERT_EQ(second.wait(), 0) << second.log();

    EXPECT_EQ(stored().size(), 3u) << "nothing re-emitted";
    EXPECT_EQ(sqlite_column("SELECT COUNT(*) FROM articles"), std::vector<std::string>{"3"});
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(server_->request_count("/gen/" + std::to_string(i) + ".html"), 0u) << "known articles are not fetched again";
    EXPECT_EQ(log_lines_with(second.log(), {"pass finished", "new_urls=0"}).size(), 1u) << second.log();
}
