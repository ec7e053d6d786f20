// Schema and writes of the sqlite plugin. Articles are upserted by canonical URL, so delivering an
// article twice (at-least-once delivery after a crash) still leaves exactly one row. An FTS5 table
// kept in step by triggers indexes title and text:
//   SELECT articles.url, articles.title FROM articles JOIN articles_fts ON articles.id = articles_fts.rowid
//   WHERE articles_fts MATCH 'flood' ORDER BY rank;
#include "sqlite_store.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace gleaner_sqlite {
namespace {

const char* const kSchema = R"SQL(
CREATE TABLE IF NOT EXISTS articles (
    id            INTEGER PRIMARY KEY,
    canonical_url TEXT NOT NULL UNIQUE,
    url           TEXT NOT NULL,
    source        TEXT NOT NULL,
    title         TEXT NOT NULL,
    authors       TEXT NOT NULL,          -- JSON array
    published     TEXT,                   -- ISO 8601
    modified      TEXT,
    language      TEXT,
    site_name     TEXT,
    description   TEXT,
    image         TEXT,
    section       TEXT,
    tags          TEXT NOT NULL,          -- JSON array
    text          TEXT NOT NULL,
    html          TEXT,
    word_count    INTEGER NOT NULL,
    partial       INTEGER NOT NULL,
    provenance    TEXT NOT NULL,          -- JSON object: how the article was obtained
    stored_at     INTEGER NOT NULL,       -- ms since the epoch, first store
    updated_at    INTEGER NOT NULL        -- ms since the epoch, last upsert
);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER IF NOT EXISTS articles_fts_update AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
)SQL";

const char* const kUpsert = R"SQL(
INSERT INTO articles (canonical_url, url, source, title, authors, published, modified, language,
                      site_name, description, image, section, tags, text, html, word_count, partial,
                      provenance, stored_at, updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?19)
ON CONFLICT(canonical_url) DO UPDATE SET
    url = excluded.url, source = excluded.source, title = excluded.title, authors = excluded.authors,
    published = excluded.published, modified = excluded.modified, language = excluded.language,
    site_name = excluded.site_name, description = excluded.description, image = excluded.image,
    section = excluded.section, tags = excluded.tags, text = excluded.text, html = excluded.html,
    word_count = excluded.word_count, partial = excluded.partial, provenance = excluded.provenance,
    updated_at = excluded.updated_at
)SQL";

nlohmann::json string_array(const std::vector<std::string_view>& items) {
    auto out = nlohmann::json::array();
    for (auto item : items) out.push_back(std::string(item));
    return out;
}

std::int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

Store::Store(const std::string& path, std::chrono::milliseconds busy_timeout, bool store_html)
    : path_(path), store_html_(store_html) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw std::runtime_error("cannot open " + path + ": " + message);
    }
    sqlite3_busy_timeout(db_, static_cast<int>(busy_timeout.count()));
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=NORMAL");
    exec(kSchema);
    if (sqlite3_prepare_v2(db_, kUpsert, -1, &upsert_, nullptr) != SQLITE_OK) fail("prepare upsert");
}

Store::~Store() {
    if (in_transaction_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_finalize(upsert_);
    sqlite3_close(db_);
}

void Store::exec(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        std::string message = error ? error : "unknown error";
        sqlite3_free(error);
        throw std::runtime_error(path_ + ": " + message);
    }
}

void Store::fail(const std::string& what) const {
    const int code = sqlite3_errcode(db_);
    std::string message = path_ + ": " + what + ": " + sqlite3_errmsg(db_);
    // A locked or busy database is temporary: ask the daemon to retry the batch later.
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_FULL || code == SQLITE_IOERR)
        throw gleaner::RetryError(message);
    throw std::runtime_error(message);
}

void Store::upsert(const gleaner::Article& a) {
    if (!in_transaction_) {
        exec("BEGIN IMMEDIATE");
        in_transaction_ = true;
    }
    auto provenance = nlohmann::json::object();
    if (auto full = nlohmann::json::parse(a.json(), nullptr, false); full.is_object() && full.contains("provenance"))
        provenance = full["provenance"];
    const std::string authors = string_array(a.authors()).dump();
    const std::string tags = string_array(a.tags()).dump();
    const std::string provenance_text = provenance.dump();

    auto text = [this](int index, std::string_view value) {
        sqlite3_bind_text(upsert_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    };
    auto optional_text = [&](int index, std::string_view value) {
        if (value.empty()) sqlite3_bind_null(upsert_, index);
        else text(index, value);
    };
    sqlite3_reset(upsert_);
    text(1, a.canonical_url());
    text(2, a.url());
    text(3, a.source());
    text(4, a.title());
    text(5, authors);
    optional_text(6, a.published());
    optional_text(7, a.modified());
    optional_text(8, a.language());
    optional_text(9, a.site_name());
    optional_text(10, a.description());
    optional_text(11, a.image());
    optional_text(12, a.section());
    text(13, tags);
    text(14, a.text());
    if (store_html_) optional_text(15, a.html());
    else sqlite3_bind_null(upsert_, 15);
    sqlite3_bind_int64(upsert_, 16, a.word_count());
    sqlite3_bind_int(upsert_, 17, a.partial() ? 1 : 0);
    text(18, provenance_text);
    sqlite3_bind_int64(upsert_, 19, now_ms());
    if (sqlite3_step(upsert_) != SQLITE_DONE) fail("upsert " + std::string(a.canonical_url()));
}

void Store::commit() {
    if (!in_transaction_) return;
    if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) fail("commit");
    in_transaction_ = false;
}

}  // namespace gleaner_sqlite
