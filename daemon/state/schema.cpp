#include "state/schema.h"

#include "state/sqlite_db.h"

namespace gleaner::state {
namespace {

constexpr int kSchemaVersion = 1;

const char* const kSchemaV1 = R"SQL(
-- One row per canonical article URL ever seen.
CREATE TABLE IF NOT EXISTS urls (
    canonical_url TEXT PRIMARY KEY,
    source        TEXT NOT NULL,
    fingerprint   TEXT,               -- content fingerprint of what was delivered
    first_seen    INTEGER NOT NULL,   -- ms since the epoch
    last_seen     INTEGER NOT NULL,
    delivered_at  INTEGER,            -- NULL: seen but never handed to plugins
    failures      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT,
    last_status   INTEGER
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS urls_last_seen ON urls(last_seen);

-- Content fingerprints already delivered, so one story reached by two URLs is emitted once.
CREATE TABLE IF NOT EXISTS fingerprints (
    fingerprint   TEXT PRIMARY KEY,
    canonical_url TEXT NOT NULL,
    seen_at       INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS fingerprints_seen_at ON fingerprints(seen_at);

-- HTTP validators per requested URL (feeds, sitemaps, pages) for conditional GET.
CREATE TABLE IF NOT EXISTS validators (
    url           TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    updated_at    INTEGER NOT NULL
) WITHOUT ROWID;

-- When each source is next due, so a restart resumes schedules where they were.
CREATE TABLE IF NOT EXISTS schedules (
    source        TEXT PRIMARY KEY,
    next_due      INTEGER NOT NULL,
    last_run      INTEGER,
    last_error    TEXT,
    articles      INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- The delivery spool: every article is written here before any plugin sees it.
CREATE TABLE IF NOT EXISTS spool (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    canonical_url TEXT NOT NULL,
    payload       BLOB NOT NULL,      -- the article as JSON
    crc32         INTEGER NOT NULL,   -- of payload; a mismatch quarantines the record
    bytes         INTEGER NOT NULL,
    created_at    INTEGER NOT NULL
);

-- What each plugin instance still has to acknowledge.
CREATE TABLE IF NOT EXISTS deliveries (
    plugin        TEXT NOT NULL,
    article_id    INTEGER NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    next_attempt  INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT,
    matched_terms TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (plugin, article_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries(plugin, next_attempt, article_id);
CREATE INDEX IF NOT EXISTS deliveries_article ON deliveries(article_id);
)SQL";

}  // namespace

void apply_schema(Database& db) {
    auto lock = db.lock();
    auto version = db.prepare("PRAGMA user_version");
    version.step();
    const auto current = version.int64(0);
    if (current > kSchemaVersion)
        throw DatabaseError(db.file().string() + " was written by a newer Gleaner (schema " +
                            std::to_string(current) + ", this one knows " + std::to_string(kSchemaVersion) + ")");
    if (current == kSchemaVersion) return;
    Database::Transaction tx(db);
    db.exec(kSchemaV1);
    db.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
    tx.commit();
}

}  // namespace gleaner::state
