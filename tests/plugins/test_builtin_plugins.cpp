// The built-in jsonl and sqlite plugins, loaded with dlopen from build/plugins like the daemon does.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>

#include "article_fixture.h"
#include "plugins/plugin_instance.h"
#include "plugins/plugin_library.h"
#include "plugins/spooled_article.h"

namespace fs = std::filesystem;
using namespace gleaner::plugins;

namespace {

class BuiltinPluginTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("gleaner-builtin-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::unique_ptr<PluginInstance> load(const std::string& type, const nlohmann::json& config) {
        return std::make_unique<PluginInstance>(
            PluginLibrary::open(fs::path(BUILTIN_PLUGIN_DIR) / ("gleaner_" + type + ".so")), type, config.dump(),
            dir_ / "data");
    }

    static void deliver(PluginInstance& plugin, const std::string& title, const std::string& url,
                        const std::string& text) {
        auto a = SpooledArticle::parse(1, gleaner::testing::article_payload(title, url, text));
        ASSERT_EQ(plugin.consume(a->view()).status, GLEANER_OK);
    }

    // Runs a query and returns the first column of every row.
    static std::vector<std::string> query(const fs::path& db_file, const std::string& sql) {
        sqlite3* db = nullptr;
        EXPECT_EQ(sqlite3_open_v2(db_file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        sqlite3_stmt* stmt = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
        std::vector<std::string> rows;
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            const auto* text = sqlite3_column_text(stmt, 0);
            rows.emplace_back(text ? reinterpret_cast<const char*>(text) : "NULL");
        }
        sqlite3_finalize(stmt);
        sqlite3_close(db);
        return rows;
    }

    fs::path dir_;
};

}  // namespace

TEST_F(BuiltinPluginTest, SqliteUpsertsByCanonicalUrlSoRedeliveryLeavesOneRow) {
    const auto db = dir_ / "articles.db";
    auto plugin = load("sqlite", {{"path", db.string()}, {"busy_timeout", 1000}, {"store_html", true}});
    deliver(*plugin, "First title", "https://n.example/1", "Rivers rose overnight.");
    deliver(*plugin, "Other story", "https://n.example/2", "Markets were calm.");
    ASSERT_EQ(plugin->flush().status, GLEANER_OK);
    deliver(*plugin, "Corrected title", "https://n.example/1", "Rivers rose overnight again.");
    ASSERT_EQ(plugin->flush().status, GLEANER_OK);
    EXPECT_EQ(query(db, "SELECT COUNT(*) FROM articles"), std::vector<std::string>{"2"});
    EXPECT_EQ(query(db, "SELECT title FROM articles WHERE canonical_url = 'https://n.example/1'"),
              std::vector<std::string>{"Corrected title"});
    EXPECT_EQ(query(db, "SELECT authors FROM articles WHERE canonical_url = 'https://n.example/2'"),
              std::vector<std::string>{R"(["Ada Lovelace","Charles Babbage"])"});
    EXPECT_EQ(query(db, "SELECT json_extract(provenance, '$.http_status') FROM articles LIMIT 1"),
              std::vector<std::string>{"200"});
}

TEST_F(BuiltinPluginTest, SqliteKeepsAFullTextIndexOverTitleAndText) {
    const auto db = dir_ / "articles.db";
    auto plugin = load("sqlite", {{"path", db.string()}, {"busy_timeout", 1000}, {"store_html", false}});
    deliver(*plugin, "Flood warning", "https://n.example/1", "Rivers rose overnight.");
    deliver(*plugin, "Budget vote", "https://n.example/2", "The council approved the budget.");
    ASSERT_EQ(plugin->flush().status, GLEANER_OK);
    deliver(*plugin, "Budget vote delayed", "https://n.example/2", "The council postponed the vote.");
    ASSERT_EQ(plugin->flush().status, GLEANER_OK);
    const std::string search =
        "SELECT a.canonical_url FROM articles a JOIN articles_fts f ON a.id = f.rowid WHERE articles_fts MATCH ";
    EXPECT_EQ(query(db, search + "'rivers'"), std::vector<std::string>{"https://n.example/1"});
    EXPECT_EQ(query(db, search + "'postponed'"), std::vector<std::string>{"https://n.example/2"});
    EXPECT_TRUE(query(db, search + "'approved'").empty()) << "the index follows updates";
    EXPECT_EQ(query(db, "SELECT html FROM articles LIMIT 1"), std::vector<std::string>{"NULL"});
}

TEST_F(BuiltinPluginTest, SqliteAcknowledgesOnlyCommittedBatches) {
    const auto db = dir_ / "articles.db";
    auto plugin = load("sqlite", {{"path", db.string()}, {"busy_timeout", 1000}, {"store_html", true}});
    deliver(*plugin, "Uncommitted", "https://n.example/1", "text");
    EXPECT_EQ(query(db, "SELECT COUNT(*) FROM articles"), std::vector<std::string>{"0"})
        << "consume alone must not be visible: only flush makes a batch durable";
    ASSERT_EQ(plugin->flush().status, GLEANER_OK);
    EXPECT_EQ(query(db, "SELECT COUNT(*) FROM articles"), std::vector<std::string>{"1"});
}

TEST_F(BuiltinPluginTest, SqliteRefusesAnUnusablePathWithAClearError) {
    try {
        load("sqlite", {{"path", (dir_ / "missing-dir" / "x.db").string()}, {"busy_timeout", 1000}, {"store_html", true}});
        FAIL() << "expected a create error";
    } catch (const PluginCreateError& e) {
        EXPECT_NE(std::string(e.what()).find("cannot open " + (dir_ / "missing-dir" / "x.db").string()),
                  std::string::npos)
            << e.what();
    }
}

TEST_F(BuiltinPluginTest, JsonlWritesTheWholeArticleAsOneLine) {
    const auto file = dir_ / "articles.jsonl";
    auto plugin = load("jsonl", {{"path", file.string()}, {"fsync", true}});
    deliver(*plugin, "Line one", "https://n.example/1", "First.");
    deliver(*plugin, "Line two", "https://n.example/2", "Second.");
    ASSERT_EQ(plugin->flush().status, GLEANER_OK);
    std::ifstream in(file);
    std::vector<nlohmann::json> rows;
    for (std::string line; std::getline(in, line);) rows.push_back(nlohmann::json::parse(line));
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0]["title"], "Line one");
    EXPECT_EQ(rows[1]["text"], "Second.");
    EXPECT_EQ(rows[1]["provenance"]["http_status"], 200);
    EXPECT_EQ(plugin->counters()["lines_written"], 2u);
}
