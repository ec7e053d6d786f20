// SQLite store: nodes, source passes, validators, host politeness, robots.txt cache, archive
// progress, prune, stats.
#include "state/sqlite_store.h"

#include "state/sqlite_db.h"
#include "state/sqlite_schema.h"

namespace gleaner::state {

SqliteStore::SqliteStore(const std::filesystem::path& state_dir)
    : db_(std::make_shared<Database>(state_dir / "gleaner.db")), quarantine_dir_(state_dir / "quarantine") {
    apply_schema(*db_);
    // One daemon per state_dir: whatever a killed process held is free again.
    auto lock = db_->lock();
    Database::Transaction tx(*db_);
    db_->exec("UPDATE sources SET owner = NULL, lease_until = 0 WHERE owner IS NOT NULL");
    db_->exec("UPDATE frontier SET state = 0, owner = NULL, due = updated_at WHERE state = 1");
    db_->exec("UPDATE deliveries SET owner = NULL, lease_until = 0 WHERE owner IS NOT NULL");
    db_->exec("DELETE FROM host_slots");
    tx.commit();
}

SqliteStore::~SqliteStore() = default;

// --- nodes -------------------------------------------------------------------------------------

void SqliteStore::heartbeat(const NodeRecord& node) {
    auto lock = db_->lock();
    db_->cached(R"SQL(INSERT INTO nodes (id, started_at, heartbeat_at) VALUES (?1, ?2, ?3)
                      ON CONFLICT(id) DO UPDATE SET started_at = ?2, heartbeat_at = ?3)SQL")
        ->bind(1, node.id)
        .bind(2, node.started_ms)
        .bind(3, node.heartbeat_ms)
        .run();
}

std::vector<NodeRecord> SqliteStore::nodes(std::int64_t alive_since_ms) {
    auto lock = db_->lock();
    auto q = db_->cached("SELECT id, started_at, heartbeat_at FROM nodes WHERE heartbeat_at >= ?1 ORDER BY id");
    q->bind(1, alive_since_ms);
    std::vector<NodeRecord> out;
    while (q->step()) out.push_back({q->text(0), q->int64(1), q->int64(2)});
    return out;
}

void SqliteStore::release_leases(std::string_view node) {
    auto lock = db_->lock();
    Database::Transaction tx(*db_);
    db_->prepare("UPDATE sources SET owner = NULL, lease_until = 0 WHERE owner = ?1").bind(1, node).run();
    db_->prepare("UPDATE frontier SET state = 0, owner = NULL, due = updated_at WHERE state = 1 AND owner = ?1")
        .bind(1, node)
        .run();
    db_->prepare("UPDATE deliveries SET owner = NULL, lease_until = 0 WHERE owner = ?1").bind(1, node).run();
    db_->prepare("DELETE FROM host_slots WHERE node = ?1").bind(1, node).run();
    tx.commit();
}

void SqliteStore::renew_leases(std::string_view node, std::int64_t lease_until_ms) {
    auto lock = db_->lock();
    Database::Transaction tx(*db_);
    db_->cached("UPDATE sources SET lease_until = ?2 WHERE owner = ?1")->bind(1, node).bind(2, lease_until_ms).run();
    db_->cached("UPDATE frontier SET due = ?2 WHERE state = 1 AND owner = ?1")->bind(1, node).bind(2, lease_until_ms).run();
    db_->cached("UPDATE deliveries SET lease_until = ?2 WHERE owner = ?1")->bind(1, node).bind(2, lease_until_ms).run();
    db_->cached("UPDATE host_slots SET lease_until = ?2 WHERE node = ?1")->bind(1, node).bind(2, lease_until_ms).run();
    tx.commit();
}

// --- sources -----------------------------------------------------------------------------------

std::optional<SourceRecord> SqliteStore::source(std::string_view name) {
    auto lock = db_->lock();
    auto q = db_->cached(R"SQL(SELECT next_due, last_run, COALESCE(last_error, ''), articles, passes,
                                      COALESCE(owner, ''), lease_until FROM sources WHERE name = ?1)SQL");
    q->bind(1, name);
    if (!q->step()) return std::nullopt;
    return SourceRecord{q->int64(0), q->int64(1), q->text(2), q->int64(3), q->int64(4), q->text(5), q->int64(6)};
}

bool SqliteStore::claim_pass(std::string_view source, std::string_view node, std::int64_t now_ms,
                             std::int64_t lease_until_ms) {
    auto lock = db_->lock();
    Database::Transaction tx(*db_);
    db_->cached("INSERT INTO sources (name) VALUES (?1) ON CONFLICT(name) DO NOTHING")->bind(1, source).run();
    db_->cached(R"SQL(UPDATE sources SET owner = ?2, lease_until = ?4
                      WHERE name = ?1 AND next_due <= ?3 AND (owner IS NULL OR lease_until <= ?3))SQL")
        ->bind(1, source)
        .bind(2, node)
        .bind(3, now_ms)
        .bind(4, lease_until_ms)
        .run();
    const bool claimed = db_->changes() > 0;
    tx.commit();
    return claimed;
}

void SqliteStore::finish_pass(std::string_view source, std::string_view node, const PassOutcome& outcome) {
    auto lock = db_->lock();
    // Only the pass's holder records its outcome (or anyone when nobody holds it): a node whose lease
    // lapsed and whose pass another node took leaves the schedule to that node.
    db_->cached(R"SQL(UPDATE sources SET next_due = ?3, last_run = ?4, last_error = ?5, passes = passes + 1,
                             owner = NULL, lease_until = 0
                      WHERE name = ?1 AND (owner IS NULL OR owner = '' OR owner = ?2))SQL")
        ->bind(1, source)
        .bind(2, node)
        .bind(3, outcome.next_due_ms)
        .bind(4, outcome.finished_ms)
        .bind_optional(5, outcome.error)
        .run();
}

void SqliteStore::reschedule_source(std::string_view source, std::int64_t due_ms) {
    auto lock = db_->lock();
    db_->cached(R"SQL(INSERT INTO sources (name, next_due) VALUES (?1, ?2)
                      ON CONFLICT(name) DO UPDATE SET next_due = ?2)SQL")
        ->bind(1, source)
        .bind(2, due_ms)
        .run();
}

// --- validators --------------------------------------------------------------------------------

std::optional<std::pair<std::string, std::string>> SqliteStore::validators(std::string_view url) {
    auto lock = db_->lock();
    auto q = db_->cached("SELECT COALESCE(etag, ''), COALESCE(last_modified, '') FROM validators WHERE url = ?1");
    q->bind(1, url);
    if (!q->step()) return std::nullopt;
    return std::make_pair(q->text(0), q->text(1));
}

void SqliteStore::save_validators(std::string_view url, std::string_view etag, std::string_view last_modified,
                                  std::int64_t now_ms) {
    auto lock = db_->lock();
    if (etag.empty() && last_modified.empty()) {
        db_->cached("DELETE FROM validators WHERE url = ?1")->bind(1, url).run();
        return;
    }
    db_->cached(R"SQL(INSERT INTO validators (url, etag, last_modified, updated_at) VALUES (?1, ?2, ?3, ?4)
                      ON CONFLICT(url) DO UPDATE SET etag = ?2, last_modified = ?3, updated_at = ?4)SQL")
        ->bind(1, url)
        .bind_optional(2, etag)
        .bind_optional(3, last_modified)
        .bind(4, now_ms)
        .run();
}

// --- archives ------------------------------------------------------------------------------------

std::optional<ArchiveProgress> SqliteStore::archive_progress(std::string_view source, std::string_view file) {
    auto lock = db_->lock();
    auto q = db_->cached(R"SQL(SELECT offset, seekable, file_size, finished, records FROM archive_files
                               WHERE source = ?1 AND file = ?2)SQL");
    q->bind(1, source).bind(2, file);
    if (!q->step()) return std::nullopt;
    ArchiveProgress p;
    p.offset = static_cast<std::uint64_t>(q->int64(0));
    p.seekable = q->int64(1) != 0;
    p.file_size = static_cast<std::uint64_t>(q->int64(2));
    p.finished = q->int64(3) != 0;
    p.records = q->int64(4);
    return p;
}

void SqliteStore::save_archive_progress(std::string_view source, std::string_view file,
                                        const ArchiveProgress& progress, std::int64_t now_ms) {
    auto lock = db_->lock();
    db_->cached(R"SQL(INSERT INTO archive_files (source, file, offset, seekable, file_size, finished, records, updated_at)
                      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                      ON CONFLICT(source, file) DO UPDATE SET offset = ?3, seekable = ?4, file_size = ?5,
                          finished = ?6, records = ?7, updated_at = ?8)SQL")
        ->bind(1, source)
        .bind(2, file)
        .bind(3, static_cast<std::int64_t>(progress.offset))
        .bind(4, std::int64_t{progress.seekable})
        .bind(5, static_cast<std::int64_t>(progress.file_size))
        .bind(6, std::int64_t{progress.finished})
        .bind(7, progress.records)
        .bind(8, now_ms)
        .run();
}

// --- hosts -------------------------------------------------------------------------------------

HostSlot SqliteStore::acquire_host_slot(std::string_view host, std::string_view node, std::int64_t now_ms,
                                        std::int64_t delay_ms, int concurrency, std::int64_t lease_until_ms) {
    auto lock = db_->lock();
    Database::Transaction tx(*db_);
    HostSlot result;
    std::int64_t next_allowed = 0;
    {
        auto q = db_->cached("SELECT next_allowed FROM hosts WHERE host = ?1");
        q->bind(1, host);
        if (q->step()) next_allowed = q->int64(0);
    }
    if (next_allowed > now_ms) {
        result.retry_at_ms = next_allowed;
        return result;
    }
    // The lowest free slot number: held slots whose lease has not ended are taken.
    std::vector<bool> taken(static_cast<std::size_t>(std::max(1, concurrency)), false);
    std::int64_t earliest_end = 0;
    {
        auto q = db_->cached("SELECT slot, lease_until FROM host_slots WHERE host = ?1");
        q->bind(1, host);
        while (q->step()) {
            const auto slot = q->int64(0);
            const auto until = q->int64(1);
            if (until <= now_ms || slot < 0 || slot >= static_cast<std::int64_t>(taken.size())) continue;
            taken[static_cast<std::size_t>(slot)] = true;
            if (earliest_end == 0 || until < earliest_end) earliest_end = until;
        }
    }
    int free_slot = -1;
    for (std::size_t i = 0; i < taken.size(); ++i)
        if (!taken[i]) {
            free_slot = static_cast<int>(i);
            break;
        }
    if (free_slot < 0) {
        // Slots come back when their holders finish; ask again soon, at the latest when a lease ends.
        result.retry_at_ms = std::min(earliest_end, now_ms + 100);
        return result;
    }
    db_->cached(R"SQL(INSERT INTO host_slots (host, slot, node, lease_until) VALUES (?1, ?2, ?3, ?4)
                      ON CONFLICT(host, slot) DO UPDATE SET node = ?3, lease_until = ?4)SQL")
        ->bind(1, host)
        .bind(2, static_cast<std::int64_t>(free_slot))
        .bind(3, node)
        .bind(4, lease_until_ms)
        .run();
    db_->cached(R"SQL(INSERT INTO hosts (host, next_allowed) VALUES (?1, ?2)
                      ON CONFLICT(host) DO UPDATE SET next_allowed = ?2)SQL")
        ->bind(1, host)
        .bind(2, now_ms + delay_ms)
        .run();
    tx.commit();
    result.granted = true;
    result.slot = free_slot;
    return result;
}

void SqliteStore::release_host_slot(std::string_view host, int slot, std::string_view node) {
    auto lock = db_->lock();
    db_->cached("DELETE FROM host_slots WHERE host = ?1 AND slot = ?2 AND node = ?3")
        ->bind(1, host)
        .bind(2, static_cast<std::int64_t>(slot))
        .bind(3, node)
        .run();
}

void SqliteStore::defer_host(std::string_view host, std::int64_t not_before_ms) {
    auto lock = db_->lock();
    db_->cached(R"SQL(INSERT INTO hosts (host, next_allowed) VALUES (?1, ?2)
                      ON CONFLICT(host) DO UPDATE SET next_allowed = MAX(next_allowed, ?2))SQL")
        ->bind(1, host)
        .bind(2, not_before_ms)
        .run();
}

std::optional<RobotsRecord> SqliteStore::robots(std::string_view origin, std::int64_t now_ms) {
    auto lock = db_->lock();
    auto q = db_->cached("SELECT status, body, crawl_delay, expires FROM robots WHERE origin = ?1 AND expires > ?2");
    q->bind(1, origin).bind(2, now_ms);
    if (!q->step()) return std::nullopt;
    return RobotsRecord{static_cast<int>(q->int64(0)), q->text(1), q->int64(2), q->int64(3)};
}

void SqliteStore::save_robots(std::string_view origin, const RobotsRecord& r) {
    auto lock = db_->lock();
    db_->cached(R"SQL(INSERT INTO robots (origin, status, body, crawl_delay, expires) VALUES (?1, ?2, ?3, ?4, ?5)
                      ON CONFLICT(origin) DO UPDATE SET status = ?2, body = ?3, crawl_delay = ?4, expires = ?5)SQL")
        ->bind(1, origin)
        .bind(2, static_cast<std::int64_t>(r.status))
        .bind(3, r.body)
        .bind(4, r.crawl_delay_ms)
        .bind(5, r.expires_ms)
        .run();
}

// --- maintenance -------------------------------------------------------------------------------

std::int64_t SqliteStore::forget(std::string_view source) {
    auto lock = db_->lock();
    Database::Transaction tx(*db_);
    // ?1 = '' stands for every source.
    for (const char* sql : {
             "DELETE FROM fingerprints WHERE canonical_url IN (SELECT canonical_url FROM urls WHERE ?1 = '' OR source = ?1)",
             "DELETE FROM near_keys WHERE canonical_url IN (SELECT canonical_url FROM urls WHERE ?1 = '' OR source = ?1)",
             "DELETE FROM frontier WHERE ?1 = '' OR source = ?1",
             "DELETE FROM archive_files WHERE ?1 = '' OR source = ?1",
         })
        db_->prepare(sql).bind(1, source).run();
    db_->prepare("DELETE FROM urls WHERE ?1 = '' OR source = ?1").bind(1, source).run();
    const auto forgotten = db_->changes();
    db_->exec("DELETE FROM validators");
    db_->prepare("UPDATE sources SET next_due = 0 WHERE ?1 = '' OR name = ?1").bind(1, source).run();
    tx.commit();
    return forgotten;
}

std::int64_t SqliteStore::prune(std::int64_t cutoff_ms) {
    auto lock = db_->lock();
    Database::Transaction tx(*db_);
    std::int64_t removed = 0;
    // URLs with an article still in the outbox are kept: the outbox row refers to them.
    for (const char* sql : {
             "DELETE FROM urls WHERE last_seen < ?1 AND canonical_url NOT IN (SELECT canonical_url FROM outbox)",
             "DELETE FROM fingerprints WHERE seen_at < ?1",
             "DELETE FROM validators WHERE updated_at < ?1",
             "DELETE FROM frontier WHERE state >= 2 AND updated_at < ?1",
             "DELETE FROM near_keys WHERE stored_at < ?1",
             "DELETE FROM robots WHERE expires < ?1",
             "DELETE FROM nodes WHERE heartbeat_at < ?1",
         }) {
        db_->prepare(sql).bind(1, cutoff_ms).run();
        removed += db_->changes();
    }
    tx.commit();
    return removed;
}

StoreStats SqliteStore::stats(std::string_view node, std::int64_t now_ms, std::int64_t alive_since_ms) {
    auto lock = db_->lock();
    StoreStats s;
    {
        auto q = db_->cached(R"SQL(SELECT
                COALESCE(SUM(state = 0 AND due <= ?1), 0), COALESCE(SUM(state = 1 AND due > ?1), 0),
                COALESCE(SUM(state = 1 AND due <= ?1), 0), COALESCE(SUM(state = 2), 0), COALESCE(SUM(state = 3), 0),
                COALESCE(SUM(state = 1 AND owner = ?2), 0), COALESCE(SUM(state = 0 AND due > ?1), 0)
            FROM frontier)SQL");
        q->bind(1, now_ms).bind(2, node);
        q->step();
        s.frontier_queued = q->int64(0);
        s.frontier_claimed = q->int64(1);
        s.frontier_expired = q->int64(2);
        s.frontier_done = q->int64(3);
        s.frontier_failed = q->int64(4);
        s.leases_held = q->int64(5);
        s.frontier_waiting = q->int64(6);
    }
    {
        auto q = db_->cached(R"SQL(SELECT (SELECT COUNT(*) FROM sources WHERE owner = ?1)
                                        + (SELECT COUNT(*) FROM deliveries WHERE owner = ?1))SQL");
        q->bind(1, node);
        q->step();
        s.leases_held += q->int64(0);
    }
    {
        auto q = db_->cached("SELECT plugin, COUNT(*) FROM deliveries GROUP BY plugin ORDER BY plugin");
        while (q->step()) s.outbox_by_plugin.emplace_back(q->text(0), q->int64(1));
    }
    {
        auto q = db_->cached("SELECT COUNT(*) FROM nodes WHERE heartbeat_at >= ?1");
        q->bind(1, alive_since_ms);
        q->step();
        s.nodes_alive = q->int64(0);
    }
    return s;
}

}  // namespace gleaner::state
