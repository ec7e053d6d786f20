// The postgres plugin against a real PostgreSQL server: scripts/test starts one and exports
// GLEANER_TEST_PG (a libpq conninfo). Each test works in its own schema, so tests can run in parallel.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "plugin_harness.h"

namespace gleaner::builtin_test {
namespace {

// A test's own connection, to look at what the plugin wrote (and to pull the plugin's plug).
class PgClient {
public:
    explicit PgClient(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
        if (PQstatus(conn_) != CONNECTION_OK) throw std::runtime_error(PQerrorMessage(conn_));
        PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);  // "does not exist, skipping"
    }
    ~PgClient() { PQfinish(conn_); }

    // First column of every row ("NULL" for NULL).
    std::vector<std::string> column(const std::string& sql) {
        PGresult* r = PQexec(conn_, sql.c_str());
        const auto status = PQresultStatus(r);
        if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
            std::string message = PQresultErrorMessage(r);
            PQclear(r);
            throw std::runtime_error(sql + ": " + message);
        }
        std::vector<std::string> rows;
        for (int i = 0; i < PQntuples(r); ++i) rows.emplace_back(PQgetisnull(r, i, 0) ? "NULL" : PQgetvalue(r, i, 0));
        PQclear(r);
        return rows;
    }
    std::string value(const std::string& sql) {
        auto rows = column(sql);
        return rows.empty() ? "(no row)" : rows.front();
    }

private:
    PGconn* conn_;
};

class PostgresTest : public ::testing::Test {
protected:
    void SetUp() override {
        const char* conninfo = std::getenv("GLEANER_TEST_PG");
        if (!conninfo || !*conninfo)
            GTEST_SKIP() << "GLEANER_TEST_PG is not set: run through scripts/test, or start a server with "
                            "scripts/test-postgres.sh (start_test_postgres) and export it";
        conninfo_ = conninfo;
        std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        schema_ = "t_" + name.substr(0, 40) + "_" + std::to_string(::getpid());
        application_name_ = "gleaner-" + schema_;
        client_ = std::make_unique<PgClient>(conninfo_);
        client_->column("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    }
    void TearDown() override {
        if (client_) client_->column("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    }

    std::string table() const { return schema_ + ".articles"; }

    std::unique_ptr<plugins::PluginInstance> load(const std::string& extra_yaml = "") {
        const std::string conninfo = conninfo_ + " application_name=" + application_name_;
        return load_plugin("postgres", "conninfo: \"" + conninfo + "\"\ntable: " + table() + "\n" + extra_yaml,
                           dir_.path());
    }

    std::string conninfo_, schema_, application_name_;
    std::unique_ptr<PgClient> client_;
    TempDir dir_;
};

TEST_F(PostgresTest, CreatesTheTableAndItsFullTextIndexOnFirstUse) {
    auto plugin = load();

    const auto columns = client_->column(
        "SELECT column_name || ':' || data_type FROM information_schema.columns WHERE table_schema = '" + schema_ +
        "' AND table_name = 'articles' ORDER BY ordinal_position");
    const std::vector<std::string> expected = {
        "id:bigint",          "canonical_url:text",
        "url:text",           "source:text",
        "title:text",         "authors:jsonb",
        "published:timestamp with time zone", "modified:text",
        "language:text",      "site_name:text",
        "description:text",   "image:text",
        "section:text",       "tags:jsonb",
        "text:text",          "html:text",
        "word_count:integer", "partial:boolean",
        "provenance:jsonb",   "stored_at:timestamp with time zone",
        "updated_at:timestamp with time zone"};
    EXPECT_EQ(columns, expected);
    EXPECT_NE(client_->value("SELECT indexdef FROM pg_indexes WHERE schemaname = '" + schema_ +
                             "' AND indexname = 'articles_fts'")
                  .find("USING gin (to_tsvector('simple'::regconfig"),
              std::string::npos);
}

TEST_F(PostgresTest, RedeliveryLeavesOneRowAndAppliesTheUpdate) {
    auto plugin = load();
    ASSERT_EQ(deliver(*plugin, make_article("First title", "https://n.example/1", "Rivers rose.")).status, GLEANER_OK);
    ASSERT_EQ(deliver(*plugin, make_article("Other story", "https://n.example/2", "Markets calm.")).status, GLEANER_OK);
    ASSERT_EQ(plugin->flush().status, GLEANER_OK);
    const std::string first_stored = client_->value("SELECT stored_at FROM " + table() + " WHERE id = 1");

    ASSERT_EQ(deliver(*plugin, make_article("Corrected title", "https://n.example/1", "Rivers rose again.")).status,
              GLEANER_OK);
    ASSERT_EQ(plugin->flush().status, GLEANER_OK);

    EXPECT_EQ(client_->value("SELECT count(*) FROM " + table()), "2");
    const std::string row1 = " FROM " + table() + " WHERE canonical_url = 'https://n.example/1'";
    EXPECT_EQ(client_->value("SELECT title" + row1), "Corrected title");
    EXPECT_EQ(client_->value("SELECT text" + row1), "Rivers rose again.");
    EXPECT_EQ(client_->value("SELECT stored_at" + row1), first_stored) << "the first store time is kept";
    EXPECT_EQ(client_->value("SELECT updated_at >= stored_at" + row1), "t");
    EXPECT_EQ(client_->value("SELECT authors ->> 1" + row1), "Charles Babbage");
    EXPECT_EQ(client_->value("SELECT tags" + row1), R"(["flood", "weather"])");
    EXPECT_EQ(client_->value("SELECT (extract(epoch FROM published) * 1000)::bigint" + row1), "1714550400000");
    EXPECT_EQ(client_->value("SELECT provenance ->> 'http_status'" + row1), "200");
    EXPECT_EQ(client_->value("SELECT modified IS NULL AND partial = false AND word_count = 5" + row1), "t");
    EXPECT_EQ(plugin->counters()["rows_committed"], 3u);
}

TEST_F(PostgresTest, NothingIsVisibleBeforeFlushCommitsTheBatch) {
    auto plugin = load();
    ASSERT_EQ(deliver(*plugin, make_article("Pending", "https://n.example/1", "text")).status, GLEANER_OK);
    ASSERT_EQ(deliver(*plugin, make_article("Pending too", "https://n.example/2", "text")).status, GLEANER_OK);

    EXPECT_EQ(client_->value("SELECT count(*) FROM " + table()), "0") << "consume alone must not be visible";
    ASSERT_EQ(plugin->flush().status, GLEANER_OK);
    EXPECT_EQ(client_->value("SELECT count(*) FROM " + table()), "2");
}

TEST_F(PostgresTest, OneArticleThePostgresServerRefusesFailsAloneAndTheBatchCommits) {
    auto plugin = load();
    auto bad = make_article("Year 285 million", "https://n.example/bad", "A date no timestamp can hold.");
    bad["published_at_ms"] = 9'000'000'000'000'000'000LL;

    ASSERT_EQ(deliver(*plugin, make_article("Good one", "https://n.example/1", "text")).status, GLEANER_OK);
    const auto refused = deliver(*plugin, bad);
    ASSERT_EQ(deliver(*plugin, make_article("Good two", "https://n.example/2", "text")).status, GLEANER_OK);
    ASSERT_EQ(plugin->flush().status, GLEANER_OK);

    EXPECT_EQ(refused.status, GLEANER_FAIL);
    EXPECT_NE(refused.error.find("https://n.example/bad"), std::string::npos) << refused.error;
    EXPECT_NE(refused.error.find("out of range"), std::string::npos) << refused.error;
    EXPECT_EQ(client_->column("SELECT canonical_url FROM " + table() + " ORDER BY canonical_url"),
              (std::vector<std::string>{"https://n.example/1", "https://n.example/2"}));
}

TEST_F(PostgresTest, LostConnectionRetriesTheWholeBatchThenReconnects) {
    auto plugin = load();
    const auto first = make_article("Before the cut", "https://n.example/1", "text");
    const auto second = make_article("After the cut", "https://n.example/2", "text");
    ASSERT_EQ(deliver(*plugin, first).status, GLEANER_OK);

    // What a server restart looks like to the plugin: its backend is gone (waits up to 5 s for it).
    ASSERT_EQ(client_->value("SELECT bool_and(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
                             "WHERE application_name = '" + application_name_ + "'"),
              "t");
    const auto cut = deliver(*plugin, second);
    EXPECT_EQ(cut.status, GLEANER_RETRY) << cut.error;
    const auto flushed = plugin->flush();
    EXPECT_EQ(flushed.status, GLEANER_RETRY) << "the first article was rolled back with the lost transaction";
    EXPECT_NE(flushed.error.find("lost"), std::string::npos) << flushed.error;

    ASSERT_EQ(deliver(*plugin, first).status, GLEANER_OK) << "reconnects on the next article";
    ASSERT_EQ(deliver(*plugin, second).status, GLEANER_OK);
    ASSERT_EQ(plugin->flush().status, GLEANER_OK);
    EXPECT_EQ(client_->value("SELECT count(*) FROM " + table()), "2");
}

TEST_F(PostgresTest, FullTextQueryThroughTheIndexFindsTheArticle) {
    auto plugin = load("store_html: false\n");
    ASSERT_EQ(deliver(*plugin, make_article("Flood warning", "https://n.example/1", "Rivers rose overnight.")).status,
              GLEANER_OK);
    ASSERT_EQ(deliver(*plugin, make_article("Budget vote", "https://n.example/2", "The council approved it.")).status,
              GLEANER_OK);
    ASSERT_EQ(plugin->flush().status, GLEANER_OK);
    ASSERT_EQ(deliver(*plugin, make_article("Budget vote", "https://n.example/2", "The council postponed it.")).status,
              GLEANER_OK);
    ASSERT_EQ(plugin->flush().status, GLEANER_OK);

    const std::string search = "SELECT canonical_url FROM " + table() +
                               " WHERE to_tsvector('simple', title || ' ' || text) @@ plainto_tsquery('simple', ";
    EXPECT_EQ(client_->column(search + "'rivers')"), std::vector<std::string>{"https://n.example/1"});
    EXPECT_EQ(client_->column(search + "'flood warning')"), std::vector<std::string>{"https://n.example/1"});
    EXPECT_EQ(client_->column(search + "'postponed')"), std::vector<std::string>{"https://n.example/2"});
    EXPECT_TRUE(client_->column(search + "'approved')").empty()) << "the index follows updates";
    client_->column("SET enable_seqscan = off");
    const auto plan = client_->column("EXPLAIN " + search + "'rivers')");
    EXPECT_TRUE(std::any_of(plan.begin(), plan.end(),
                            [](const std::string& line) { return line.find("articles_fts") != std::string::npos; }))
        << "the documented query uses the GIN index";
    EXPECT_EQ(client_->value("SELECT count(*) FROM " + table() + " WHERE html IS NULL"), "2");
}

TEST_F(PostgresTest, TableDroppedWhileRunningIsCreatedAgain) {
    auto plugin = load();
    ASSERT_EQ(deliver(*plugin, make_article("Before", "https://n.example/1", "text")).status, GLEANER_OK);
    ASSERT_EQ(plugin->flush().status, GLEANER_OK);
    client_->column("DROP TABLE " + table());

    const auto missing = deliver(*plugin, make_article("After", "https://n.example/2", "text"));
    EXPECT_EQ(missing.status, GLEANER_RETRY) << missing.error;
    ASSERT_EQ(deliver(*plugin, make_article("After", "https://n.example/2", "text")).status, GLEANER_OK);
    ASSERT_EQ(plugin->flush().status, GLEANER_OK);
    EXPECT_EQ(client_->column("SELECT canonical_url FROM " + table()), std::vector<std::string>{"https://n.example/2"});
}

// Needs no server: nothing listens on port 1.
TEST(PostgresUnreachable, ServerDownIsRetriedNotFailed) {
    TempDir dir;
    auto plugin = load_plugin("postgres", "conninfo: \"host=127.0.0.1 port=1 dbname=x connect_timeout=2\"\n", dir.path());

    const auto result = deliver(*plugin, make_article("Waiting", "https://n.example/1", "text"));
    EXPECT_EQ(result.status, GLEANER_RETRY);
    EXPECT_NE(result.error.find("cannot connect to PostgreSQL"), std::string::npos) << result.error;
    EXPECT_EQ(deliver(*plugin, make_article("Waiting too", "https://n.example/2", "text")).status, GLEANER_RETRY);
}

TEST(PostgresSettings, CheckConfigReportsUnusableSettingsAtTheirKeys) {
    TempDir dir;
    EXPECT_NE(config_errors("postgres", "conninfo: \"host=127.0.0.1 port=1\"\ntable: \"articles; DROP TABLE x\"\n",
                            dir.path())
                  .find(":6:14: plugins[0].config.table: \"articles; DROP TABLE x\" must be a plain name"),
              std::string::npos);
    EXPECT_NE(config_errors("postgres", "conninfo: \"host=127.0.0.1 nonsense\"\n", dir.path())
                  .find(":5:17: plugins[0].config.conninfo: "),
              std::string::npos);
    EXPECT_NE(config_errors("postgres", "table: articles\n", dir.path()).find("plugins[0].config.conninfo: missing"),
              std::string::npos);
}

}  // namespace
}  // namespace gleaner::builtin_test
