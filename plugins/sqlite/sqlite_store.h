// The sqlite plugin's database: schema, upsert statement and transaction handling.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <string>

#include <gleaner/plugin.hpp>

namespace gleaner_sqlite {

class Store {
public:
    Store(const std::string& path, std::chrono::milliseconds busy_timeout, bool store_html);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // Inserts or replaces the row for the article's canonical URL inside the open batch transaction.
    void upsert(const gleaner::Article& article);
    // Commits the batch (no-op when nothing was written since the last commit).
    void commit();

private:
    void exec(const char* sql);
    [[noreturn]] void fail(const std::string& what) const;

    std::string path_;
    sqlite3* db_ = nullptr;
    sqlite3_stmt* upsert_ = nullptr;
    bool in_transaction_ = false;
    bool store_html_ = true;
};

}  // namespace gleaner_sqlite
