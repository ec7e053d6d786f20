// The crawl-store conformance suite's fixture: every test runs against each backend (typed tests),
// each test on a store of its own — PostgreSQL: a fresh schema in the database of the server
// scripts/test starts (GLEANER_TEST_PG; the PostgreSQL instantiation skips when it is unset).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "state/crawl_store.h"

namespace gleaner::testing {

// A PostgreSQL schema made for one test and dropped after it (a schema, not a database: dropping a
// database costs a checkpoint).
class PostgresBackend {
public:
    static constexpr const char* kName = "postgres";
    // Empty when GLEANER_TEST_PG is unset: the test is skipped with `skip_reason()`.
    PostgresBackend();
    bool available() const { return !conninfo_.empty(); }
    static std::string skip_reason();

    void set_up(const std::filesystem::path& state_dir);
    void tear_down();
    std::unique_ptr<state::CrawlStore> open();
    // What the store's error messages name for this store.
    std::string where() const;
    // Test-only surgery: a schema version newer than the build knows; the store as the release
    // before archive progress left it (migration 2, without archive_files); a payload's bytes
    // changed behind the store's back.
    void make_schema_newer();
    void make_schema_before_archives();
    void corrupt_payload(std::int64_t article_id);

    // Runs SQL on the test server (for tests that arrange what a store finds).
    static void admin_exec(const std::string& conninfo, const std::string& sql);
    const std::string& conninfo() const { return conninfo_; }

private:
    std::string conninfo_;
    std::string schema_;
    std::filesystem::path state_dir_;
};

// A SQLite store in the test's state folder (one daemon per file: opening it again is a restart).
class SqliteBackend {
public:
    static constexpr const char* kName = "sqlite";
    bool available() const { return true; }
    static std::string skip_reason() { return {}; }

    void set_up(const std::filesystem::path& state_dir) { state_dir_ = state_dir; }
    void tear_down() {}
    std::unique_ptr<state::CrawlStore> open();
    std::string where() const;
    void make_schema_newer();
    void make_schema_before_archives();  // schema 3, without archive_files
    void corrupt_payload(std::int64_t article_id);

private:
    std::filesystem::path state_dir_;
};

// Backends the suite runs against.
using Backends = ::testing::Types<SqliteBackend, PostgresBackend>;

struct BackendNames {
    template <class Backend>
    static std::string GetName(int) {
        return Backend::kName;
    }
};

template <class Backend>
class CrawlStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!backend_.available()) GTEST_SKIP() << Backend::skip_reason();
        state_dir_ = std::filesystem::temp_directory_path() /
                     ("gleaner-store-" + std::to_string(::getpid()) + "-" +
                      ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(state_dir_);
        std::filesystem::create_directories(state_dir_);
        backend_.set_up(state_dir_);
        store_ = backend_.open();
    }
    void TearDown() override {
        if (!backend_.available()) return;
        store_.reset();
        backend_.tear_down();
        std::filesystem::remove_all(state_dir_);
    }

    // Another handle on the same store, as a second node (or a restarted daemon) would open it.
    std::unique_ptr<state::CrawlStore> open() { return backend_.open(); }
    void reopen() {
        store_.reset();
        store_ = backend_.open();
    }
    state::CrawlStore& store() { return *store_; }

    Backend backend_;
    std::filesystem::path state_dir_;
    std::unique_ptr<state::CrawlStore> store_;
};

// ---- values the tests build

inline state::ListedUrl listed(const std::string& path, const std::string& host = "news.example",
                               state::EntryHints hints = {}) {
    const std::string url = "https://" + host + path;
    return {url, url, host, std::move(hints)};
}

inline std::vector<state::ListedUrl> listed_on(const std::string& host, int count, const std::string& prefix = "/a") {
    std::vector<state::ListedUrl> out;
    for (int i = 0; i < count; ++i) out.push_back(listed(prefix + std::to_string(i), host));
    return out;
}

// The paths of claimed URLs, in the order claimed.
inline std::vector<std::string> paths(const std::vector<state::ClaimedUrl>& claimed) {
    std::vector<std::string> out;
    for (const auto& u : claimed) out.push_back(u.url.substr(u.url.find('/', 8)));
    return out;
}

inline state::AddUrlsOptions at(std::int64_t now_ms) {
    state::AddUrlsOptions o;
    o.now_ms = now_ms;
    return o;
}

inline state::NewArticle article(const std::string& url, const std::string& fingerprint,
                                 std::vector<std::string> plugins = {"files"}) {
    state::NewArticle a;
    a.canonical_url = url;
    a.source = "demo";
    a.fingerprint = fingerprint;
    a.payload = R"({"url":")" + url + R"(","text":"story )" + fingerprint + R"("})";
    for (auto& p : plugins) a.targets.push_back({std::move(p), ""});
    return a;
}

}  // namespace gleaner::testing
