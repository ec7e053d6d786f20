// A thin RAII layer over the SQLite C API for the daemon's own database (state_dir/gleaner.db):
// one connection shared by the threads that need it, serialised by a mutex the caller holds through
// Database::Lock for the length of a statement or transaction.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <unordered_map>

#include "state/crawl_store.h"
#include <memory>
#include <string>
#include <string_view>

namespace gleaner::state {

// Bytes SQLite holds in this process now (page caches, statements, schemas): every connection
// together, the sqlite plugin's included, as they share the one libsqlite3.
std::int64_t sqlite_memory_in_use();

class DatabaseError : public StoreError {
public:
    using StoreError::StoreError;
};

class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept;

    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, std::int64_t value);
    Statement& bind_blob(int index, std::string_view bytes);
    Statement& bind_null(int index);
    Statement& bind_optional(int index, std::string_view text);  // NULL when empty
    // Steps once: true while a row is available, false when done. Throws on error.
    bool step();
    void run() {
        while (step()) {
        }
    }
    void reset();

    std::int64_t int64(int column) const { return sqlite3_column_int64(stmt_, column); }
    std::string text(int column) const;
    std::string_view blob(int column) const;
    bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

class Database {
public:
    // Opens (creating) the file in WAL mode with a busy timeout.
    explicit Database(const std::filesystem::path& file);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    using Lock = std::unique_lock<std::recursive_mutex>;
    Lock lock() { return Lock(mutex_); }

    void exec(std::string_view sql);
    Statement prepare(std::string_view sql) { return Statement(db_, sql); }

    // A statement prepared once per connection and reused (hot paths). `sql` must be a string
    // literal: it is the cache key. The handle resets the statement when it goes, so no read stays
    // open. Call with the lock held.
    class Cached {
    public:
        explicit Cached(Statement& s) : s_(&s) {}
        ~Cached() { s_->reset(); }
        Cached(const Cached&) = delete;
        Cached& operator=(const Cached&) = delete;
        Statement* operator->() const { return s_; }
        Statement& operator*() const { return *s_; }

    private:
        Statement* s_;
    };
    Cached cached(const char* sql);
    std::int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
    int changes() const { return sqlite3_changes(db_); }
    const std::filesystem::path& file() const { return file_; }

    // BEGIN IMMEDIATE ... COMMIT, rolled back when destroyed without commit().
    class Transaction {
    public:
        explicit Transaction(Database& db);
        ~Transaction();
        void commit();

    private:
        Database& db_;
        bool done_ = false;
    };

private:
    std::filesystem::path file_;
    sqlite3* db_ = nullptr;
    std::recursive_mutex mutex_;
    std::unordered_map<const char*, std::unique_ptr<Statement>> statements_;
};

}  // namespace gleaner::state
