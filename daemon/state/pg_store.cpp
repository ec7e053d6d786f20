// The PostgreSQL crawl store: opening, nodes, sources, validators, archive progress, leases, maintenance
// and figures (see pg_store.h for where the other methods live).
#include "state/pg_store.h"

#include "state/pg_schema.h"

namespace gleaner::state {
namespace {

using pg::Connection;
using pg::Params;
using pg::Statement;

// ---- nodes

constexpr Statement kHeartbeat{"node_heartbeat", R"SQL(
    INSERT INTO nodes (id, started_ms, heartbeat_ms) VALUES ($1, $2, $3)
    ON CONFLICT (id) DO UPDATE SET started_ms = EXCLUDED.started_ms, heartbeat_ms = EXCLUDED.heartbeat_ms)SQL"};

constexpr Statement kNodes{"node_list", R"SQL(
    SELECT id, started_ms, heartbeat_ms FROM nodes WHERE heartbeat_ms >= $1 ORDER BY id)SQL"};

// ---- leases: each kind of work a node can hold

// A released frontier URL is due at once (due 0: it was due before it was claimed); its host's
// turn comes at once too.
constexpr Statement kReleaseUrls{"lease_release_urls", R"SQL(
    WITH released AS (
        UPDATE frontier SET state = 0, due_ms = 0, owner = '' WHERE state = 1 AND owner = $1 RETURNING host)
    SELECT coalesce(json_agg(json_build_object('host', host, 'due', 0)), '[]')
    FROM (SELECT DISTINCT host FROM released) AS hosts)SQL"};
constexpr Statement kReleasePasses{"lease_release_passes", R"SQL(
    UPDATE sources SET owner = '', lease_until_ms = 0 WHERE owner = $1)SQL"};
constexpr Statement kReleaseSlots{"lease_release_slots", R"SQL(
    DELETE FROM host_slots WHERE node = $1)SQL"};
// Attempts begun stay counted: one given back at start-up is one the process did not survive.
constexpr Statement kReleaseDeliveries{"lease_release_deliveries", R"SQL(
    UPDATE deliveries SET owner = '', lease_until_ms = 0 WHERE owner = $1)SQL"};

constexpr Statement kRenewUrls{"lease_renew_urls", R"SQL(
    UPDATE frontier SET due_ms = $2 WHERE state = 1 AND owner = $1)SQL"};
constexpr Statement kRenewPasses{"lease_renew_passes", R"SQL(
    UPDATE sources SET lease_until_ms = $2 WHERE owner = $1)SQL"};
constexpr Statement kRenewSlots{"lease_renew_slots", R"SQL(
    UPDATE host_slots SET lease_until_ms = $2 WHERE node = $1)SQL"};
constexpr Statement kRenewDeliveries{"lease_renew_deliveries", R"SQL(
    UPDATE deliveries SET lease_until_ms = $2 WHERE owner = $1)SQL"};

// ---- sources

constexpr Statement kSource{"source_get", R"SQL(
    SELECT next_due_ms, last_run_ms, last_error, articles, passes, owner, lease_until_ms
    FROM sources WHERE name = $1)SQL"};

// The pass is taken when due and not held under a live lease; ON CONFLICT DO UPDATE evaluates the
// condition on the row's latest version under its lock, so two nodes cannot both take it.
constexpr Statement kClaimPass{"source_claim_pass", R"SQL(
    INSERT INTO sources AS s (name, owner, lease_until_ms) VALUES ($1, $2, $4)
    ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, lease_until_ms = EXCLUDED.lease_until_ms
    WHERE s.next_due_ms <= $3 AND (s.owner = '' OR s.lease_until_ms <= $3)
    RETURNING 1)SQL"};

// Only the holder of the pass (or anyone, when nobody holds it) records its outcome: a node whose
// lease another node took over has lost the pass to it.
constexpr Statement kFinishPass{"source_finish_pass", R"SQL(
    INSERT INTO sources AS s (name, next_due_ms, last_run_ms, last_error, passes)
    VALUES ($1, $3, $4, $5, 1)
    ON CONFLICT (name) DO UPDATE SET next_due_ms = EXCLUDED.next_due_ms, last_run_ms = EXCLUDED.last_run_ms,
        last_error = EXCLUDED.last_error, passes = s.passes + 1, owner = '', lease_until_ms = 0
    WHERE s.owner = $2 OR s.owner = '')SQL"};

constexpr Statement kReschedule{"source_reschedule", R"SQL(
    INSERT INTO sources AS s (name, next_due_ms) VALUES ($1, $2)
    ON CONFLICT (name) DO UPDATE SET next_due_ms = EXCLUDED.next_due_ms)SQL"};

// ---- validators

constexpr Statement kValidators{"validators_get", R"SQL(
    SELECT etag, last_modified FROM validators WHERE url = $1)SQL"};
constexpr Statement kSaveValidators{"validators_save", R"SQL(
    INSERT INTO validators (url, etag, last_modified, updated_ms) VALUES ($1, $2, $3, $4)
    ON CONFLICT (url) DO UPDATE SET etag = EXCLUDED.etag, last_modified = EXCLUDED.last_modified,
        updated_ms = EXCLUDED.updated_ms)SQL"};
// A document that stopped sending validators is fetched unconditionally from then on.
constexpr Statement kForgetValidators{"validators_forget", R"SQL(
    DELETE FROM validators WHERE url = $1)SQL"};

// ---- archives

constexpr Statement kArchiveProgress{"archive_progress_get", R"SQL(
    SELECT "offset", seekable, file_size, finished, records FROM archive_files WHERE source = $1 AND file = $2)SQL"};
constexpr Statement kSaveArchiveProgress{"archive_progress_save", R"SQL(
    INSERT INTO archive_files (source, file, "offset", seekable, file_size, finished, records, updated_ms)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
    ON CONFLICT (source, file) DO UPDATE SET "offset" = EXCLUDED."offset", seekable = EXCLUDED.seekable,
        file_size = EXCLUDED.file_size, finished = EXCLUDED.finished, records = EXCLUDED.records,
        updated_ms = EXCLUDED.updated_ms)SQL"};

// ---- maintenance

// Each returns the rows it removed. URLs whose article still waits in the outbox are kept.
constexpr Statement kPruneStatements[] = {
    {"prune_frontier", "DELETE FROM frontier WHERE state >= 2 AND updated_ms < $1"},
    {"prune_urls", R"SQL(DELETE FROM urls WHERE last_seen_ms < $1
                         AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.canonical_url = urls.canonical_url))SQL"},
    {"prune_fingerprints", "DELETE FROM fingerprints WHERE seen_ms < $1"},
    {"prune_near", "DELETE FROM near_articles WHERE stored_ms < $1"},
    {"prune_validators", "DELETE FROM validators WHERE updated_ms < $1"},
    {"prune_robots", "DELETE FROM robots WHERE expires_ms < $1"},
    {"prune_nodes", "DELETE FROM nodes WHERE heartbeat_ms < $1"},
};

// $1 source ('' for every source). Fingerprints and index keys go with the URL keys they belong to.
constexpr Statement kForgetStatements[] = {
    {"forget_fingerprints", R"SQL(DELETE FROM fingerprints WHERE canonical_url IN
                                  (SELECT canonical_url FROM urls WHERE $1 = '' OR source = $1))SQL"},
    {"forget_near", R"SQL(DELETE FROM near_articles WHERE canonical_url IN
                          (SELECT canonical_url FROM urls WHERE $1 = '' OR source = $1))SQL"},
    {"forget_frontier", "DELETE FROM frontier WHERE $1 = '' OR source = $1"},
    {"forget_archives", "DELETE FROM archive_files WHERE $1 = '' OR source = $1"},
    {"forget_due", "UPDATE sources SET next_due_ms = 0 WHERE $1 = '' OR name = $1"},
};
constexpr Statement kForgetUrls{"forget_urls", "DELETE FROM urls WHERE $1 = '' OR source = $1"};
constexpr Statement kForgetAllValidators{"forget_validators", "DELETE FROM validators"};

constexpr Statement kFrontierCounts{"stats_frontier", R"SQL(
    SELECT count(*) FILTER (WHERE state = 0 AND due_ms <= $1),
           count(*) FILTER (WHERE state = 0 AND due_ms > $1),
           count(*) FILTER (WHERE state = 1 AND due_ms > $1),
           count(*) FILTER (WHERE state = 1 AND due_ms <= $1),
           count(*) FILTER (WHERE state = 2),
           count(*) FILTER (WHERE state = 3)
    FROM frontier)SQL"};
constexpr Statement kLeasesHeld{"stats_leases", R"SQL(
    SELECT (SELECT count(*) FROM frontier WHERE state = 1 AND owner = $1 AND due_ms > $2)
         + (SELECT count(*) FROM sources WHERE owner = $1 AND lease_until_ms > $2)
         + (SELECT count(*) FROM deliveries WHERE owner = $1 AND lease_until_ms > $2),
           (SELECT count(*) FROM nodes WHERE heartbeat_ms >= $3))SQL"};
constexpr Statement kOutboxByPlugin{"stats_outbox_by_plugin", R"SQL(
    SELECT plugin, count(*) FROM deliveries GROUP BY plugin ORDER BY plugin)SQL"};

}  // namespace

PgStore::PgStore(const std::string& conninfo, std::filesystem::path quarantine_dir, const std::string& schema,
                 std::size_t max_connections)
    : pool_(conninfo, schema, max_connections), quarantine_dir_(std::move(quarantine_dir)) {
    auto conn = pool_.lease();
    pg::migrate_schema(*conn);
}

// ---- nodes

void PgStore::heartbeat(const NodeRecord& node) {
    pool_.single([&](Connection& c) {
        c.run(kHeartbeat, Params().text(node.id).int64(node.started_ms).int64(node.heartbeat_ms));
    });
}

std::vector<NodeRecord> PgStore::nodes(std::int64_t alive_since_ms) {
    return pool_.single([&](Connection& c) {
        auto r = c.run(kNodes, Params().int64(alive_since_ms));
        std::vector<NodeRecord> out;
        for (int i = 0; i < r.rows(); ++i) out.push_back({r.text(i, 0), r.int64(i, 1), r.int64(i, 2)});
        return out;
    });
}

void PgStore::release_leases(std::string_view node) {
    pool_.transaction([&](Connection& c) {
        // A claimed URL's host has a turn row already: its turn only moves forward.
        hosts_turn_forward(c, c.run(kReleaseUrls, Params().text(node)).text(0, 0));
        for (const auto& statement : {kReleasePasses, kReleaseSlots, kReleaseDeliveries})
            c.run(statement, Params().text(node));
    });
}

void PgStore::renew_leases(std::string_view node, std::int64_t lease_until_ms) {
    pool_.transaction([&](Connection& c) {
        for (const auto& statement : {kRenewUrls, kRenewPasses, kRenewSlots, kRenewDeliveries})
            c.run(statement, Params().text(node).int64(lease_until_ms));
    });
}

// ---- sources

std::optional<SourceRecord> PgStore::source(std::string_view name) {
    return pool_.single([&](Connection& c) -> std::optional<SourceRecord> {
        auto r = c.run(kSource, Params().text(name));
        if (r.empty()) return std::nullopt;
        return SourceRecord{r.int64(0, 0), r.int64(0, 1), r.text(0, 2), r.int64(0, 3),
                            r.int64(0, 4), r.text(0, 5), r.int64(0, 6)};
    });
}

bool PgStore::claim_pass(std::string_view source, std::string_view node, std::int64_t now_ms,
                         std::int64_t lease_until_ms) {
    return pool_.single([&](Connection& c) {
        return !c.run(kClaimPass, Params().text(source).text(node).int64(now_ms).int64(lease_until_ms)).empty();
    });
}

void PgStore::finish_pass(std::string_view source, std::string_view node, const PassOutcome& outcome) {
    pool_.single([&](Connection& c) {
        c.run(kFinishPass, Params()
                               .text(source)
                               .text(node)
                               .int64(outcome.next_due_ms)
                               .int64(outcome.finished_ms)
                               .text(outcome.error));
    });
}

void PgStore::reschedule_source(std::string_view source, std::int64_t due_ms) {
    pool_.single([&](Connection& c) { c.run(kReschedule, Params().text(source).int64(due_ms)); });
}

// ---- validators

std::optional<std::pair<std::string, std::string>> PgStore::validators(std::string_view url) {
    return pool_.single([&](Connection& c) -> std::optional<std::pair<std::string, std::string>> {
        auto r = c.run(kValidators, Params().text(url));
        if (r.empty()) return std::nullopt;
        return std::make_pair(r.text(0, 0), r.text(0, 1));
    });
}

void PgStore::save_validators(std::string_view url, std::string_view etag, std::string_view last_modified,
                              std::int64_t now_ms) {
    pool_.single([&](Connection& c) {
        if (etag.empty() && last_modified.empty()) c.run(kForgetValidators, Params().text(url));
        else c.run(kSaveValidators, Params().text(url).text(etag).text(last_modified).int64(now_ms));
    });
}

// ---- archives

std::optional<ArchiveProgress> PgStore::archive_progress(std::string_view source, std::string_view file) {
    return pool_.single([&](Connection& c) -> std::optional<ArchiveProgress> {
        auto r = c.run(kArchiveProgress, Params().text(source).text(file));
        if (r.empty()) return std::nullopt;
        ArchiveProgress p;
        p.offset = static_cast<std::uint64_t>(r.int64(0, 0));
        p.seekable = r.boolean(0, 1);
        p.file_size = static_cast<std::uint64_t>(r.int64(0, 2));
        p.finished = r.boolean(0, 3);
        p.records = r.int64(0, 4);
        return p;
    });
}

void PgStore::save_archive_progress(std::string_view source, std::string_view file, const ArchiveProgress& progress,
                                    std::int64_t now_ms) {
    pool_.single([&](Connection& c) {
        c.run(kSaveArchiveProgress, Params()
                                        .text(source)
                                        .text(file)
                                        .int64(static_cast<std::int64_t>(progress.offset))
                                        .boolean(progress.seekable)
                                        .int64(static_cast<std::int64_t>(progress.file_size))
                                        .boolean(progress.finished)
                                        .int64(progress.records)
                                        .int64(now_ms));
    });
}

// ---- maintenance and figures

std::int64_t PgStore::forget(std::string_view source) {
    return pool_.transaction([&](Connection& c) {
        for (const auto& statement : kForgetStatements) c.run(statement, Params().text(source));
        const auto forgotten = c.run(kForgetUrls, Params().text(source)).affected();
        c.run(kForgetAllValidators);
        return static_cast<std::int64_t>(forgotten);
    });
}

std::int64_t PgStore::prune(std::int64_t cutoff_ms) {
    return pool_.transaction([&](Connection& c) {
        std::int64_t removed = 0;
        for (const auto& statement : kPruneStatements)
            removed += c.run(statement, Params().int64(cutoff_ms)).affected();
        return removed;
    });
}

StoreStats PgStore::stats(std::string_view node, std::int64_t now_ms, std::int64_t alive_since_ms) {
    // One transaction (REPEATABLE READ: one snapshot), so the figures agree with each other.
    return pool_.transaction([&](Connection& c) {
        c.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        StoreStats s;
        auto f = c.run(kFrontierCounts, Params().int64(now_ms));
        s.frontier_queued = f.int64(0, 0);
        s.frontier_waiting = f.int64(0, 1);
        s.frontier_claimed = f.int64(0, 2);
        s.frontier_expired = f.int64(0, 3);
        s.frontier_done = f.int64(0, 4);
        s.frontier_failed = f.int64(0, 5);
        auto l = c.run(kLeasesHeld, Params().text(node).int64(now_ms).int64(alive_since_ms));
        s.leases_held = l.int64(0, 0);
        s.nodes_alive = l.int64(0, 1);
        auto o = c.run(kOutboxByPlugin);
        for (int i = 0; i < o.rows(); ++i) s.outbox_by_plugin.emplace_back(o.text(i, 0), o.int64(i, 1));
        return s;
    });
}

}  // namespace gleaner::state
