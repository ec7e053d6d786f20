// The postgres plugin's database side: the connection (opened lazily, reopened after a failure), the
// schema (created on first connection), and the batch transaction with one SAVEPOINT per article so
// a row PostgreSQL refuses fails alone instead of aborting the batch.
#pragma once

#include <libpq-fe.h>

#include <gleaner/plugin.hpp>

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace gleaner_postgres {

// Filled by the daemon from the plugin's keys (postgres_plugin.cpp declares them and their defaults).
struct Settings {
    std::string conninfo;                      // libpq connection string or URI
    std::string table;                         // "name" or "schema.name"
    std::chrono::milliseconds connect_timeout;
    bool store_html;
};

// What the key types cannot say: the conninfo's syntax, the table's name. (key, message) pairs.
std::vector<std::pair<std::string, std::string>> settings_problems(const Settings& settings);

class Store {
public:
    // Tries to connect (settings_problems() found nothing wrong with `settings`); a server that is
    // down now is not an error here — articles are retried until it is back.
    Store(Settings settings, gleaner::Host& host);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // Upserts the article's row inside the open batch transaction (beginning one if needed).
    // Throws gleaner::RetryError when the server cannot be reached or the connection dropped, and
    // std::runtime_error when PostgreSQL refuses this article's data (the rest of the batch stays).
    void upsert(const gleaner::Article& article);

    // Commits the batch. Throws gleaner::RetryError when the commit fails or the connection dropped
    // since the batch began (its accepted articles were rolled back with it).
    void commit();

private:
    void connect();
    void create_schema();
    void disconnect();
    // Runs a statement without parameters, or checks a statement's result: on failure the connection
    // is dropped (the session state is unknown) and gleaner::RetryError thrown.
    void exec(const std::string& sql, const std::string& what);
    void exec_outcome_check(PGresult* result, const std::string& what);
    // After a lost connection: forget the transaction; the batch is lost if it held accepted rows.
    void drop_connection(const std::string& why);

    Settings settings_;
    gleaner::Host& host_;
    std::string quoted_table_, quoted_index_, quoted_schema_;
    PGconn* conn_ = nullptr;
    bool in_transaction_ = false;
    std::size_t rows_in_transaction_ = 0;
    bool batch_lost_ = false;
    std::string lost_reason_;
    std::chrono::steady_clock::time_point next_connect_attempt_{};
    std::string last_connect_error_;
};

}  // namespace gleaner_postgres
