#include "state/crawl_state.h"

#include "state/sqlite_db.h"

namespace gleaner::state {

bool CrawlState::delivered(std::string_view canonical_url) {
    auto lock = db_->lock();
    auto q = db_->prepare("SELECT 1 FROM urls WHERE canonical_url = ?1 AND delivered_at IS NOT NULL");
    q.bind(1, canonical_url);
    return q.step();
}

void CrawlState::record_failure(std::string_view canonical_url, std::string_view source, std::string_view error,
                                long http_status, std::int64_t now_ms) {
    auto lock = db_->lock();
    db_->prepare(R"SQL(
        INSERT INTO urls (canonical_url, source, first_seen, last_seen, failures, last_error, last_status)
        VALUES (?1, ?2, ?3, ?3, 1, ?4, ?5)
        ON CONFLICT(canonical_url) DO UPDATE SET last_seen = ?3, failures = failures + 1,
            last_error = ?4, last_status = ?5)SQL")
        .bind(1, canonical_url)
        .bind(2, source)
        .bind(3, now_ms)
        .bind(4, error)
        .bind(5, static_cast<std::int64_t>(http_status))
        .run();
}

Validators CrawlState::validators(std::string_view url) {
    auto lock = db_->lock();
    auto q = db_->prepare("SELECT etag, last_modified FROM validators WHERE url = ?1");
    q.bind(1, url);
    if (!q.step()) return {};
    return {q.text(0), q.text(1)};
}

void CrawlState::save_validators(std::string_view url, const Validators& v, std::int64_t now_ms) {
    if (v.etag.empty() && v.last_modified.empty()) return;
    auto lock = db_->lock();
    db_->prepare(R"SQL(
        INSERT INTO validators (url, etag, last_modified, updated_at) VALUES (?1, ?2, ?3, ?4)
        ON CONFLICT(url) DO UPDATE SET etag = ?2, last_modified = ?3, updated_at = ?4)SQL")
        .bind(1, url)
        .bind_optional(2, v.etag)
        .bind_optional(3, v.last_modified)
        .bind(4, now_ms)
        .run();
}

std::optional<Schedule> CrawlState::schedule(std::string_view source) {
    auto lock = db_->lock();
    auto q = db_->prepare("SELECT next_due, last_run, last_error, articles FROM schedules WHERE source = ?1");
    q.bind(1, source);
    if (!q.step()) return std::nullopt;
    return Schedule{q.int64(0), q.int64(1), q.text(2), q.int64(3)};
}

void CrawlState::save_schedule(std::string_view source, const Schedule& s) {
    auto lock = db_->lock();
    db_->prepare(R"SQL(
        INSERT INTO schedules (source, next_due, last_run, last_error, articles) VALUES (?1, ?2, ?3, ?4, ?5)
        ON CONFLICT(source) DO UPDATE SET next_due = ?2, last_run = ?3, last_error = ?4, articles = ?5)SQL")
        .bind(1, source)
        .bind(2, s.next_due_ms)
        .bind(3, s.last_run_ms)
        .bind_optional(4, s.last_error)
        .bind(5, s.articles)
        .run();
}

std::int64_t CrawlState::prune(std::int64_t cutoff_ms) {
    auto lock = db_->lock();
    Database::Transaction tx(*db_);
    std::int64_t removed = 0;
    // URLs with an article still in the spool are kept: the spool row refers to them.
    for (const char* sql : {
             "DELETE FROM urls WHERE last_seen < ?1 AND canonical_url NOT IN (SELECT canonical_url FROM spool)",
             "DELETE FROM fingerprints WHERE seen_at < ?1",
             "DELETE FROM validators WHERE updated_at < ?1",
         }) {
        db_->prepare(sql).bind(1, cutoff_ms).run();
        removed += db_->changes();
    }
    tx.commit();
    return removed;
}

}  // namespace gleaner::state
