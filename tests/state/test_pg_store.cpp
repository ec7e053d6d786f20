// What only the PostgreSQL crawl store does: open_store choosing it, connection failures reported by
// host and database (never the password), pooled connections the server closed replaced, statement
// failures as StoreError, claims taking hosts in turn. On the server scripts/test starts (GLEANER_TEST_PG).
#include <gmock/gmock.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <thread>

#include "crawl_store_fixture.h"
#include "state/pg_store.h"

namespace gleaner::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// `conninfo` with `key` set to `value`, rebuilt from libpq's own parse (URIs work too).
std::string with_option(const std::string& conninfo, const std::string& key, const std::string& value) {
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), nullptr);
    if (!options) throw std::runtime_error("GLEANER_TEST_PG cannot be parsed");
    auto quoted = [](const std::string& v) {
        std::string out = "'";
        for (char c : v) {
            if (c == '\'' || c == '\\') out += '\\';
            out += c;
        }
        return out + "'";
    };
    std::string out = key + "=" + quoted(value);
    for (auto* o = options; o->keyword; ++o)
        if (o->val && o->keyword != key) out += std::string(" ") + o->keyword + "=" + quoted(o->val);
    PQconninfoFree(options);
    return out;
}

// Sessions on the test server with this application_name.
int sessions_named(const std::string& application) {
    PGconn* conn = PQconnectdb(std::getenv("GLEANER_TEST_PG"));
    PGresult* r = PQexec(conn, ("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + application +
                                "'").c_str());
    const int count = PQresultStatus(r) == PGRES_TUPLES_OK ? std::atoi(PQgetvalue(r, 0, 0)) : -1;
    PQclear(r);
    PQfinish(conn);
    return count;
}

class PgStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!backend_.available()) GTEST_SKIP() << PostgresBackend::skip_reason();
        schema_ = "gleaner_pg_" + std::to_string(::getpid()) + "_" + std::to_string(++counter_);
    }
    void TearDown() override {
        if (backend_.available())
            PostgresBackend::admin_exec(backend_.conninfo(), "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    }
    std::string message_of(const std::function<void()>& call) {
        try {
            call();
        } catch (const state::StoreError& e) {
            return e.what();
        }
        ADD_FAILURE() << "no StoreError";
        return "";
    }

    PostgresBackend backend_;
    std::string schema_;
    static inline int counter_ = 0;
};

TEST_F(PgStoreTest, OpenStoreOpensThePostgresBackendSharedByNodes) {
    const std::string database = "gleaner_open_" + std::to_string(::getpid());
    PostgresBackend::admin_exec(backend_.conninfo(), "CREATE DATABASE " + database);
    {
        state::StoreSettings settings;
        settings.backend = "postgres";
        settings.conninfo = with_option(backend_.conninfo(), "dbname", database);
        settings.state_dir = std::filesystem::temp_directory_path();
        auto store = state::open_store(settings);
        EXPECT_EQ(store->backend(), "postgres");
        EXPECT_TRUE(store->shared());
        store->reschedule_source("demo", 42);
        // The tables live in the schema `gleaner`.
        PostgresBackend::admin_exec(settings.conninfo, "SELECT next_due_ms FROM gleaner.sources");
    }
    PostgresBackend::admin_exec(backend_.conninfo(), "DROP DATABASE " + database + " WITH (FORCE)");
}

TEST_F(PgStoreTest, OpenStoreRefusesAnUnknownBackendOrAMissingConninfo) {
    state::StoreSettings settings;
    settings.backend = "mongodb";
    EXPECT_THAT(message_of([&] { state::open_store(settings); }), HasSubstr("unknown state backend \"mongodb\""));
    settings.backend = "postgres";
    EXPECT_THAT(message_of([&] { state::open_store(settings); }), HasSubstr("state.conninfo is empty"));
}

TEST_F(PgStoreTest, AnUnreachableServerIsNamedByHostAndDatabaseNeverByPassword) {
    const auto message = message_of([&] {
        state::PgStore("host=127.0.0.1 port=1 dbname=crawl user=crawler password=s3cret-pw connect_timeout=1",
                       std::filesystem::temp_directory_path(), schema_);
    });
    EXPECT_THAT(message, HasSubstr("cannot connect to PostgreSQL host=127.0.0.1 port=1 dbname=crawl"));
    EXPECT_THAT(message, Not(HasSubstr("s3cret-pw")));
}

TEST_F(PgStoreTest, AConninfoLibpqCannotReadIsReported) {
    EXPECT_THAT(message_of([&] { state::PgStore("host=db.internal colour=blue", "/tmp", schema_); }),
                HasSubstr("colour"));
}

TEST_F(PgStoreTest, APooledConnectionTheServerClosedIsReplaced) {
    const std::string application = "gleaner_test_" + std::to_string(::getpid());
    state::PgStore store(with_option(backend_.conninfo(), "application_name", application),
                         std::filesystem::temp_directory_path(), schema_);
    store.reschedule_source("demo", 1);
    // A server restart or an administrator ends the session while it waits in the pool.
    PostgresBackend::admin_exec(backend_.conninfo(),
                                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" +
                                    application + "'");
    while (sessions_named(application) > 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    store.reschedule_source("demo", 2);
    EXPECT_EQ(store.source("demo")->next_due_ms, 2);
}

TEST_F(PgStoreTest, AFailedStatementIsAStoreErrorNamingTheDatabase) {
    state::PgStore store(backend_.conninfo(), std::filesystem::temp_directory_path(), schema_);
    PostgresBackend::admin_exec(backend_.conninfo(), "DROP TABLE " + schema_ + ".robots");
    const auto message = message_of([&] { store.robots("https://news.example", 0); });
    EXPECT_THAT(message, HasSubstr("dbname="));
    EXPECT_THAT(message, HasSubstr("robots"));
    // The store goes on with what still works.
    store.reschedule_source("demo", 7);
    EXPECT_EQ(store.source("demo")->next_due_ms, 7);
}

// PostgreSQL claims take hosts in turn (see pg_frontier.cpp): nodes spread over hosts instead of
// all taking the oldest backlog's host at once. (The SQLite backend, one node, claims oldest due
// first across hosts.)
TEST_F(PgStoreTest, ClaimsTakeHostsInTurnAndOneLeftOutOfAFullBatchKeepsItsPlace) {
    constexpr std::int64_t T0 = 1'700'000'000'000, kMinute = 60'000;
    state::PgStore s(backend_.conninfo(), std::filesystem::temp_directory_path(), schema_);
    s.add_urls("demo", listed_on("a.example", 3), at(T0));
    s.add_urls("demo", listed_on("b.example", 3, "/b"), at(T0 + 1));
    s.add_urls("demo", listed_on("c.example", 3, "/c"), at(T0 + 2));
    EXPECT_EQ(paths(s.claim_urls("n1", T0 + 10, T0 + kMinute, 2, 2)), (std::vector<std::string>{"/a0", "/a1"}));
    // a.example was served and waits behind the others, though its last URL is the oldest.
    EXPECT_EQ(paths(s.claim_urls("n2", T0 + 11, T0 + kMinute, 2, 2)), (std::vector<std::string>{"/b0", "/b1"}));
    // c.example, left out of n2's full batch, kept its place ahead of a.example; within a batch the
    // oldest due URLs come first.
    EXPECT_EQ(paths(s.claim_urls("n3", T0 + 12, T0 + kMinute, 2, 2)), (std::vector<std::string>{"/a2", "/c0"}));
    EXPECT_EQ(paths(s.claim_urls("n4", T0 + 13, T0 + kMinute, 3, 1)), (std::vector<std::string>{"/b2", "/c1"}));
}

}  // namespace
}  // namespace gleaner::testing
