#include "e2e_fixture.h"

#include <sqlite3.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace gleaner::testing {

void EndToEndTest::SetUp() {
    // Short: the control socket lives in here and Unix socket paths are limited to 107 bytes.
    static int counter = 0;
    dir_ = std::filesystem::temp_directory_path() /
           ("gleaner-e2e-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
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

std::string EndToEndTest::generated_article(int i) {
    // Distinct words per story so no two pages share a content fingerprint.
    static const char* const kWords[] = {"river", "council", "harbour", "school", "market", "bridge", "orchard",
                                         "station", "library", "stadium", "forest", "museum"};
    std::string paragraphs;
    for (int p = 0; p < 5; ++p) {
        paragraphs += "<p>Story " + std::to_string(i) + " continues in paragraph " + std::to_string(p + 1) +
                      ": residents near the " + kWords[(i + p) % 12] + " described what happened on day " +
                      std::to_string(i * 7 + p) + ", and officials promised a full report on the " +
                      kWords[(i * 3 + p) % 12] + " before the end of the month, according to people familiar "
                      "with the matter who asked not to be named because the talks were private.</p>\n";
    }
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Generated story " +
           std::to_string(i) + " | Test Gazette</title></head><body><header><nav><a href=\"/\">Home</a> "
           "<a href=\"/world\">World</a></nav></header><main><article><h1>Generated story " +
           std::to_string(i) + "</h1>" + paragraphs +
           "</article></main><footer><p>Copyright Test Gazette. All rights reserved.</p></footer></body></html>";
}

void EndToEndTest::serve_generated_site(int count, std::chrono::milliseconds delay) {
    serve_generated_site(count, [delay](const std::string&, const std::string& page) {
        auto r = gleaner::test::TestResponse::text(page, "text/html; charset=utf-8");
        r.delay = delay;
        return r;
    });
}

void EndToEndTest::serve_generated_site(int count, const GeneratedAnswer& answer) {
    std::string items;
    for (int i = 0; i < count; ++i) {
        const std::string path = "/gen/" + std::to_string(i) + ".html";
        server_->on(path, [path, page = generated_article(i), answer](const gleaner::test::ReceivedRequest&) {
            return answer(path, page);
        });
        items += "<item><title>Generated story " + std::to_string(i) + "</title><link>" + server_->url(path) +
                 "</link></item>\n";
    }
    server_->serve("/gen-feed.xml",
                   "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Generated</title>" + items +
                       "</channel></rss>",
                   "application/rss+xml");
}

std::vector<std::string> EndToEndTest::lines_of(const std::string& file) const {
    std::ifstream in(dir_ / file);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

std::vector<nlohmann::json> EndToEndTest::jsonl_articles(const std::string& file) const {
    std::ifstream in(dir_ / file);
    std::vector<nlohmann::json> out;
    for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
    return out;
}

std::vector<std::string> EndToEndTest::sqlite_column(const std::string& sql, const std::string& file) const {
    sqlite3* db = nullptr;
    std::vector<std::string> rows;
    if (sqlite3_open_v2((dir_ / file).c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
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
