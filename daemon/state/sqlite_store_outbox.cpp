// SQLite store: the outbox — deliveries to plugins with leases, acknowledgements, retries, and
// checksummed payloads (a record that fails its checksum is quarantined, never retried in a loop).
#include "log/log.h"
#include "state/payload_checksum.h"
#include "state/quarantine.h"
#include "state/sqlite_db.h"
#include "state/sqlite_store.h"

namespace gleaner::state {

std::vector<Delivery> SqliteStore::claim_deliveries(std::string_view plugin, std::string_view node,
                                                    std::int64_t now_ms, std::int64_t lease_until_ms,
                                                    std::size_t limit) {
    auto lock = db_->lock();
    Database::Transaction tx(*db_);
    std::vector<Delivery> out;
    {
        auto q = db_->cached(R"SQL(SELECT article_id, attempts, begun, matched_terms FROM deliveries
                                   WHERE plugin = ?1 AND next_attempt <= ?2 AND lease_until <= ?2
                                   ORDER BY article_id LIMIT ?3)SQL");
        q->bind(1, plugin).bind(2, now_ms).bind(3, static_cast<std::int64_t>(limit));
        while (q->step()) {
            Delivery d;
            d.article_id = q->int64(0);
            d.attempts = static_cast<int>(q->int64(1));
            d.crashed = static_cast<int>(std::max<std::int64_t>(0, q->int64(2) - q->int64(1)));
            d.matched_terms = q->text(3);
            out.push_back(std::move(d));
        }
    }
    for (const auto& d : out)
        db_->cached(R"SQL(UPDATE deliveries SET owner = ?3, lease_until = ?4 WHERE plugin = ?1 AND article_id = ?2)SQL")
            ->bind(1, plugin)
            .bind(2, d.article_id)
            .bind(3, node)
            .bind(4, lease_until_ms)
            .run();
    tx.commit();
    return out;
}

void SqliteStore::begin_attempts(std::string_view plugin, const std::vector<std::int64_t>& ids) {
    if (ids.empty()) return;
    auto lock = db_->lock();
    Database::Transaction tx(*db_);
    for (auto id : ids)
        db_->cached("UPDATE deliveries SET begun = begun + 1 WHERE plugin = ?1 AND article_id = ?2")
            ->bind(1, plugin)
            .bind(2, id)
            .run();
    tx.commit();
}

std::optional<std::string> SqliteStore::payload(std::int64_t article_id) {
    auto lock = db_->lock();
    std::string payload;
    std::uint32_t expected = 0;
    {
        auto q = db_->cached("SELECT payload, crc32 FROM outbox WHERE id = ?1");
        q->bind(1, article_id);
        if (!q->step()) return std::nullopt;
        payload = std::string(q->blob(0));
        expected = static_cast<std::uint32_t>(q->int64(1));
    }
    if (payload_crc32(payload) == expected) return payload;
    Database::Transaction tx(*db_);
    quarantine_locked(article_id, payload, "checksum mismatch");
    tx.commit();
    return std::nullopt;
}

void SqliteStore::acknowledge(std::string_view plugin, const std::vector<std::int64_t>& ids) {
    if (ids.empty()) return;
    auto lock = db_->lock();
    Database::Transaction tx(*db_);
    for (auto id : ids)
        db_->cached("DELETE FROM deliveries WHERE plugin = ?1 AND article_id = ?2")->bind(1, plugin).bind(2, id).run();
    collect_locked(ids);
    tx.commit();
}

void SqliteStore::collect_locked(const std::vector<std::int64_t>& ids) {
    for (auto id : ids)
        db_->cached("DELETE FROM outbox WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM deliveries WHERE article_id = ?1)")
            ->bind(1, id)
            .run();
}

void SqliteStore::requeue(std::string_view plugin, const std::vector<std::pair<std::string, std::string>>& articles,
                          std::int64_t now_ms) {
    auto lock = db_->lock();
    Database::Transaction tx(*db_);
    for (const auto& [canonical_url, payload] : articles) {
        db_->cached(R"SQL(INSERT INTO outbox (canonical_url, payload, crc32, bytes, created_at)
                          VALUES (?1, ?2, ?3, ?4, ?5))SQL")
            ->bind(1, canonical_url)
            .bind_blob(2, payload)
            .bind(3, static_cast<std::int64_t>(payload_crc32(payload)))
            .bind(4, static_cast<std::int64_t>(payload.size()))
            .bind(5, now_ms)
            .run();
        db_->cached("INSERT INTO deliveries (plugin, article_id, next_attempt) VALUES (?1, ?2, ?3)")
            ->bind(1, plugin)
            .bind(2, db_->last_insert_id())
            .bind(3, now_ms)
            .run();
    }
    tx.commit();
}

void SqliteStore::retry_delivery(std::string_view plugin, std::int64_t article_id, std::int64_t next_attempt_ms,
                                 std::string_view error) {
    auto lock = db_->lock();
    // The attempt that led here ended with an outcome: it is not a crash.
    db_->cached(R"SQL(UPDATE deliveries SET attempts = attempts + 1, begun = MAX(begun, attempts + 1),
                             next_attempt = ?3, last_error = ?4, owner = NULL, lease_until = 0
                      WHERE plugin = ?1 AND article_id = ?2)SQL")
        ->bind(1, plugin)
        .bind(2, article_id)
        .bind(3, next_attempt_ms)
        .bind(4, error)
        .run();
}

std::optional<std::int64_t> SqliteStore::next_delivery_due(std::string_view plugin, std::int64_t now_ms) {
    auto lock = db_->lock();
    auto q = db_->cached(R"SQL(SELECT MIN(MAX(next_attempt, lease_until)) FROM deliveries
                               WHERE plugin = ?1 AND (next_attempt > ?2 OR lease_until > ?2))SQL");
    q->bind(1, plugin).bind(2, now_ms);
    if (!q->step() || q->is_null(0)) return std::nullopt;
    return q->int64(0);
}

std::int64_t SqliteStore::pending(std::string_view plugin) {
    auto lock = db_->lock();
    auto q = db_->cached("SELECT COUNT(*) FROM deliveries WHERE plugin = ?1");
    q->bind(1, plugin);
    q->step();
    return q->int64(0);
}

void SqliteStore::quarantine_locked(std::int64_t id, std::string_view payload, std::string_view reason) {
    // The record stays in the database when its bytes could not be kept elsewhere (this throws).
    const auto file = quarantine_payload(quarantine_dir_, id, payload);
    db_->prepare("DELETE FROM deliveries WHERE article_id = ?1").bind(1, id).run();
    db_->prepare("DELETE FROM outbox WHERE id = ?1").bind(1, id).run();
    log::error("outbox record quarantined", {{"ERROR", std::string(reason)},
                                             {"OUTBOX_ID", std::to_string(id)},
                                             {"DATABASE", db_->file().string()},
                                             {"FILE", file.string()}});
}

std::int64_t SqliteStore::verify_outbox() {
    auto lock = db_->lock();
    std::vector<std::pair<std::int64_t, std::string>> bad;
    {
        auto q = db_->prepare("SELECT id, payload, crc32, bytes FROM outbox");
        while (q.step()) {
            const auto payload = q.blob(1);
            if (payload_crc32(payload) != static_cast<std::uint32_t>(q.int64(2)) ||
                static_cast<std::int64_t>(payload.size()) != q.int64(3))
                bad.emplace_back(q.int64(0), std::string(payload));
        }
    }
    if (bad.empty()) return 0;
    Database::Transaction tx(*db_);
    for (const auto& [id, payload] : bad) quarantine_locked(id, payload, "checksum mismatch at start-up");
    tx.commit();
    return static_cast<std::int64_t>(bad.size());
}

std::int64_t SqliteStore::drop_plugins_except(const std::set<std::string>& plugins) {
    auto lock = db_->lock();
    Database::Transaction tx(*db_);
    std::vector<std::string> gone;
    {
        auto q = db_->prepare("SELECT DISTINCT plugin FROM deliveries");
        while (q.step())
            if (!plugins.count(q.text(0))) gone.push_back(q.text(0));
    }
    std::int64_t dropped = 0;
    for (const auto& plugin : gone) {
        db_->prepare("DELETE FROM deliveries WHERE plugin = ?1").bind(1, plugin).run();
        dropped += db_->changes();
    }
    db_->exec("DELETE FROM outbox WHERE NOT EXISTS (SELECT 1 FROM deliveries WHERE article_id = outbox.id)");
    tx.commit();
    return dropped;
}

OutboxStats SqliteStore::outbox_stats() {
    auto lock = db_->lock();
    OutboxStats s;
    auto q = db_->cached("SELECT COUNT(*), COALESCE(SUM(bytes), 0) FROM outbox");
    q->step();
    s.articles = q->int64(0);
    s.bytes = q->int64(1);
    auto d = db_->cached("SELECT COUNT(*) FROM deliveries");
    d->step();
    s.deliveries = d->int64(0);
    return s;
}

}  // namespace gleaner::state
