// The PostgreSQL crawl store's outbox: deliveries claimed by any node's plugin workers under leases
// (SKIP LOCKED), acknowledgements, retries, payload checksums and the quarantine of corrupt records
// into <state_dir>/quarantine/ on the node that found them.
#include <algorithm>
#include <fstream>

#include "log/log.h"
#include "state/payload_checksum.h"
#include "state/pg_json.h"
#include "state/pg_store.h"
#include "state/quarantine.h"

namespace gleaner::state {
namespace {

using pg::Connection;
using pg::Params;
using pg::Statement;

// $1 plugin, $2 node, $3 now, $4 lease until, $5 limit. `crashed`: attempts begun that ended with
// neither an acknowledgement nor a recorded failure.
constexpr Statement kClaim{"outbox_claim", R"SQL(
    UPDATE deliveries d SET owner = $2, lease_until_ms = $4
    FROM (SELECT plugin, article_id FROM deliveries
          WHERE plugin = $1 AND next_attempt_ms <= $3 AND lease_until_ms <= $3
          ORDER BY article_id LIMIT $5
          FOR UPDATE SKIP LOCKED) due
    WHERE d.plugin = due.plugin AND d.article_id = due.article_id
    RETURNING d.article_id, d.attempts, d.begun - d.attempts, d.matched_terms)SQL"};

// $1 plugin, $2 JSON [article id].
constexpr Statement kBegin{"outbox_begin", R"SQL(
    UPDATE deliveries SET begun = begun + 1
    WHERE plugin = $1 AND article_id = ANY(ARRAY(SELECT json_array_elements_text($2::json)::bigint)))SQL"};

// $1 plugin, $2 URL, $3 payload, $4 CRC-32, $5 bytes, $6 now: one replayed article, due now.
constexpr Statement kRequeue{"outbox_requeue", R"SQL(
    WITH record AS (
        INSERT INTO outbox (id, canonical_url, payload, crc32, bytes, created_ms)
        VALUES (nextval('article_ids'), $2, $3, $4, $5, $6)
        RETURNING id
    )
    INSERT INTO deliveries (plugin, article_id, next_attempt_ms) SELECT $1, id, $6 FROM record)SQL"};

// Binary results: the payload comes back as its bytes.
constexpr Statement kPayload{"outbox_payload", R"SQL(
    SELECT payload, crc32, bytes FROM outbox WHERE id = $1)SQL"};

// $1 after id, $2 how many: the next page of records for verify_outbox (binary results).
constexpr Statement kPayloadPage{"outbox_payload_page", R"SQL(
    SELECT id, payload, crc32, bytes FROM outbox WHERE id > $1 ORDER BY id LIMIT $2)SQL"};

// The record goes with its deliveries (ON DELETE CASCADE).
constexpr Statement kDrop{"outbox_drop", R"SQL(
    DELETE FROM outbox WHERE id = $1)SQL"};

// $1 JSON [article id]. Locks the records first, so that of two plugins acknowledging one record
// at once the second sees the first's deliveries gone and deletes the record.
constexpr Statement kLockRecords{"outbox_lock_records", R"SQL(
    SELECT id FROM outbox WHERE id = ANY(ARRAY(SELECT json_array_elements_text($1::json)::bigint))
    ORDER BY id FOR UPDATE)SQL"};

// $1 plugin, $2 JSON [article id]. Records no plugin waits for any more go with them.
constexpr Statement kAcknowledge{"outbox_acknowledge", R"SQL(
    WITH acknowledged AS (
        DELETE FROM deliveries
        WHERE plugin = $1 AND article_id = ANY(ARRAY(SELECT json_array_elements_text($2::json)::bigint))
        RETURNING article_id
    )
    DELETE FROM outbox o USING acknowledged a
    WHERE o.id = a.article_id
      AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.article_id = o.id AND d.plugin <> $1))SQL"};

// The attempt that led here ended with an outcome: counted as begun, it is no crash.
constexpr Statement kRetry{"outbox_retry", R"SQL(
    UPDATE deliveries SET attempts = attempts + 1, begun = GREATEST(begun, attempts + 1), next_attempt_ms = $3,
        last_error = $4, owner = '', lease_until_ms = 0
    WHERE plugin = $1 AND article_id = $2)SQL"};

// A delivery comes due at its next attempt, or when the lease of a node delivering it runs out.
constexpr Statement kNextDue{"outbox_next_due", R"SQL(
    SELECT min(GREATEST(next_attempt_ms, lease_until_ms)) FROM deliveries
    WHERE plugin = $1 AND (next_attempt_ms > $2 OR lease_until_ms > $2))SQL"};

constexpr Statement kPending{"outbox_pending", R"SQL(
    SELECT count(*) FROM deliveries WHERE plugin = $1)SQL"};

constexpr Statement kStats{"outbox_stats", R"SQL(
    SELECT (SELECT count(*) FROM outbox), (SELECT coalesce(sum(bytes), 0) FROM outbox),
           (SELECT count(*) FROM deliveries))SQL"};

constexpr std::int64_t kVerifyPage = 256;

bool intact(std::string_view payload, std::int64_t crc, std::int64_t bytes) {
    return static_cast<std::int64_t>(payload.size()) == bytes && payload_crc32(payload) == crc;
}

}  // namespace

std::vector<Delivery> PgStore::claim_deliveries(std::string_view plugin, std::string_view node, std::int64_t now_ms,
                                                std::int64_t lease_until_ms, std::size_t limit) {
    if (limit == 0) return {};
    return pool_.single([&](Connection& c) {
        auto r = c.run(kClaim, Params()
                                   .text(plugin)
                                   .text(node)
                                   .int64(now_ms)
                                   .int64(lease_until_ms)
                                   .int64(static_cast<std::int64_t>(limit)));
        std::vector<Delivery> out;
        for (int i = 0; i < r.rows(); ++i)
            out.push_back({r.int64(i, 0), static_cast<int>(r.int64(i, 1)),
                           std::max(0, static_cast<int>(r.int64(i, 2))), r.text(i, 3)});
        std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.article_id < b.article_id; });
        return out;
    });
}

void PgStore::begin_attempts(std::string_view plugin, const std::vector<std::int64_t>& article_ids) {
    if (article_ids.empty()) return;
    pool_.single([&](Connection& c) { c.run(kBegin, Params().text(plugin).text(pg::json_int64s(article_ids))); });
}

std::optional<std::string> PgStore::payload(std::int64_t article_id) {
    return pool_.transaction([&](Connection& c) -> std::optional<std::string> {
        auto r = c.run(kPayload, Params().int64(article_id), true);
        if (r.empty()) return std::nullopt;
        const auto payload = r.bytes(0, 0);
        if (intact(payload, r.binary_int64(0, 1), r.binary_int64(0, 2))) return std::string(payload);
        quarantine(c, article_id, payload, "checksum mismatch");
        return std::nullopt;
    });
}

void PgStore::quarantine(Connection& c, std::int64_t id, std::string_view payload, std::string_view reason) {
    // The record stays in the database when its bytes could not be kept elsewhere (this throws).
    const auto file = quarantine_payload(quarantine_dir_, id, payload);
    c.run(kDrop, Params().int64(id));
    log::error("outbox record quarantined", {{"ERROR", std::string(reason)},
                                             {"OUTBOX_ID", std::to_string(id)},
                                             {"DATABASE", c.where()},
                                             {"FILE", file.string()}});
}

void PgStore::requeue(std::string_view plugin, const std::vector<std::pair<std::string, std::string>>& articles,
                      std::int64_t now_ms) {
    pool_.transaction([&](Connection& c) {
        for (const auto& [canonical_url, payload] : articles)
            c.run(kRequeue, Params()
                                .text(plugin)
                                .text(canonical_url)
                                .bytes(payload)
                                .int64(payload_crc32(payload))
                                .int64(static_cast<std::int64_t>(payload.size()))
                                .int64(now_ms));
    });
}

void PgStore::acknowledge(std::string_view plugin, const std::vector<std::int64_t>& article_ids) {
    if (article_ids.empty()) return;
    const std::string ids = pg::json_int64s(article_ids);
    pool_.transaction([&](Connection& c) {
        c.run(kLockRecords, Params().text(ids));
        c.run(kAcknowledge, Params().text(plugin).text(ids));
    });
}

void PgStore::retry_delivery(std::string_view plugin, std::int64_t article_id, std::int64_t next_attempt_ms,
                             std::string_view error) {
    pool_.single([&](Connection& c) {
        c.run(kRetry, Params().text(plugin).int64(article_id).int64(next_attempt_ms).text(error));
    });
}

std::optional<std::int64_t> PgStore::next_delivery_due(std::string_view plugin, std::int64_t now_ms) {
    return pool_.single([&](Connection& c) -> std::optional<std::int64_t> {
        auto r = c.run(kNextDue, Params().text(plugin).int64(now_ms));
        if (r.is_null(0, 0)) return std::nullopt;
        return r.int64(0, 0);
    });
}

std::int64_t PgStore::pending(std::string_view plugin) {
    return pool_.single([&](Connection& c) { return c.run(kPending, Params().text(plugin)).int64(0, 0); });
}

std::int64_t PgStore::verify_outbox() {
    struct Page {
        std::int64_t last_id;
        int rows;
        std::int64_t quarantined;
    };
    std::int64_t quarantined = 0;
    // Page by page, each page its own transaction: the outbox may be large, and other nodes work on.
    for (std::int64_t after = 0;;) {
        const Page page = pool_.transaction([&](Connection& c) {
            auto r = c.run(kPayloadPage, Params().int64(after).int64(kVerifyPage), true);
            Page p{after, r.rows(), 0};
            for (int i = 0; i < r.rows(); ++i) {
                p.last_id = r.binary_int64(i, 0);
                const auto payload = r.bytes(i, 1);
                if (intact(payload, r.binary_int64(i, 2), r.binary_int64(i, 3))) continue;
                quarantine(c, p.last_id, payload, "checksum mismatch at start-up");
                ++p.quarantined;
            }
            return p;
        });
        quarantined += page.quarantined;
        if (page.rows < kVerifyPage) break;
        after = page.last_id;
    }
    return quarantined;
}

std::int64_t PgStore::drop_plugins_except(const std::set<std::string>&) {
    // Shared by a cluster: another node may run plugins this one does not (see crawl_store.h).
    return 0;
}

OutboxStats PgStore::outbox_stats() {
    return pool_.single([&](Connection& c) {
        auto r = c.run(kStats);
        return OutboxStats{r.int64(0, 0), r.int64(0, 1), r.int64(0, 2)};
    });
}

}  // namespace gleaner::state
