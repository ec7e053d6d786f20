// Schema, connection handling and writes of the postgres plugin (see pg_store.h). Every value goes to
// the server as a statement parameter; only the table name is put into SQL text, and only after it was
// checked to be a plain identifier and quoted by libpq. Full-text search uses the GIN index:
//   SELECT url, title FROM articles
//   WHERE to_tsvector('simple', title || ' ' || text) @@ plainto_tsquery('simple', 'flood');
#include "pg_store.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <regex>
#include <stdexcept>
#include <vector>

namespace gleaner_postgres {
namespace {

// After a failed connection attempt, articles are answered RETRY at once for this long instead of each
// waiting for its own connect timeout (a batch of 64 against an unreachable host would otherwise
// hold the plugin's thread for 64 timeouts). The daemon's backoff spaces the real attempts.
constexpr std::chrono::seconds kConnectHoldOff{1};

constexpr const char* kUpsertStatement = "gleaner_upsert";

const char* const kTableSql = R"SQL(
CREATE TABLE IF NOT EXISTS %T (
    id            bigserial PRIMARY KEY,
    canonical_url text NOT NULL UNIQUE,
    url           text NOT NULL,
    source        text NOT NULL,
    title         text NOT NULL,
    authors       jsonb NOT NULL,
    published     timestamptz,
    modified      text,
    language      text,
    site_name     text,
    description   text,
    image         text,
    section       text,
    tags          jsonb NOT NULL,
    text          text NOT NULL,
    html          text,
    word_count    integer NOT NULL,
    partial       boolean NOT NULL,
    provenance    jsonb NOT NULL,
    stored_at     timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
))SQL";

const char* const kIndexSql =
    "CREATE INDEX IF NOT EXISTS %I ON %T USING GIN (to_tsvector('simple', title || ' ' || text))";

const char* const kUpsertSql = R"SQL(
INSERT INTO %T (canonical_url, url, source, title, authors, published, modified, language, site_name,
                description, image, section, tags, text, html, word_count, partial, provenance)
VALUES ($1, $2, $3, $4, $5::jsonb, to_timestamp($6::float8 / 1000), $7, $8, $9, $10, $11, $12, $13::jsonb,
        $14, $15, $16::integer, $17::boolean, $18::jsonb)
ON CONFLICT (canonical_url) DO UPDATE SET
    url = EXCLUDED.url, source = EXCLUDED.source, title = EXCLUDED.title, authors = EXCLUDED.authors,
    published = EXCLUDED.published, modified = EXCLUDED.modified, language = EXCLUDED.language,
    site_name = EXCLUDED.site_name, description = EXCLUDED.description, image = EXCLUDED.image,
    section = EXCLUDED.section, tags = EXCLUDED.tags, text = EXCLUDED.text, html = EXCLUDED.html,
    word_count = EXCLUDED.word_count, partial = EXCLUDED.partial, provenance = EXCLUDED.provenance,
    updated_at = now()
)SQL";

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

// libpq messages span lines ("...failed: Connection refused\n\tIs the server running..."): one line.
std::string one_line(const std::string& text) {
    std::string out;
    for (char c : text) {
        const bool space = c == '\n' || c == '\r' || c == '\t' || c == ' ';
        if (!space) out += c;
        else if (!out.empty() && out.back() != ' ') out += ' ';
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

// Server notices ("relation already exists, skipping") go to the daemon's log, not to stderr.
void log_notice(void* host, const PGresult* result) {
    static_cast<gleaner::Host*>(host)->debug("PostgreSQL: " + one_line(PQresultErrorMessage(result)));
}

// The result of one statement; the PGresult is consumed.
struct Outcome {
    bool ok = false;
    std::string sqlstate;  // e.g. "22008"; empty when the server sent none (connection lost)
    std::string message;
};

Outcome outcome_of(PGconn* conn, PGresult* result) {
    const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    Outcome o;
    o.ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    if (!o.ok) {
        if (const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr) o.sqlstate = state;
        o.message = one_line(result ? PQresultErrorMessage(result) : "");
        if (o.message.empty()) o.message = one_line(PQerrorMessage(conn));
    }
    PQclear(result);
    return o;
}

bool connection_gone(PGconn* conn, const Outcome& o) {
    // 08: connection exception; 57P01-03: the server is shutting down or terminated this backend.
    return PQstatus(conn) == CONNECTION_BAD || o.sqlstate.rfind("08", 0) == 0 || o.sqlstate.rfind("57P0", 0) == 0;
}

// Errors caused by the article's own values: retrying the same row cannot help.
// 22: data exception (e.g. timestamp out of range, invalid encoding); 23: integrity constraint;
// 54: program limit exceeded (e.g. a URL too long for the unique index).
bool article_data_error(const std::string& sqlstate) {
    return sqlstate.rfind("22", 0) == 0 || sqlstate.rfind("23", 0) == 0 || sqlstate.rfind("54", 0) == 0;
}

nlohmann::json string_array(const std::vector<std::string_view>& items) {
    auto out = nlohmann::json::array();
    for (auto item : items) out.push_back(std::string(item));
    return out;
}

std::string quote_identifier(PGconn* conn, const std::string& name) {
    char* quoted = PQescapeIdentifier(conn, name.data(), name.size());
    if (!quoted) throw gleaner::RetryError("cannot quote identifier: " + one_line(PQerrorMessage(conn)));
    std::string out(quoted);
    PQfreemem(quoted);
    return out;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> settings_problems(const Settings& settings) {
    std::vector<std::pair<std::string, std::string>> problems;
    char* error = nullptr;
    PQconninfoOption* parsed = PQconninfoParse(settings.conninfo.c_str(), &error);
    if (!parsed) {
        problems.emplace_back("conninfo", error ? one_line(error) : "out of memory");
        PQfreemem(error);
    }
    PQconninfoFree(parsed);
    // Names only: letters, digits, underscores, optionally schema-qualified; room left for "_fts".
    static const std::regex kTableName("([A-Za-z_][A-Za-z0-9_]{0,58}\\.)?[A-Za-z_][A-Za-z0-9_]{0,58}");
    if (!std::regex_match(settings.table, kTableName))
        problems.emplace_back("table", "\"" + settings.table + "\" must be a plain name or schema.name (letters, digits, _)");
    return problems;
}

Store::Store(Settings settings, gleaner::Host& host) : settings_(std::move(settings)), host_(host) {
    try {
        connect();
    } catch (const gleaner::RetryError& e) {
        host_.warn(std::string(e.what()) + "; articles wait until the server is reachable");
    }
}

Store::~Store() {
    if (conn_ && in_transaction_) PQclear(PQexec(conn_, "ROLLBACK"));
    PQfinish(conn_);
}

void Store::connect() {
    const auto now = std::chrono::steady_clock::now();
    if (now < next_connect_attempt_) throw gleaner::RetryError("cannot connect to PostgreSQL: " + last_connect_error_);
    const auto timeout_s = std::max<long long>(1, (settings_.connect_timeout.count() + 999) / 1000);
    const std::string timeout = std::to_string(timeout_s);
    // Entries before dbname are defaults the conninfo may override; entries after it win (libpq
    // processes the arrays in order, expanding the conninfo where dbname stands).
    const char* keys[] = {"application_name", "keepalives", "keepalives_idle", "keepalives_interval",
                          "keepalives_count", "dbname", "connect_timeout", "client_encoding", nullptr};
    const char* values[] = {"gleaner", "1", "60", "10", "6", settings_.conninfo.c_str(), timeout.c_str(), "UTF8",
                            nullptr};
    conn_ = PQconnectdbParams(keys, values, 1);
    if (PQstatus(conn_) != CONNECTION_OK) {
        last_connect_error_ = one_line(PQerrorMessage(conn_));
        PQfinish(conn_);
        conn_ = nullptr;
        next_connect_attempt_ = now + kConnectHoldOff;
        throw gleaner::RetryError("cannot connect to PostgreSQL: " + last_connect_error_);
    }
    PQsetNoticeReceiver(conn_, &log_notice, &host_);
    const auto dot = settings_.table.find('.');
    const std::string table_name = dot == std::string::npos ? settings_.table : settings_.table.substr(dot + 1);
    quoted_schema_ = dot == std::string::npos ? std::string() : quote_identifier(conn_, settings_.table.substr(0, dot));
    quoted_table_ = (quoted_schema_.empty() ? "" : quoted_schema_ + ".") + quote_identifier(conn_, table_name);
    quoted_index_ = quote_identifier(conn_, table_name + "_fts");
    create_schema();
    const std::string upsert = replace_all(kUpsertSql, "%T", quoted_table_);
    exec_outcome_check(PQprepare(conn_, kUpsertStatement, upsert.c_str(), 0, nullptr), "prepare upsert");
    host_.info("connected to PostgreSQL, table " + settings_.table);
}

void Store::create_schema() {
    // One transaction under an advisory lock: two instances starting together must not both try to
    // create the same table (CREATE ... IF NOT EXISTS is not safe against a concurrent creator).
    exec("BEGIN", "create schema");
    const std::string lock_key = settings_.table;
    const char* params[] = {lock_key.c_str()};
    exec_outcome_check(PQexecParams(conn_, "SELECT pg_advisory_xact_lock(hashtext($1))", 1, nullptr, params,
                                    nullptr, nullptr, 0),
                       "create schema");
    if (!quoted_schema_.empty()) exec("CREATE SCHEMA IF NOT EXISTS " + quoted_schema_, "create schema");
    exec(replace_all(kTableSql, "%T", quoted_table_), "create table " + settings_.table);
    exec(replace_all(replace_all(kIndexSql, "%T", quoted_table_), "%I", quoted_index_), "create index");
    exec("COMMIT", "create schema");
}

void Store::exec(const std::string& sql, const std::string& what) {
    exec_outcome_check(PQexec(conn_, sql.c_str()), what);
}

void Store::exec_outcome_check(PGresult* result, const std::string& what) {
    const Outcome o = outcome_of(conn_, result);
    if (o.ok) return;
    const std::string message = what + ": " + o.message;
    // Whatever failed outside an article's own row (BEGIN, COMMIT, schema, savepoints) leaves the
    // session in an unknown state: start over on a fresh connection.
    drop_connection(message);
    throw gleaner::RetryError(message);
}

void Store::drop_connection(const std::string& why) {
    if (in_transaction_ && rows_in_transaction_ > 0 && !batch_lost_) {
        batch_lost_ = true;
        lost_reason_ = why;
    }
    in_transaction_ = false;
    rows_in_transaction_ = 0;
    PQfinish(conn_);
    conn_ = nullptr;
    host_.warn("PostgreSQL connection closed after an error: " + why);
}

void Store::upsert(const gleaner::Article& a) {
    auto provenance = nlohmann::json::object();
    if (auto full = nlohmann::json::parse(a.json(), nullptr, false); full.is_object() && full.contains("provenance"))
        provenance = full["provenance"];
    // Parameters as text; std::nullopt is SQL NULL.
    std::vector<std::optional<std::string>> values;
    auto text = [&](std::string_view v) { values.emplace_back(std::string(v)); };
    auto optional_text = [&](std::string_view v) {
        values.push_back(v.empty() ? std::nullopt : std::optional<std::string>(std::string(v)));
    };
    text(a.canonical_url());
    text(a.url());
    text(a.source());
    text(a.title());
    text(string_array(a.authors()).dump());
    values.push_back(a.published_at_ms() ? std::optional<std::string>(std::to_string(a.published_at_ms()))
                                         : std::nullopt);
    optional_text(a.modified());
    optional_text(a.language());
    optional_text(a.site_name());
    optional_text(a.description());
    optional_text(a.image());
    optional_text(a.section());
    text(string_array(a.tags()).dump());
    text(a.text());
    if (settings_.store_html) optional_text(a.html());
    else values.push_back(std::nullopt);
    text(std::to_string(a.word_count()));
    text(a.partial() ? "true" : "false");
    text(provenance.dump());
    std::vector<const char*> params;
    for (const auto& v : values) {
        // Text parameters are C strings: a NUL would silently cut the value short.
        if (v && v->find('\0') != std::string::npos)
            throw std::runtime_error("article " + std::string(a.canonical_url()) +
                                     " has a NUL character, which PostgreSQL text cannot hold");
        params.push_back(v ? v->c_str() : nullptr);
    }

    if (!conn_) connect();
    if (!in_transaction_) {
        exec("BEGIN", "begin batch");
        in_transaction_ = true;
    }
    exec("SAVEPOINT gleaner_article", "savepoint");
    const Outcome o = outcome_of(conn_, PQexecPrepared(conn_, kUpsertStatement, static_cast<int>(params.size()),
                                                       params.data(), nullptr, nullptr, 0));
    if (o.ok) {
        exec("RELEASE SAVEPOINT gleaner_article", "release savepoint");
        ++rows_in_transaction_;
        return;
    }
    const std::string message = "upsert " + std::string(a.canonical_url()) + ": " + o.message +
                                (o.sqlstate.empty() ? "" : " (SQLSTATE " + o.sqlstate + ")");
    // 42P01, 26000: the table or the prepared statement vanished (dropped by hand): reconnect, which
    // creates the schema again.
    if (connection_gone(conn_, o) || o.sqlstate == "42P01" || o.sqlstate == "26000") {
        drop_connection(message);
        throw gleaner::RetryError(message);
    }
    // Undo only this article; the rows before it stay in the batch.
    exec("ROLLBACK TO SAVEPOINT gleaner_article", "rollback to savepoint");
    exec("RELEASE SAVEPOINT gleaner_article", "release savepoint");
    if (article_data_error(o.sqlstate)) throw std::runtime_error(message);
    throw gleaner::RetryError(message);
}

void Store::commit() {
    if (batch_lost_) {
        batch_lost_ = false;
        if (conn_ && in_transaction_) PQclear(PQexec(conn_, "ROLLBACK"));
        in_transaction_ = false;
        rows_in_transaction_ = 0;
        throw gleaner::RetryError("the connection was lost during this batch, which will be offered again (" +
                                  lost_reason_ + ")");
    }
    if (!in_transaction_) return;
    const std::size_t rows = rows_in_transaction_;
    in_transaction_ = false;  // committed or not, this transaction is over
    rows_in_transaction_ = 0;
    exec("COMMIT", "commit");
    host_.count("rows_committed", rows);
}

}  // namespace gleaner_postgres
