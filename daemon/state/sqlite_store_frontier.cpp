// SQLite store: the URL frontier (listed URLs in, claims out, outcomes) and committing an article.
#include <algorithm>
#include <map>

#include "state/payload_checksum.h"
#include "state/sqlite_db.h"
#include "state/sqlite_store.h"

namespace gleaner::state {
namespace {

enum UrlState : std::int64_t { kQueued = 0, kClaimed = 1, kDone = 2, kFailed = 3 };

// Marks `url` delivered (the article's own key, or an alias of it).
void mark_delivered(Database& db, std::string_view url, std::string_view source, std::string_view fingerprint,
                    std::int64_t now_ms, bool update_fingerprint) {
    const char* sql = update_fingerprint ? R"SQL(
        INSERT INTO urls (canonical_url, source, fingerprint, first_seen, last_seen, delivered_at, failures)
        VALUES (?1, ?2, ?3, ?4, ?4, ?4, 0)
        ON CONFLICT(canonical_url) DO UPDATE SET fingerprint = ?3, last_seen = ?4, delivered_at = ?4,
            failures = 0, last_error = NULL)SQL"
                                         : R"SQL(
        INSERT INTO urls (canonical_url, source, fingerprint, first_seen, last_seen, delivered_at, failures)
        VALUES (?1, ?2, ?3, ?4, ?4, ?4, 0)
        ON CONFLICT(canonical_url) DO UPDATE SET last_seen = ?4, delivered_at = COALESCE(delivered_at, ?4))SQL";
    db.cached(sql)->bind(1, url).bind(2, source).bind(3, fingerprint).bind(4, now_ms).run();
}

void mark_frontier_done(Database& db, std::int64_t id, std::int64_t now_ms) {
    if (id == 0) return;
    db.cached(R"SQL(UPDATE frontier SET state = 2, owner = NULL, refetch = 0, last_error = NULL,
                           updated_at = ?2 WHERE id = ?1)SQL")
        ->bind(1, id)
        .bind(2, now_ms)
        .run();
}

}  // namespace

AddUrlsResult SqliteStore::add_urls(std::string_view source, const std::vector<ListedUrl>& urls,
                                    const AddUrlsOptions& options) {
    AddUrlsResult result;
    if (urls.empty()) return result;
    auto lock = db_->lock();
    Database::Transaction tx(*db_);
    for (const auto& u : urls) {
        if (options.limit > 0 && result.added >= options.limit) {
            result.over_limit++;
            continue;
        }
        {
            auto known = db_->cached("SELECT 1 FROM urls WHERE canonical_url = ?1 AND delivered_at IS NOT NULL");
            known->bind(1, u.key);
            // A page source fetches its fixed URLs again (conditionally) to catch updates.
            if (known->step() && !options.requeue) {
                result.known++;
                continue;
            }
        }
        db_->cached(R"SQL(INSERT INTO frontier (key, url, source, host, state, due, title, author, published,
                                                added_at, updated_at, refetch)
                          VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, ?7, ?8, ?5, ?5, ?9)
                          ON CONFLICT(key) DO NOTHING)SQL")
            ->bind(1, u.key)
            .bind(2, u.url)
            .bind(3, source)
            .bind(4, u.host)
            .bind(5, options.now_ms)
            .bind_optional(6, u.hints.title)
            .bind_optional(7, u.hints.author)
            .bind_optional(8, u.hints.published_iso)
            .bind(9, options.requeue ? 1 : 0)
            .run();
        if (db_->changes() > 0) {
            result.added++;
            continue;
        }
        if (options.requeue) {
            db_->cached(R"SQL(UPDATE frontier SET state = 0, due = ?2, refetch = 1, attempts = 0, source = ?3,
                                     updated_at = ?2
                              WHERE key = ?1 AND state >= 2)SQL")
                ->bind(1, u.key)
                .bind(2, options.now_ms)
                .bind(3, source)
                .run();
            if (db_->changes() > 0) {
                result.added++;
                continue;
            }
        }
        result.known++;
    }
    tx.commit();
    return result;
}

std::vector<ClaimedUrl> SqliteStore::claim_urls(std::string_view node, std::int64_t now_ms,
                                                std::int64_t lease_until_ms, std::size_t limit,
                                                std::size_t per_host) {
    std::vector<ClaimedUrl> out;
    if (limit == 0) return out;
    auto lock = db_->lock();
    Database::Transaction tx(*db_);
    std::map<std::string, std::size_t, std::less<>> per_host_taken;
    if (per_host > 0) {
        auto held = db_->cached("SELECT host, COUNT(*) FROM frontier WHERE state = 1 AND owner = ?1 GROUP BY host");
        held->bind(1, node);
        while (held->step()) per_host_taken[held->text(0)] = static_cast<std::size_t>(held->int64(1));
    }
    {
        // Look further than `limit` rows so a host with many due URLs cannot fill the batch.
        auto q = db_->cached(R"SQL(SELECT id, url, key, source, host, COALESCE(title, ''), COALESCE(author, ''),
                                          COALESCE(published, ''), attempts, refetch
                                   FROM frontier WHERE state < 2 AND due <= ?1 ORDER BY due, id LIMIT ?2)SQL");
        q->bind(1, now_ms).bind(2, static_cast<std::int64_t>(limit * 8 + 64));
        while (q->step() && out.size() < limit) {
            auto host = q->text(4);
            auto& taken = per_host_taken[host];
            if (per_host > 0 && taken >= per_host) continue;
            taken++;
            ClaimedUrl c;
            c.id = q->int64(0);
            c.url = q->text(1);
            c.key = q->text(2);
            c.source = q->text(3);
            c.host = std::move(host);
            c.hints = {q->text(5), q->text(6), q->text(7)};
            c.attempts = static_cast<int>(q->int64(8));
            c.refetch = q->int64(9) != 0;
            out.push_back(std::move(c));
        }
    }
    for (const auto& c : out)
        db_->cached("UPDATE frontier SET state = 1, owner = ?2, due = ?3, updated_at = ?4 WHERE id = ?1")
            ->bind(1, c.id)
            .bind(2, node)
            .bind(3, lease_until_ms)
            .bind(4, now_ms)
            .run();
    tx.commit();
    return out;
}

std::optional<std::int64_t> SqliteStore::next_url_due(std::int64_t now_ms) {
    auto lock = db_->lock();
    auto q = db_->cached("SELECT MIN(due) FROM frontier WHERE state < 2 AND due > ?1");
    q->bind(1, now_ms);
    if (!q->step() || q->is_null(0)) return std::nullopt;
    return q->int64(0);
}

void SqliteStore::finish_url(std::int64_t id, std::string_view node, const UrlOutcome& outcome, std::int64_t now_ms) {
    auto lock = db_->lock();
    using Kind = UrlOutcome::Kind;
    // Only the holder of the claim records an outcome: after its lease expired another node may
    // have taken the URL, and that node's outcome counts.
    switch (outcome.kind) {
    case Kind::retry:
        db_->cached(R"SQL(UPDATE frontier SET state = 0, owner = NULL, due = ?3, attempts = attempts + 1,
                                 last_error = ?4, last_status = ?5, updated_at = ?6
                          WHERE id = ?1 AND state = 1 AND owner = ?2)SQL")
            ->bind(1, id)
            .bind(2, node)
            .bind(3, outcome.retry_at_ms)
            .bind_optional(4, outcome.error)
            .bind(5, static_cast<std::int64_t>(outcome.http_status))
            .bind(6, now_ms)
            .run();
        break;
    case Kind::failed:
    case Kind::done:
        db_->cached(R"SQL(UPDATE frontier SET state = ?3, owner = NULL, refetch = 0, last_error = ?4,
                                 last_status = ?5, updated_at = ?6,
                                 attempts = attempts + (CASE WHEN ?3 = 3 THEN 1 ELSE 0 END)
                          WHERE id = ?1 AND state = 1 AND owner = ?2)SQL")
            ->bind(1, id)
            .bind(2, node)
            .bind(3, static_cast<std::int64_t>(outcome.kind == Kind::failed ? kFailed : kDone))
            .bind_optional(4, outcome.error)
            .bind(5, static_cast<std::int64_t>(outcome.http_status))
            .bind(6, now_ms)
            .run();
        break;
    case Kind::returned:
        db_->cached(R"SQL(UPDATE frontier SET state = 0, owner = NULL, due = ?3, updated_at = ?3
                          WHERE id = ?1 AND state = 1 AND owner = ?2)SQL")
            ->bind(1, id)
            .bind(2, node)
            .bind(3, now_ms)
            .run();
        break;
    }
}

bool SqliteStore::delivered(std::string_view canonical_url) {
    auto lock = db_->lock();
    auto q = db_->cached("SELECT 1 FROM urls WHERE canonical_url = ?1 AND delivered_at IS NOT NULL");
    q->bind(1, canonical_url);
    return q->step();
}

CommitResult SqliteStore::commit_article(const NewArticle& a, std::string_view /*node*/, std::int64_t now_ms) {
    auto lock = db_->lock();
    Database::Transaction tx(*db_);
    CommitResult result;
    for (const auto& alias : a.aliases)
        if (!alias.empty() && alias != a.canonical_url)
            mark_delivered(*db_, alias, a.source, a.fingerprint, now_ms, false);
    {
        auto q = db_->cached("SELECT canonical_url FROM fingerprints WHERE fingerprint = ?1");
        q->bind(1, a.fingerprint);
        if (q->step() && q->text(0) != a.canonical_url) {
            result.outcome = AddOutcome::duplicate_content;
            result.existing_url = q->text(0);
        }
    }
    if (result.outcome == AddOutcome::duplicate_content) {
        // The copy's own URL is not fetched again either.
        mark_delivered(*db_, a.canonical_url, a.source, a.fingerprint, now_ms, false);
        mark_frontier_done(*db_, a.frontier_id, now_ms);
        tx.commit();
        return result;
    }
    {
        auto q = db_->cached("SELECT fingerprint FROM urls WHERE canonical_url = ?1 AND delivered_at IS NOT NULL");
        q->bind(1, a.canonical_url);
        if (q->step() && (!a.allow_update || q->text(0) == a.fingerprint)) {
            result.outcome = AddOutcome::duplicate_url;
            result.existing_url = a.canonical_url;
        }
    }
    if (result.outcome == AddOutcome::duplicate_url) {
        db_->cached("UPDATE urls SET last_seen = ?2 WHERE canonical_url = ?1")->bind(1, a.canonical_url).bind(2, now_ms).run();
        mark_frontier_done(*db_, a.frontier_id, now_ms);
        tx.commit();
        return result;
    }
    mark_delivered(*db_, a.canonical_url, a.source, a.fingerprint, now_ms, true);
    db_->cached(R"SQL(INSERT INTO fingerprints (fingerprint, canonical_url, seen_at) VALUES (?1, ?2, ?3)
                      ON CONFLICT(fingerprint) DO UPDATE SET seen_at = ?3)SQL")
        ->bind(1, a.fingerprint)
        .bind(2, a.canonical_url)
        .bind(3, now_ms)
        .run();
    // An update replaces the keys the earlier version of this article had.
    db_->cached("DELETE FROM near_keys WHERE canonical_url = ?1")->bind(1, a.canonical_url).run();
    for (const auto band : a.near.bands)
        db_->cached(R"SQL(INSERT INTO near_keys (band, canonical_url, cluster_id, signature, stored_at, cluster_origin)
                          VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                          ON CONFLICT(band, canonical_url) DO UPDATE SET cluster_id = ?3, signature = ?4, stored_at = ?5,
                              cluster_origin = ?6)SQL")
            ->bind(1, static_cast<std::int64_t>(band))
            .bind(2, a.canonical_url)
            .bind(3, a.cluster_id)
            .bind_blob(4, a.near.signature)
            .bind(5, now_ms)
            .bind(6, a.cluster_origin)
            .run();
    if (!a.targets.empty()) {
        db_->cached(R"SQL(INSERT INTO outbox (canonical_url, payload, crc32, bytes, created_at)
                          VALUES (?1, ?2, ?3, ?4, ?5))SQL")
            ->bind(1, a.canonical_url)
            .bind_blob(2, a.payload)
            .bind(3, static_cast<std::int64_t>(payload_crc32(a.payload)))
            .bind(4, static_cast<std::int64_t>(a.payload.size()))
            .bind(5, now_ms)
            .run();
        result.article_id = db_->last_insert_id();
        for (const auto& target : a.targets)
            db_->cached("INSERT INTO deliveries (plugin, article_id, matched_terms) VALUES (?1, ?2, ?3)")
                ->bind(1, target.plugin)
                .bind(2, result.article_id)
                .bind(3, target.matched_terms)
                .run();
    }
    db_->cached(R"SQL(INSERT INTO sources (name, articles) VALUES (?1, 1)
                      ON CONFLICT(name) DO UPDATE SET articles = articles + 1)SQL")
        ->bind(1, a.source)
        .run();
    mark_frontier_done(*db_, a.frontier_id, now_ms);
    tx.commit();
    return result;
}

std::vector<NearCandidate> SqliteStore::near_candidates(const std::vector<std::uint64_t>& bands,
                                                        std::int64_t since_ms) {
    auto lock = db_->lock();
    std::map<std::string, NearCandidate> found;
    for (const auto band : bands) {
        auto q = db_->cached(R"SQL(SELECT canonical_url, cluster_id, signature, stored_at, cluster_origin FROM near_keys
                                   WHERE band = ?1 AND stored_at >= ?2)SQL");
        q->bind(1, static_cast<std::int64_t>(band)).bind(2, since_ms);
        while (q->step()) {
            auto url = q->text(0);
            if (found.count(url)) continue;
            found[url] = NearCandidate{url, q->text(1), q->text(4), std::string(q->blob(2)), q->int64(3)};
        }
    }
    std::vector<NearCandidate> out;
    out.reserve(found.size());
    for (auto& [url, c] : found) out.push_back(std::move(c));
    std::sort(out.begin(), out.end(), [](const NearCandidate& x, const NearCandidate& y) {
        return x.stored_ms != y.stored_ms ? x.stored_ms < y.stored_ms : x.canonical_url < y.canonical_url;
    });
    return out;
}

}  // namespace gleaner::state
