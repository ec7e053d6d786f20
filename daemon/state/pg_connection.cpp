// One libpq connection of the PostgreSQL crawl store (see pg_connection.h).
#include "state/pg_connection.h"

#include <endian.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <thread>

namespace gleaner::state::pg {
namespace {

// Waits between connection attempts: a server that is starting, restarting or briefly out of
// connection slots is usually back within these ~1.5 s; a longer outage is the caller's to report.
constexpr std::chrono::milliseconds kConnectBackoff[] = {std::chrono::milliseconds(100),
                                                         std::chrono::milliseconds(400),
                                                         std::chrono::milliseconds(1000)};

// libpq messages span lines ("…failed: Connection refused\n\tIs the server running…"): one line.
std::string one_line(std::string_view text) {
    std::string out;
    for (char c : text) {
        const bool space = c == '\n' || c == '\r' || c == '\t' || c == ' ';
        if (!space) out += c;
        else if (!out.empty() && out.back() != ' ') out += ' ';
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

// Where a connection goes, from libpq's view of it (defaults and environment applied); the
// password is never part of it.
std::string describe(PGconn* conn) {
    std::string where = "PostgreSQL";
    auto add = [&](const char* key, const char* value) {
        if (value && *value) where += std::string(" ") + key + "=" + value;
    };
    add("host", PQhost(conn));
    add("port", PQport(conn));
    add("dbname", PQdb(conn));
    add("user", PQuser(conn));
    return where;
}

bool connection_error(PGconn* conn, const std::string& sqlstate) {
    // 08: connection exception; 57P01-03: the server is shutting down or terminated this backend.
    return PQstatus(conn) == CONNECTION_BAD || sqlstate.rfind("08", 0) == 0 || sqlstate.rfind("57P0", 0) == 0;
}


// PostgreSQL text holds neither NUL nor invalid UTF-8 (a UTF8 database refuses the statement), and
// some values come from servers and plugins as they sent them (validators, error messages): NULs
// are dropped and invalid sequences become U+FFFD, by a round trip through nlohmann-json.
std::string valid_text(std::string_view value) {
    if (std::all_of(value.begin(), value.end(), [](char c) { return c > 0; })) return std::string(value);
    std::string text(value);
    text.erase(std::remove(text.begin(), text.end(), '\0'), text.end());
    const auto quoted = nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return nlohmann::json::parse(quoted).get<std::string>();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Params

Params& Params::text(std::string_view value) {
    values_.emplace_back(valid_text(value));
    lengths_.push_back(0);
    formats_.push_back(0);
    return *this;
}

Params& Params::int64(std::int64_t value) { return text(std::to_string(value)); }

Params& Params::boolean(bool value) { return text(value ? "t" : "f"); }

Params& Params::bytes(std::string_view value) {
    values_.emplace_back(value);
    lengths_.push_back(static_cast<int>(value.size()));
    formats_.push_back(1);
    return *this;
}

std::vector<const char*> Params::pointers() const {
    std::vector<const char*> out;
    out.reserve(values_.size());
    for (const auto& v : values_) out.push_back(v.c_str());
    return out;
}

// ---------------------------------------------------------------------------------------------
// Result

std::string Result::text(int row, int column) const {
    return std::string(PQgetvalue(result_, row, column), static_cast<std::size_t>(PQgetlength(result_, row, column)));
}

std::int64_t Result::int64(int row, int column) const {
    if (is_null(row, column)) return 0;
    return std::stoll(PQgetvalue(result_, row, column));
}

bool Result::boolean(int row, int column) const { return PQgetvalue(result_, row, column)[0] == 't'; }

std::string_view Result::bytes(int row, int column) const {
    return {PQgetvalue(result_, row, column), static_cast<std::size_t>(PQgetlength(result_, row, column))};
}

std::int32_t Result::binary_int32(int row, int column) const {
    if (is_null(row, column)) return 0;
    std::uint32_t network = 0;
    std::memcpy(&network, PQgetvalue(result_, row, column), sizeof network);
    return static_cast<std::int32_t>(be32toh(network));
}

std::int64_t Result::binary_int64(int row, int column) const {
    if (is_null(row, column)) return 0;
    std::uint64_t network = 0;
    std::memcpy(&network, PQgetvalue(result_, row, column), sizeof network);
    return static_cast<std::int64_t>(be64toh(network));
}

std::int64_t Result::affected() const {
    const char* n = PQcmdTuples(result_);
    return (n && *n) ? std::stoll(n) : 0;
}

// ---------------------------------------------------------------------------------------------
// Connection

Connection::Connection(const std::string& conninfo, const std::string& schema) {
    // Keys before dbname are defaults the conninfo may override; keys after it win (libpq reads the
    // arrays in order, expanding the conninfo where dbname stands).
    const char* keys[] = {"application_name", "connect_timeout", "keepalives",      "keepalives_idle",
                          "keepalives_interval", "keepalives_count", "dbname", "client_encoding", nullptr};
    const char* values[] = {"gleaner", "10", "1", "60", "10", "6", conninfo.c_str(), "UTF8", nullptr};
    char* parse_error = nullptr;
    PQconninfoOption* parsed = PQconninfoParse(conninfo.c_str(), &parse_error);
    if (!parsed) {
        const std::string message = parse_error ? one_line(parse_error) : "out of memory";
        PQfreemem(parse_error);
        throw Error("PostgreSQL conninfo: " + message, "", true);
    }
    PQconninfoFree(parsed);
    std::string error;
    for (std::size_t attempt = 0;; ++attempt) {
        conn_ = PQconnectdbParams(keys, values, 1);
        if (!conn_) throw Error("PostgreSQL: out of memory while connecting", "", true);
        where_ = describe(conn_);
        if (PQstatus(conn_) == CONNECTION_OK) break;
        error = one_line(PQerrorMessage(conn_));
        // A missing password will not get better by waiting.
        const bool hopeless = PQconnectionNeedsPassword(conn_);
        PQfinish(conn_);
        conn_ = nullptr;
        if (hopeless || attempt == std::size(kConnectBackoff))
            throw Error("cannot connect to " + where_ + ": " + error, "", true);
        std::this_thread::sleep_for(kConnectBackoff[attempt]);
    }
    PQsetNoticeReceiver(conn_, &Connection::on_notice, this);
    char* quoted = PQescapeIdentifier(conn_, schema.data(), schema.size());
    if (!quoted) {
        const std::string message = one_line(PQerrorMessage(conn_));
        PQfinish(conn_);
        throw Error(where_ + ": schema name: " + message, "", false);
    }
    schema_ = quoted;
    PQfreemem(quoted);
    // Every object of the store lives in its schema (created by the first migration).
    try {
        exec("SET search_path TO " + schema_ + ", pg_catalog");
    } catch (...) {
        PQfinish(conn_);
        throw;
    }
}

Connection::~Connection() { PQfinish(conn_); }

Result Connection::check(PGresult* raw, std::string_view what) {
    Result result(raw);
    const ExecStatusType status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
    std::string sqlstate;
    if (const char* state = raw ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr) sqlstate = state;
    std::string message = one_line(raw ? PQresultErrorMessage(raw) : "");
    if (message.empty()) message = one_line(PQerrorMessage(conn_));
    throw Error(where_ + ": " + std::string(what) + ": " + message, sqlstate, connection_error(conn_, sqlstate));
}

Result Connection::run(const Statement& statement, const Params& params, bool binary_result) {
    if (!prepared_.count(statement.name)) {
        check(PQprepare(conn_, statement.name, statement.sql, 0, nullptr), statement.name);
        prepared_.insert(statement.name);
    }
    const auto values = params.pointers();
    return check(PQexecPrepared(conn_, statement.name, params.size(), values.data(), params.lengths(),
                                params.formats(), binary_result ? 1 : 0),
                 statement.name);
}

Result Connection::exec(std::string_view sql) {
    const std::string text(sql);
    return check(PQexec(conn_, text.c_str()), sql.size() < 40 ? sql : std::string_view("statement"));
}

bool Connection::reusable() const {
    return PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

void Connection::on_notice(void* self, const PGresult* notice) {
    // Notices ("relation already exists, skipping") are not the operator's business, but a FATAL
    // one arriving while the connection is idle is the server ending the session (a shutdown, an
    // administrator's pg_terminate_backend).
    const char* severity = PQresultErrorField(notice, PG_DIAG_SEVERITY_NONLOCALIZED);
    if (severity && (std::strcmp(severity, "FATAL") == 0 || std::strcmp(severity, "PANIC") == 0))
        static_cast<Connection*>(self)->ended_by_server_ = true;
}

bool Connection::healthy() {
    if (!reusable() || ended_by_server_) return false;
    // Reads and parses whatever arrived while the connection sat idle (PQisBusy parses): the
    // server's FATAL message, or the end of the stream.
    if (PQconsumeInput(conn_) != 1) return false;
    PQisBusy(conn_);
    return !ended_by_server_ && PQstatus(conn_) == CONNECTION_OK;
}

}  // namespace gleaner::state::pg
