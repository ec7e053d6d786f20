// The conformance suite's SQLite backend: a store file in each test's own state folder.
#include "crawl_store_fixture.h"
#include "state/sqlite_db.h"
#include "state/sqlite_store.h"

namespace gleaner::testing {

std::unique_ptr<state::CrawlStore> SqliteBackend::open() { return std::make_unique<state::SqliteStore>(state_dir_); }

std::string SqliteBackend::where() const { return (state_dir_ / "gleaner.db").string(); }

void SqliteBackend::make_schema_newer() {
    state::Database db(state_dir_ / "gleaner.db");
    auto lock = db.lock();
    db.exec("PRAGMA user_version = 99");
}

void SqliteBackend::make_schema_before_archives() {
    state::Database db(state_dir_ / "gleaner.db");
    auto lock = db.lock();
    db.exec("DROP TABLE archive_files; PRAGMA user_version = 3");
}

void SqliteBackend::corrupt_payload(std::int64_t article_id) {
    state::Database db(state_dir_ / "gleaner.db");
    auto lock = db.lock();
    // One byte changed, the length kept (as a flipped bit on disk would).
    db.prepare("UPDATE outbox SET payload = CAST(substr(payload, 1, 1) || 'X' || substr(payload, 3) AS BLOB) WHERE id = ?1")
        .bind(1, article_id)
        .run();
}

}  // namespace gleaner::testing
