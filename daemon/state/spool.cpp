#include "state/spool.h"

#include <fstream>

#include "log/log.h"
#include "state/sqlite_db.h"

namespace gleaner::state {

Spool::Spool(std::shared_ptr<Database> db, std::filesystem::path quarantine_dir)
    : db_(std::move(db)), quarantine_dir_(std::move(quarantine_dir)) {}

namespace {

// Marks `urls` delivered (other than the article's own canonical URL, which add() records itself).
void mark_delivered(Database& db, const NewArticle& a, const std::vector<std::string>& urls, std::int64_t now_ms) {
    auto mark = db.prepare(R"SQL(
        INSERT INTO urls (canonical_url, source, fingerprint, first_seen, last_seen, delivered_at, failures)
        VALUES (?1, ?2, ?3, ?4, ?4, ?4, 0)
        ON CONFLICT(canonical_url) DO UPDATE SET last_seen = ?4,
            delivered_at = COALESCE(delivered_at, ?4))SQL");
    for (const auto& alias : urls) {
        if (alias.empty()) continue;
        mark.reset();
        mark.bind(1, alias).bind(2, a.source).bind(3, a.fingerprint).bind(4, now_ms).run();
    }
}

}  // namespace

AddOutcome Spool::add(const NewArticle& a, std::int64_t now_ms, std::int64_t* id_out) {
    auto lock = db_->lock();
    Database::Transaction tx(*db_);
    std::vector<std::string> aliases;
    for (const auto& alias : a.aliases)
        if (alias != a.canonical_url) aliases.push_back(alias);
    mark_delivered(*db_, a, aliases, now_ms);
    {
        auto q = db_->prepare("SELECT canonical_url FROM fingerprints WHERE fingerprint = ?1");
        q.bind(1, a.fingerprint);
        if (q.step() && q.text(0) != a.canonical_url) {
            // The copy's own URL will not be fetched again either.
            mark_delivered(*db_, a, {a.canonical_url}, now_ms);
            tx.commit();
            return AddOutcome::duplicate_content;
        }
    }
    {
        auto q = db_->prepare("SELECT fingerprint FROM urls WHERE canonical_url = ?1 AND delivered_at IS NOT NULL");
        q.bind(1, a.canonical_url);
        if (q.step() && (!a.allow_update || q.text(0) == a.fingerprint)) {
            db_->prepare("UPDATE urls SET last_seen = ?2 WHERE canonical_url = ?1")
                .bind(1, a.canonical_url)
                .bind(2, now_ms)
                .run();
            tx.commit();
            return AddOutcome::duplicate_url;
        }
    }
    db_->prepare(R"SQL(
        INSERT INTO urls (canonical_url, source, fingerprint, first_seen, last_seen, delivered_at, failures)
        VALUES (?1, ?2, ?3, ?4, ?4, ?4, 0)
        ON CONFLICT(canonical_url) DO UPDATE SET fingerprint = ?3, last_seen = ?4, delivered_at = ?4,
            failures = 0, last_error = NULL)SQL")
        .bind(1, a.canonical_url)
        .bind(2, a.source)
        .bind(3, a.fingerprint)
        .bind(4, now_ms)
        .run();
    db_->prepare(R"SQL(
        INSERT INTO fingerprints (fingerprint, canonical_url, seen_at) VALUES (?1, ?2, ?3)
        ON CONFLICT(fingerprint) DO UPDATE SET seen_at = ?3)SQL")
        .bind(1, a.fingerprint)
        .bind(2, a.canonical_url)
        .bind(3, now_ms)
        .run();
    std::int64_t id = 0;
    if (!a.targets.empty()) {
        db_->prepare("INSERT INTO spool (canonical_url, payload, crc32, bytes, created_at) VALUES (?1, ?2, ?3, ?4, ?5)")
            .bind(1, a.canonical_url)
            .bind_blob(2, a.payload)
            .bind(3, static_cast<std::int64_t>(payload_crc32(a.payload)))
            .bind(4, static_cast<std::int64_t>(a.payload.size()))
            .bind(5, now_ms)
            .run();
        id = db_->last_insert_id();
        auto insert = db_->prepare("INSERT INTO deliveries (plugin, article_id, matched_terms) VALUES (?1, ?2, ?3)");
        for (const auto& target : a.targets) {
            insert.reset();
            insert.bind(1, target.plugin).bind(2, id).bind(3, target.matched_terms).run();
        }
    }
    tx.commit();
    if (id_out) *id_out = id;
    return AddOutcome::added;
}

std::vector<Delivery> Spool::due(std::string_view plugin, std::int64_t now_ms, std::size_t limit) {
    auto lock = db_->lock();
    auto q = db_->prepare(R"SQL(
        SELECT article_id, attempts, matched_terms FROM deliveries
        WHERE plugin = ?1 AND next_attempt <= ?2 ORDER BY article_id LIMIT ?3)SQL");
    q.bind(1, plugin).bind(2, now_ms).bind(3, static_cast<std::int64_t>(limit));
    std::vector<Delivery> out;
    while (q.step()) out.push_back({q.int64(0), static_cast<int>(q.int64(1)), q.text(2)});
    return out;
}

std::optional<std::int64_t> Spool::next_retry(std::string_view plugin, std::int64_t now_ms) {
    auto lock = db_->lock();
    auto q = db_->prepare("SELECT MIN(next_attempt) FROM deliveries WHERE plugin = ?1 AND next_attempt > ?2");
    q.bind(1, plugin).bind(2, now_ms);
    if (!q.step() || q.is_null(0)) return std::nullopt;
    return q.int64(0);
}

std::int64_t Spool::pending(std::string_view plugin) {
    auto lock = db_->lock();
    auto q = db_->prepare("SELECT COUNT(*) FROM deliveries WHERE plugin = ?1");
    q.bind(1, plugin);
    q.step();
    return q.int64(0);
}

std::optional<std::string> Spool::payload(std::int64_t article_id) {
    auto lock = db_->lock();
    auto q = db_->prepare("SELECT payload, crc32 FROM spool WHERE id = ?1");
    q.bind(1, article_id);
    if (!q.step()) return std::nullopt;
    std::string payload(q.blob(0));
    const auto expected = static_cast<std::uint32_t>(q.int64(1));
    if (payload_crc32(payload) == expected) return payload;
    Database::Transaction tx(*db_);
    quarantine_locked(article_id, payload, "checksum mismatch");
    tx.commit();
    return std::nullopt;
}

void Spool::acknowledge(std::string_view plugin, const std::vector<std::int64_t>& ids) {
    if (ids.empty()) return;
    auto lock = db_->lock();
    Database::Transaction tx(*db_);
    auto remove = db_->prepare("DELETE FROM deliveries WHERE plugin = ?1 AND article_id = ?2");
    for (auto id : ids) {
        remove.reset();
        remove.bind(1, plugin).bind(2, id).run();
    }
    collect_locked(ids);
    tx.commit();
}

void Spool::collect_locked(const std::vector<std::int64_t>& ids) {
    auto remove = db_->prepare(
        "DELETE FROM spool WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM deliveries WHERE article_id = ?1)");
    for (auto id : ids) {
        remove.reset();
        remove.bind(1, id).run();
    }
}

void Spool::reschedule(std::string_view plugin, std::int64_t article_id, int attempts, std::int64_t next_attempt_ms,
                       std::string_view error) {
    auto lock = db_->lock();
    db_->prepare(R"SQL(UPDATE deliveries SET attempts = ?3, next_attempt = ?4, last_error = ?5
                       WHERE plugin = ?1 AND article_id = ?2)SQL")
        .bind(1, plugin)
        .bind(2, article_id)
        .bind(3, static_cast<std::int64_t>(attempts))
        .bind(4, next_attempt_ms)
        .bind(5, error)
        .run();
}

void Spool::quarantine_locked(std::int64_t id, std::string_view payload, std::string_view reason) {
    std::error_code ec;
    std::filesystem::create_directories(quarantine_dir_, ec);
    const auto file = quarantine_dir_ / ("spool-" + std::to_string(id) + ".bin");
    std::ofstream(file, std::ios::binary).write(payload.data(), static_cast<std::streamsize>(payload.size()));
    db_->prepare("DELETE FROM deliveries WHERE article_id = ?1").bind(1, id).run();
    db_->prepare("DELETE FROM spool WHERE id = ?1").bind(1, id).run();
    log::error("spool record quarantined", {{"ERROR", std::string(reason)},
                                            {"SPOOL_ID", std::to_string(id)},
                                            {"FILE", file.string()}});
}

std::int64_t Spool::verify_all() {
    auto lock = db_->lock();
    std::vector<std::pair<std::int64_t, std::string>> bad;
    {
        auto q = db_->prepare("SELECT id, payload, crc32, bytes FROM spool");
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

std::int64_t Spool::drop_plugins_except(const std::set<std::string>& plugins) {
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
        log::warn("dropped pending deliveries of a plugin no longer configured",
                  {{"PLUGIN", plugin}, {"COUNT", std::to_string(db_->changes())}});
    }
    db_->exec("DELETE FROM spool WHERE NOT EXISTS (SELECT 1 FROM deliveries WHERE article_id = spool.id)");
    tx.commit();
    return dropped;
}

SpoolStats Spool::stats() {
    auto lock = db_->lock();
    SpoolStats s;
    auto q = db_->prepare("SELECT COUNT(*), COALESCE(SUM(bytes), 0) FROM spool");
    q.step();
    s.articles = q.int64(0);
    s.bytes = q.int64(1);
    auto d = db_->prepare("SELECT COUNT(*) FROM deliveries");
    d.step();
    s.deliveries = d.int64(0);
    return s;
}

}  // namespace gleaner::state
