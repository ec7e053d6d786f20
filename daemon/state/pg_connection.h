// One libpq connection of the PostgreSQL crawl store: connecting (with retries while the server is
// likely to come back), statements prepared on first use, parameters and results as plain C++ values,
// and errors that name the database (host, port, dbname — never the password).
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "state/crawl_store.h"

namespace gleaner::state::pg {

// A statement the store prepares once per connection, by name.
struct Statement {
    const char* name;
    const char* sql;
};

// A failed statement or connection. `sqlstate` is empty when the server sent none (the connection
// was lost, or never made).
class Error : public StoreError {
public:
    Error(const std::string& message, std::string sqlstate, bool connection_lost)
        : StoreError(message), sqlstate_(std::move(sqlstate)), connection_lost_(connection_lost) {}
    const std::string& sqlstate() const { return sqlstate_; }
    bool connection_lost() const { return connection_lost_; }
    // The server rolled the transaction back and running it again may succeed (deadlock detected,
    // serialization failure).
    bool retryable() const { return sqlstate_ == "40P01" || sqlstate_ == "40001"; }

private:
    std::string sqlstate_;
    bool connection_lost_;
};

// Statement parameters in libpq's text format (bytes in binary format).
class Params {
public:
    // Text PostgreSQL can hold: NULs dropped, invalid UTF-8 replaced by U+FFFD.
    Params& text(std::string_view value);
    Params& int64(std::int64_t value);
    Params& boolean(bool value);
    Params& bytes(std::string_view value);

    int size() const { return static_cast<int>(values_.size()); }
    std::vector<const char*> pointers() const;
    const int* lengths() const { return lengths_.data(); }
    const int* formats() const { return formats_.data(); }

private:
    std::vector<std::string> values_;
    std::vector<int> lengths_;
    std::vector<int> formats_;
};

// A statement's rows. Text-format results unless the statement was run for binary results.
class Result {
public:
    explicit Result(PGresult* result) : result_(result) {}
    ~Result() { PQclear(result_); }
    Result(Result&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
    Result& operator=(Result&&) = delete;
    Result(const Result&) = delete;

    int rows() const { return PQntuples(result_); }
    bool empty() const { return rows() == 0; }
    bool is_null(int row, int column) const { return PQgetisnull(result_, row, column) == 1; }
    std::string text(int row, int column) const;
    std::int64_t int64(int row, int column) const;  // a NULL reads as 0
    bool boolean(int row, int column) const;
    // A bytea column of a binary-format result, or a text column: the raw bytes.
    std::string_view bytes(int row, int column) const;
    // An integer / bigint column of a binary-format result (a NULL reads as 0).
    std::int32_t binary_int32(int row, int column) const;
    std::int64_t binary_int64(int row, int column) const;
    // Rows changed by an INSERT/UPDATE/DELETE.
    std::int64_t affected() const;

private:
    PGresult* result_;
};

class Connection {
public:
    // Connects, retrying for a short while when the server cannot be reached (it may be starting or
    // restarting), and works in `schema` from then on (its search_path). Throws Error naming the
    // database when it cannot connect.
    Connection(const std::string& conninfo, const std::string& schema);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Runs a prepared statement (preparing it on this connection first if needed).
    Result run(const Statement& statement, const Params& params = {}, bool binary_result = false);
    // Runs SQL text with no parameters (BEGIN, COMMIT, schema scripts).
    Result exec(std::string_view sql);
    // Connected and outside any transaction: fit to go back to the pool.
    bool reusable() const;
    // Reusable, and not closed by the server while it sat in the pool (a restart).
    bool healthy();
    // "PostgreSQL host=db port=5432 dbname=gleaner user=gleaner", for messages.
    const std::string& where() const { return where_; }
    // The schema the connection works in, quoted as an SQL identifier.
    const std::string& schema() const { return schema_; }

private:
    Result check(PGresult* result, std::string_view what);
    static void on_notice(void* self, const PGresult* notice);

    PGconn* conn_ = nullptr;
    std::string where_;
    std::string schema_;
    bool ended_by_server_ = false;
    std::unordered_set<std::string_view> prepared_;
};

}  // namespace gleaner::state::pg
