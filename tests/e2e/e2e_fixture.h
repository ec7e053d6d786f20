// Shared set-up of end-to-end tests: a temporary work folder, the local HTTP server serving the
// fixture pages, and readers for what the plugins stored.
#pragma once

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "daemon_process.h"
#include "test_http_server.h"

namespace gleaner::testing {

class EndToEndTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    // Writes `yaml` as the config file and returns its path.
    std::filesystem::path write_config(const std::string& yaml);
    // The standard config: the given sources (YAML list items) and both built-in plugins.
    std::string config_with_sources(const std::string& sources_yaml, const std::string& extra = "") const;
    std::string fixture(const std::string& name) const;
    // Serves the three fixture articles at /news/<name>.html and an RSS feed of them at /feed.xml.
    void serve_news_site();
    // Serves `count` generated article pages at /gen/<i>.html (each answer delayed by `delay`) and an
    // RSS feed of them at /gen-feed.xml. Titles are "Generated story <i>".
    void serve_generated_site(int count, std::chrono::milliseconds delay = std::chrono::milliseconds(0));
    // The same site with each page answered by `answer(path, page)` (a flaky server, ...).
    using GeneratedAnswer = std::function<gleaner::test::TestResponse(const std::string& path,
                                                                      const std::string& page)>;
    void serve_generated_site(int count, const GeneratedAnswer& answer);
    static std::string generated_article(int i);

    std::vector<nlohmann::json> jsonl_articles(const std::string& file = "articles.jsonl") const;
    std::vector<std::string> lines_of(const std::string& file) const;
    // The first column of `sql`'s rows in the sqlite plugin's database `file` (under dir_).
    std::vector<std::string> sqlite_column(const std::string& sql, const std::string& file = "articles.db") const;

    std::filesystem::path dir_;
    std::unique_ptr<gleaner::test::TestHttpServer> server_;
};

}  // namespace gleaner::testing
