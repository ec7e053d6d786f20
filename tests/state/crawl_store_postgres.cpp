// The conformance suite's PostgreSQL backend: one schema per test on GLEANER_TEST_PG's server.
#include <libpq-fe.h>

#include <atomic>
#include <cstdlib>
#include <random>
#include <stdexcept>

#include "crawl_store_fixture.h"
#include "state/pg_schema.h"
#include "state/pg_store.h"

namespace gleaner::testing {
namespace {

const char* test_server() {
    const char* value = std::getenv("GLEANER_TEST_PG");
    return value && *value ? value : nullptr;
}

}  // namespace

PostgresBackend::PostgresBackend() {
    if (const char* conninfo = test_server()) conninfo_ = conninfo;
}

std::string PostgresBackend::skip_reason() {
    return "GLEANER_TEST_PG is not set: run through scripts/test, or start a server with "
           "scripts/test-postgres.sh (start_test_postgres) and export the conninfo it prints";
}

void PostgresBackend::admin_exec(const std::string& conninfo, const std::string& sql) {
    PGconn* conn = PQconnectdb(conninfo.c_str());
    PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);  // "drop cascades to …"
    if (PQstatus(conn) != CONNECTION_OK) {
        std::string message = PQerrorMessage(conn);
        PQfinish(conn);
        throw std::runtime_error("test database: " + message);
    }
    PGresult* r = PQexec(conn, sql.c_str());
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    std::string message = ok ? "" : PQresultErrorMessage(r);
    PQclear(r);
    PQfinish(conn);
    if (!ok) throw std::runtime_error("test database: " + sql + ": " + message);
}

void PostgresBackend::set_up(const std::filesystem::path& state_dir) {
    static std::atomic<int> counter{0};
    state_dir_ = state_dir;
    schema_ = "gleaner_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
              std::to_string(std::random_device{}() % 100000);
}

void PostgresBackend::tear_down() {
    if (!schema_.empty()) admin_exec(conninfo_, "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    schema_.clear();
}

std::unique_ptr<state::CrawlStore> PostgresBackend::open() {
    return std::make_unique<state::PgStore>(conninfo_, state_dir_ / "quarantine", schema_);
}

std::string PostgresBackend::where() const { return "schema \"" + schema_ + "\""; }

void PostgresBackend::make_schema_newer() {
    admin_exec(conninfo_, "INSERT INTO " + schema_ + ".schema_version (version) VALUES (" +
                              std::to_string(state::pg::schema_version() + 1) + ")");
}

void PostgresBackend::make_schema_before_archives() {
    admin_exec(conninfo_, "DROP TABLE " + schema_ + ".archive_files; DELETE FROM " + schema_ +
                              ".schema_version WHERE version = 3");
}

void PostgresBackend::corrupt_payload(std::int64_t article_id) {
    admin_exec(conninfo_, "UPDATE " + schema_ + ".outbox SET payload = overlay(payload placing '\\x00'::bytea from 2) "
                          "WHERE id = " + std::to_string(article_id));
}

}  // namespace gleaner::testing
