#include "e2e_fixture.h"

#include <sqlite3.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace gleaner::testing {

void EndToEndTest::SetUp() {
    dir_ = std::filesystem::temp_directory_path() /
           ("gleaner-e2e-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    server_ = std::make_unique<gleaner::test::TestHttpServer>();
}

void EndToEndTest::TearDown() {
    server_.reset();
    if (!HasFailure()) std::filesystem::remove_all(dir_);
}

std::filesystem::path EndToEndTest::write_config(const std::string& yaml) {
    const auto file = dir_ / "gleaner.yaml";
    std::ofstream(file) << yaml;
    return file;
}

std::string EndToEndTest::config_with_sources(const std::string& sources_yaml, const std::string& extra) const {
    return "state_dir: state\n"
           "log: { level: debug }\n"
           "fetch: { allow_private_networks: true, timeout: 10s, retry: { max_attempts: 2, base_delay: 100ms } }\n"
           "sources:\n" +
           sources_yaml +
           "plugins:\n"
           "  - name: archive\n"
           "    type: sqlite\n"
           "    config: { path: articles.db }\n"
           "  - name: stream\n"
           "    type: jsonl\n"
           "    config: { path: articles.jsonl }\n" +
           extra;
}

std::string EndToEndTest::fixture(const std::string& name) const {
    std::ifstream in(std::filesystem::path(E2E_FIXTURES) / name, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void EndToEndTest::serve_news_site() {
    std::string items;
    for (const std::string name : {"suv", "wework", "vizzion"}) {
        server_->serve("/news/" + name + ".html", fixture(name + ".html"));
        items += "<item><title>" + name + "</title><link>" + server_->url("/news/" + name + ".html") +
                 "</link><pubDate>Tue, 19 Nov 2019 10:00:00 GMT</pubDate></item>\n";
    }
    server_->serve("/feed.xml",
                   "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Local news</title>" + items +
                       "</channel></rss>",
                   "application/rss+xml");
    server_->serve("/robots.txt", "User-agent: *\nAllow: /\n", "text/plain");
}

std::vector<nlohmann::json> EndToEndTest::jsonl_articles() const {
    std::ifstream in(dir_ / "articles.jsonl");
    std::vector<nlohmann::json> out;
    for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
    return out;
}

std::vector<std::string> EndToEndTest::sqlite_column(const std::string& sql) const {
    sqlite3* db = nullptr;
    std::vector<std::string> rows;
    if (sqlite3_open_v2((dir_ / "articles.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return rows;
    }
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK)
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            const auto* text = sqlite3_column_text(stmt, 0);
            rows.emplace_back(text ? reinterpret_cast<const char*>(text) : "NULL");
        }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return rows;
}

}  // namespace gleaner::testing
