// The PostgreSQL crawl store's schema and migrations (see pg_schema.h). Times are milliseconds since
// the epoch as bigint, given by the caller's clock (never the server's now()), so every node and the
// tests agree on what "due" means.
#include "state/pg_schema.h"

#include <iterator>
#include <string>

#include "log/log.h"
#include "state/pg_connection.h"

namespace gleaner::state::pg {
namespace {

// pg_advisory_lock key for migrations: "gleaner" in ASCII.
constexpr const char* kMigrationLock = "SELECT pg_advisory_lock(29111105283319154)";
constexpr const char* kMigrationUnlock = "SELECT pg_advisory_unlock(29111105283319154)";

// Migration N+1 takes schema version N to N+1. Never edit a released step: add one.
const char* const kMigrations[] = {
    // ---- 1: the crawl state ------------------------------------------------------------------
    R"SQL(
CREATE TABLE schema_version (
    version     integer PRIMARY KEY,
    migrated_at timestamptz NOT NULL DEFAULT now()
);

-- Each daemon's identity and heartbeat.
CREATE TABLE nodes (
    id           text PRIMARY KEY,
    started_ms   bigint NOT NULL,
    heartbeat_ms bigint NOT NULL
);

-- Each source's schedule, and the node running its pass now (owner '' when none).
CREATE TABLE sources (
    name           text PRIMARY KEY,
    next_due_ms    bigint NOT NULL DEFAULT 0,
    last_run_ms    bigint NOT NULL DEFAULT 0,
    last_error     text NOT NULL DEFAULT '',
    articles       bigint NOT NULL DEFAULT 0,
    passes         bigint NOT NULL DEFAULT 0,
    owner          text NOT NULL DEFAULT '',
    lease_until_ms bigint NOT NULL DEFAULT 0
);

-- ETag / Last-Modified per document URL, for conditional GETs.
CREATE TABLE validators (
    url           text PRIMARY KEY,
    etag          text NOT NULL,
    last_modified text NOT NULL,
    updated_ms    bigint NOT NULL
);
CREATE INDEX validators_updated ON validators (updated_ms);

-- The URL frontier: every article URL a listing named. state: 0 queued, 1 claimed, 2 done, 3 failed.
-- due_ms is a queued URL's due time and a claimed URL's lease expiry (when another node may take
-- it), so one index orders every claimable row. The partial indexes cover only the hot part
-- (queued and claimed rows); finished rows are read by key only.
CREATE TABLE frontier (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key            text NOT NULL UNIQUE,
    url            text NOT NULL,
    source         text NOT NULL,
    host           text NOT NULL,
    hint_title     text NOT NULL DEFAULT '',
    hint_author    text NOT NULL DEFAULT '',
    hint_published text NOT NULL DEFAULT '',
    state          smallint NOT NULL DEFAULT 0,
    due_ms         bigint NOT NULL,
    attempts       integer NOT NULL DEFAULT 0,
    refetch        boolean NOT NULL DEFAULT false,
    owner          text NOT NULL DEFAULT '',
    last_error     text NOT NULL DEFAULT '',
    http_status    integer NOT NULL DEFAULT 0,
    updated_ms     bigint NOT NULL
) WITH (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);
CREATE INDEX frontier_host_due ON frontier (host, due_ms, id) WHERE state < 2;
CREATE INDEX frontier_claimed_owner ON frontier (owner, host) WHERE state = 1;

-- Per host with queued or claimed URLs: when its turn to be claimed comes (NULL: nothing queued) —
-- no later than its earliest due URL, and not before the host's last visit by a claim, so hosts
-- take turns. Claims take hosts in this order, each host's row lock keeping two claimers off the
-- same host at once (see pg_frontier.cpp).
CREATE TABLE frontier_hosts (
    host        text PRIMARY KEY,
    next_due_ms bigint
) WITH (autovacuum_vacuum_scale_factor = 0.02);
CREATE INDEX frontier_hosts_due ON frontier_hosts (next_due_ms) WHERE next_due_ms IS NOT NULL;

-- Politeness for the cluster: a host's next allowed request time, and its request slots in use.
CREATE TABLE hosts (
    host            text PRIMARY KEY,
    next_allowed_ms bigint NOT NULL DEFAULT 0
);
CREATE TABLE host_slots (
    host           text NOT NULL,
    slot           integer NOT NULL,
    node           text NOT NULL,
    lease_until_ms bigint NOT NULL,
    PRIMARY KEY (host, slot)
);
CREATE INDEX host_slots_node ON host_slots (node);

-- robots.txt per origin (bodies are bytes: a server may send anything).
CREATE TABLE robots (
    origin         text PRIMARY KEY,
    status         integer NOT NULL,
    body           bytea NOT NULL,
    crawl_delay_ms bigint NOT NULL,
    expires_ms     bigint NOT NULL
);

-- Dedup keys: canonical URLs delivered (and their aliases), and exact-content fingerprints.
CREATE TABLE urls (
    canonical_url text PRIMARY KEY,
    source        text NOT NULL,
    fingerprint   text NOT NULL,
    delivered_ms  bigint NOT NULL,
    last_seen_ms  bigint NOT NULL
);
CREATE INDEX urls_last_seen ON urls (last_seen_ms);
CREATE TABLE fingerprints (
    fingerprint   text PRIMARY KEY,
    canonical_url text NOT NULL,
    seen_ms       bigint NOT NULL
);
CREATE INDEX fingerprints_seen ON fingerprints (seen_ms);

-- Outbox record ids.
CREATE SEQUENCE article_ids;

-- The near-duplicate index: an article's signature, and its band keys (indexed for lookup).
CREATE TABLE near_articles (
    canonical_url text PRIMARY KEY,
    cluster_id    text NOT NULL,
    signature     bytea NOT NULL,
    stored_ms     bigint NOT NULL
);
CREATE INDEX near_articles_stored ON near_articles (stored_ms);
CREATE TABLE near_bands (
    band          bigint NOT NULL,
    canonical_url text NOT NULL REFERENCES near_articles ON DELETE CASCADE,
    PRIMARY KEY (band, canonical_url)
);
CREATE INDEX near_bands_url ON near_bands (canonical_url);

-- The outbox: articles waiting for plugins (payload with its CRC-32), one delivery row per plugin
-- until the plugin acknowledges it. `begun` counts attempts begun (begin_attempts), `attempts` the
-- failed ones recorded (retry_delivery): an attempt begun without an outcome is one the process
-- did not survive.
CREATE TABLE outbox (
    id            bigint PRIMARY KEY,
    canonical_url text NOT NULL,
    payload       bytea NOT NULL,
    crc32         bigint NOT NULL,
    bytes         bigint NOT NULL,
    created_ms    bigint NOT NULL
);
CREATE INDEX outbox_url ON outbox (canonical_url);
CREATE TABLE deliveries (
    plugin          text NOT NULL,
    article_id      bigint NOT NULL REFERENCES outbox ON DELETE CASCADE,
    attempts        integer NOT NULL DEFAULT 0,
    begun           integer NOT NULL DEFAULT 0,
    next_attempt_ms bigint NOT NULL DEFAULT 0,
    owner           text NOT NULL DEFAULT '',
    lease_until_ms  bigint NOT NULL DEFAULT 0,
    last_error      text NOT NULL DEFAULT '',
    matched_terms   text NOT NULL DEFAULT '',
    PRIMARY KEY (plugin, article_id)
);
CREATE INDEX deliveries_article ON deliveries (article_id);
CREATE INDEX deliveries_owner ON deliveries (owner) WHERE owner <> '';
)SQL",

    // 2: a near-duplicate index entry names its cluster's first-stored article (duplicate_of).
    R"SQL(
ALTER TABLE near_articles ADD COLUMN cluster_origin text NOT NULL DEFAULT '';
)SQL",

    // 3: how far each warc source has read each of its files.
    R"SQL(
CREATE TABLE archive_files (
    source     text NOT NULL,
    file       text NOT NULL,          -- absolute path
    "offset"   bigint NOT NULL,        -- where the next record starts
    seekable   boolean NOT NULL,       -- false: offset into a whole-file gzip's uncompressed stream
    file_size  bigint NOT NULL,
    finished   boolean NOT NULL,
    records    bigint NOT NULL,
    updated_ms bigint NOT NULL,
    PRIMARY KEY (source, file)
);
)SQL",
};

constexpr int kKnownVersion = static_cast<int>(std::size(kMigrations));

int current_version(Connection& conn) {
    // The connection's search_path names the store's schema only (and pg_catalog).
    auto exists = conn.exec("SELECT to_regclass('schema_version') IS NOT NULL");
    if (!exists.boolean(0, 0)) return 0;
    return static_cast<int>(conn.exec("SELECT coalesce(max(version), 0) FROM schema_version").int64(0, 0));
}

}  // namespace

int schema_version() { return kKnownVersion; }

void migrate_schema(Connection& conn) {
    conn.exec(kMigrationLock);
    try {
        const int found = current_version(conn);
        if (found > kKnownVersion)
            throw StoreError(conn.where() + ": the crawl state in schema " + conn.schema() + " has version " +
                             std::to_string(found) +
                             ", written by a newer Gleaner; this one knows versions up to " +
                             std::to_string(kKnownVersion) +
                             ". Upgrade Gleaner, or point state.conninfo at another database.");
        for (int version = found + 1; version <= kKnownVersion; ++version) {
            conn.exec("BEGIN");
            try {
                if (version == 1) conn.exec("CREATE SCHEMA IF NOT EXISTS " + conn.schema());
                conn.exec(kMigrations[version - 1]);
                conn.exec("INSERT INTO schema_version (version) VALUES (" + std::to_string(version) + ")");
                conn.exec("COMMIT");
            } catch (...) {
                try {
                    conn.exec("ROLLBACK");
                } catch (...) {
                    // The connection broke: the server rolled the step back itself.
                }
                throw;
            }
            log::info("crawl state schema migrated",
                      {{"DATABASE", conn.where()}, {"SCHEMA", conn.schema()}, {"VERSION", std::to_string(version)}});
        }
    } catch (...) {
        try {
            conn.exec(kMigrationUnlock);
        } catch (...) {
            // The connection broke: the server released the lock with the session.
        }
        throw;
    }
    conn.exec(kMigrationUnlock);
}

}  // namespace gleaner::state::pg
