#include "state/sqlite_schema.h"

#include "state/sqlite_db.h"

namespace gleaner::state {
namespace {

constexpr int kSchemaVersion = 5;

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

// Version 2: the crawl-state store (crawl_store.h). Schedules become sources with pass leases; the
// URL frontier, host politeness, the robots.txt cache, the near-duplicate index and nodes are new;
// the spool becomes the outbox, whose deliveries gain leases and a claim count.
const char* const kSchemaV2 = R"SQL(
CREATE TABLE sources (
    name          TEXT PRIMARY KEY,
    next_due      INTEGER NOT NULL DEFAULT 0,   -- ms since the epoch; 0: never ran
    last_run      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT,
    articles      INTEGER NOT NULL DEFAULT 0,   -- new articles stored, all time
    passes        INTEGER NOT NULL DEFAULT 0,
    owner         TEXT,                         -- node running a pass now
    lease_until   INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
INSERT INTO sources (name, next_due, last_run, last_error, articles)
    SELECT source, next_due, COALESCE(last_run, 0), last_error, articles FROM schedules;
DROP TABLE schedules;

-- Every article URL a listing named. state: 0 queued, 1 claimed, 2 done, 3 failed (given up).
-- `due` is when a queued URL may be fetched, and for a claimed one when its lease ends, so one
-- partial index finds all claimable work: state < 2 AND due <= now.
CREATE TABLE frontier (
    id            INTEGER PRIMARY KEY,
    key           TEXT NOT NULL UNIQUE,         -- canonical URL
    url           TEXT NOT NULL,                -- as listed
    source        TEXT NOT NULL,
    host          TEXT NOT NULL,
    state         INTEGER NOT NULL DEFAULT 0,
    due           INTEGER NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    refetch       INTEGER NOT NULL DEFAULT 0,
    owner         TEXT,
    title         TEXT,
    author        TEXT,
    published     TEXT,
    last_error    TEXT,
    last_status   INTEGER,
    added_at      INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX frontier_claimable ON frontier(due) WHERE state < 2;
CREATE INDEX frontier_owner ON frontier(owner) WHERE state = 1;
CREATE INDEX frontier_finished ON frontier(updated_at) WHERE state >= 2;

-- Politeness shared by every node: when a host may be asked next, and its request slots.
CREATE TABLE hosts (
    host          TEXT PRIMARY KEY,
    next_allowed  INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE host_slots (
    host          TEXT NOT NULL,
    slot          INTEGER NOT NULL,
    node          TEXT NOT NULL,
    lease_until   INTEGER NOT NULL,
    PRIMARY KEY (host, slot)
) WITHOUT ROWID;
CREATE TABLE robots (
    origin        TEXT PRIMARY KEY,
    status        INTEGER NOT NULL,
    body          TEXT NOT NULL,
    crawl_delay   INTEGER NOT NULL DEFAULT 0,
    expires       INTEGER NOT NULL
) WITHOUT ROWID;

-- Near-duplicate index: a few band keys per stored article.
CREATE TABLE near_keys (
    band          INTEGER NOT NULL,
    canonical_url TEXT NOT NULL,
    cluster_id    TEXT NOT NULL,
    signature     BLOB NOT NULL,
    stored_at     INTEGER NOT NULL,
    PRIMARY KEY (band, canonical_url)
) WITHOUT ROWID;
CREATE INDEX near_keys_stored_at ON near_keys(stored_at);

CREATE TABLE nodes (
    id            TEXT PRIMARY KEY,
    started_at    INTEGER NOT NULL,
    heartbeat_at  INTEGER NOT NULL
) WITHOUT ROWID;

ALTER TABLE spool RENAME TO outbox;
ALTER TABLE deliveries ADD COLUMN begun INTEGER NOT NULL DEFAULT 0;
ALTER TABLE deliveries ADD COLUMN owner TEXT;
ALTER TABLE deliveries ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
)SQL";

// Version 3: a near-duplicate index entry names its cluster's first-stored article (duplicate_of).
const char* const kSchemaV3 = R"SQL(
ALTER TABLE near_keys ADD COLUMN cluster_origin TEXT NOT NULL DEFAULT '';
)SQL";

// Version 4: how far each warc source has read each of its files.
const char* const kSchemaV4 = R"SQL(
CREATE TABLE archive_files (
    source        TEXT NOT NULL,
    file          TEXT NOT NULL,                -- absolute path
    offset        INTEGER NOT NULL,             -- where the next record starts
    seekable      INTEGER NOT NULL,             -- 0: offset into a whole-file gzip's uncompressed stream
    file_size     INTEGER NOT NULL,
    finished      INTEGER NOT NULL,
    records       INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    PRIMARY KEY (source, file)
) WITHOUT ROWID;
)SQL";

// Version 5: an article's near-duplicate keys are found by its URL (an update replaces them, prune
// and forget drop them). Without this index each stored article scanned the whole table: CPU per
// article grew with the number stored (bench/soak: 9 -> 20 ms over 3,000 articles).
const char* const kSchemaV5 = R"SQL(
CREATE INDEX IF NOT EXISTS near_keys_url ON near_keys(canonical_url);
)SQL";

}  // namespace

void apply_schema(Database& db) {
    auto lock = db.lock();
    const auto current = [&db] {
        // Finalized before any migration runs: an open statement would lock the tables it drops.
        auto version = db.prepare("PRAGMA user_version");
        version.step();
        return version.int64(0);
    }();
    if (current > kSchemaVersion)
        throw DatabaseError(db.file().string() + " was written by a newer Gleaner (schema " +
                            std::to_string(current) + ", this one knows " + std::to_string(kSchemaVersion) + ")");
    if (current == kSchemaVersion) return;
    // Each step upgrades one version, in one transaction with the version number.
    const char* const steps[] = {kSchemaV1, kSchemaV2, kSchemaV3, kSchemaV4, kSchemaV5};
    Database::Transaction tx(db);
    for (auto v = current; v < kSchemaVersion; ++v) db.exec(steps[v]);
    db.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
    tx.commit();
}

}  // namespace gleaner::state
