// Valid configuration files: the shape operators write, the defaults an empty file gets (which must be
// config.h's initializers), ${VAR} expansion, relative paths and `file:` URLs resolved against the
// file's folder, and every duration and size unit.
#include <gtest/gtest.h>

#include <cstdlib>

#include "config/config_loader.h"
#include "temp_config.h"

namespace gleaner::config {
namespace {

using namespace std::chrono_literals;

Config load_ok(const std::filesystem::path& file) {
    LoadResult result = load_config(file);
    std::string messages;
    for (const Diagnostic& diagnostic : result.diagnostics) {
        messages += diagnostic.to_string() + "\n";
    }
    EXPECT_TRUE(result.ok()) << messages;
    return result.config.value_or(Config{});
}

TEST(GoodConfig, OperatorExampleLoadsEveryValue) {
    testing::TempDir dir;
    const auto file = dir.write("gleaner.yaml", R"(state_dir: var/state
log: { level: info }
fetch: { user_agent: "Gleaner/0.1", concurrency: 32, per_host_concurrency: 2, timeout: 30s }
sources:
  - name: demo
    type: page            # page | feed | sitemap | section
    urls: [ "file:///abs/path/page.html", "https://example.org/news/1" ]
    interval: 15m
plugins:
  - name: archive
    type: sqlite          # a built-in plugin's name, or give `path:` to a .so
    config: { path: var/articles.db }
    filter: { languages: [en], min_words: 50, keywords: [election], patterns: ["(?i)flood(s|ing)?"] }
  - name: stream
    type: jsonl
    config: { path: var/articles.jsonl }
)");

    Config config = load_ok(file);

    EXPECT_EQ(config.file, file);
    EXPECT_EQ(config.state_dir, dir.path() / "var/state");
    EXPECT_EQ(config.log.level, "info");
    EXPECT_EQ(config.fetch.user_agent, "Gleaner/0.1");
    EXPECT_EQ(config.fetch.concurrency, 32);
    EXPECT_EQ(config.fetch.per_host_concurrency, 2);
    EXPECT_EQ(config.fetch.timeout, 30s);
    ASSERT_EQ(config.sources.size(), 1u);
    EXPECT_EQ(config.sources[0].name, "demo");
    EXPECT_EQ(config.sources[0].type, SourceType::page);
    EXPECT_EQ(config.sources[0].urls,
              (std::vector<std::string>{"file:///abs/path/page.html", "https://example.org/news/1"}));
    EXPECT_EQ(config.sources[0].interval, 15min);
    ASSERT_EQ(config.plugins.size(), 2u);
    EXPECT_EQ(config.plugins[0].name, "archive");
    EXPECT_EQ(config.plugins[0].type, "sqlite");
    EXPECT_EQ(config.plugins[0].config_json, R"({"path":"var/articles.db"})");  // no plugin host: as written
    EXPECT_EQ(config.plugins[0].config_line, 12);
    EXPECT_EQ(config.plugins[0].config_column, 13);
    EXPECT_EQ(config.plugins[0].filter.languages, std::vector<std::string>{"en"});
    EXPECT_EQ(config.plugins[0].filter.min_words, 50);
    EXPECT_EQ(config.plugins[0].filter.keywords, std::vector<std::string>{"election"});
    EXPECT_EQ(config.plugins[0].filter.patterns, std::vector<std::string>{"(?i)flood(s|ing)?"});
    EXPECT_EQ(config.plugins[1].name, "stream");
    EXPECT_EQ(config.plugins[1].config_json, R"({"path":"var/articles.jsonl"})");
}

// The schema's defaults and config.h's initializers are written in two places; this keeps them equal.
TEST(GoodConfig, EmptyFileGivesTheDefaultsOfConfigH) {
    testing::TempDir dir;
    const auto file = dir.write("gleaner.yaml", "");

    Config expected;
    expected.file = file;
    expected.state_dir = dir.path() / expected.state_dir;
    EXPECT_EQ(load_ok(file), expected);
}

TEST(GoodConfig, MinimalEntriesGetTheDefaultsOfConfigH) {
    testing::TempDir dir;
    const auto file = dir.write("gleaner.yaml",
                                "sources:\n"
                                "  - { name: demo, type: page, urls: [\"https://example.org/\"] }\n"
                                "plugins:\n"
                                "  - { name: out, type: jsonl }\n");

    Config config = load_ok(file);

    SourceConfig source;
    source.name = "demo";
    source.type = SourceType::page;
    source.urls = {"https://example.org/"};
    PluginConfig plugin;
    plugin.name = "out";
    plugin.type = "jsonl";
    plugin.config_line = 4;  // no `config:`: the entry's position
    plugin.config_column = 5;
    EXPECT_EQ(config.sources, std::vector<SourceConfig>{source});
    EXPECT_EQ(config.plugins, std::vector<PluginConfig>{plugin});
}

TEST(GoodConfig, DedupSiteRulesAndTheDuplicatesFilterAreRead) {
    testing::TempDir dir;
    const auto file = dir.write("gleaner.yaml", R"(extract: { site_rules: rules }
dedup: { window: 2d, near_threshold: 0.45 }
plugins:
  - name: originals
    type: jsonl
    config: { path: a.jsonl }
    filter: { duplicates: drop }
)");
    const Config config = load_ok(file);
    EXPECT_EQ(config.extract.site_rules, dir.path() / "rules");
    EXPECT_EQ(config.dedup.window, std::chrono::hours(48));
    EXPECT_DOUBLE_EQ(config.dedup.near_threshold, 0.45);
    ASSERT_EQ(config.plugins.size(), 1u);
    EXPECT_EQ(config.plugins[0].filter.duplicates, "drop");
}

TEST(GoodConfig, KeyWithoutValueMeansTheDefault) {
    testing::TempDir dir;
    Config config = load_ok(dir.write("gleaner.yaml", "fetch:\n  timeout:\n  headers:\nlog:\n"));

    EXPECT_EQ(config.fetch.timeout, Config{}.fetch.timeout);
    EXPECT_TRUE(config.fetch.headers.empty());
    EXPECT_EQ(config.log, LogConfig{});
}

TEST(GoodConfig, DurationsAcceptEveryUnitAndCombinations) {
    testing::TempDir dir;
    Config config = load_ok(dir.write("gleaner.yaml",
                                      "shutdown_timeout: 1h30m\n"
                                      "fetch:\n"
                                      "  per_host_delay: 500ms\n"
                                      "  timeout: 45s\n"
                                      "  retry: { base_delay: 250ms, max_delay: 2h }\n"
                                      "state: { prune_after: 30d }\n"
                                      "sources:\n"
                                      "  - { name: a, type: feed, urls: [\"https://example.org/f\"], interval: 20m,"
                                      " jitter: 1m30s, max_age: 7d }\n"));

    EXPECT_EQ(config.shutdown_timeout, 90min);
    EXPECT_EQ(config.fetch.per_host_delay, 500ms);
    EXPECT_EQ(config.fetch.timeout, 45s);
    EXPECT_EQ(config.fetch.retry.base_delay, 250ms);
    EXPECT_EQ(config.fetch.retry.max_delay, 2h);
    EXPECT_EQ(config.state.prune_after, 30 * 24h);
    ASSERT_EQ(config.sources.size(), 1u);
    EXPECT_EQ(config.sources[0].interval, 20min);
    EXPECT_EQ(config.sources[0].jitter, 90s);
    EXPECT_EQ(config.sources[0].max_age, std::optional<Duration>(7 * 24h));
}

TEST(GoodConfig, BaseDelayOfZeroIsRefusedButZeroJitterIsNot) {
    // base_delay is positive, jitter only non-negative: the bound is per key.
    testing::TempDir dir;
    LoadResult result = load_config(dir.write("gleaner.yaml", "fetch: { retry: { base_delay: 0 } }\n"));
    ASSERT_EQ(result.diagnostics.size(), 1u);
    EXPECT_EQ(result.diagnostics[0].key_path, "fetch.retry.base_delay");

    Config config = load_ok(dir.write("ok.yaml",
                                      "sources: [{ name: a, type: page, urls: [\"https://example.org/\"], "
                                      "jitter: 0 }]\n"));
    EXPECT_EQ(config.sources[0].jitter, 0ms);
}

TEST(GoodConfig, SizesAcceptBytesAndBinaryAndDecimalUnits) {
    testing::TempDir dir;
    Config config = load_ok(dir.write("gleaner.yaml",
                                      "fetch: { max_body_bytes: 1048576 }\n"
                                      "extract: { max_input_bytes: 512KiB }\n"
                                      "delivery: { spool_max_bytes: 2GB }\n"));

    EXPECT_EQ(config.fetch.max_body_bytes, 1048576);
    EXPECT_EQ(config.extract.max_input_bytes, 512 * 1024);
    EXPECT_EQ(config.delivery.spool_max_bytes, 2'000'000'000);
}

TEST(GoodConfig, EnvironmentVariablesAreExpandedInScalars) {
    setenv("GLEANER_TEST_AGENT", "Robot/2", 1);
    setenv("GLEANER_TEST_LANG", "fr", 1);
    setenv("GLEANER_TEST_CONCURRENCY", "7", 1);
    unsetenv("GLEANER_TEST_UNSET_DIR");
    unsetenv("GLEANER_TEST_UNSET_TIMEOUT");
    testing::TempDir dir;
    Config config = load_ok(dir.write("gleaner.yaml",
                                      "state_dir: ${GLEANER_TEST_UNSET_DIR:-fallback/state}\n"
                                      "fetch:\n"
                                      "  concurrency: ${GLEANER_TEST_CONCURRENCY}\n"
                                      "  timeout: ${GLEANER_TEST_UNSET_TIMEOUT:-45s}\n"
                                      "  user_agent: \"${GLEANER_TEST_AGENT} (costs $$5)\"\n"
                                      "  headers: { X-Lang: \"${GLEANER_TEST_LANG}\" }\n"
                                      "plugins:\n"
                                      "  - name: out\n"
                                      "    type: jsonl\n"
                                      "    filter: { languages: [\"${GLEANER_TEST_LANG}\"], patterns: [\"end$\"] }\n"));
    unsetenv("GLEANER_TEST_AGENT");
    unsetenv("GLEANER_TEST_LANG");
    unsetenv("GLEANER_TEST_CONCURRENCY");

    EXPECT_EQ(config.state_dir, dir.path() / "fallback/state");
    EXPECT_EQ(config.fetch.concurrency, 7);  // expanded before the value is typed
    EXPECT_EQ(config.fetch.timeout, 45s);
    EXPECT_EQ(config.fetch.user_agent, "Robot/2 (costs $5)");
    EXPECT_EQ(config.fetch.headers.at("X-Lang"), "fr");
    EXPECT_EQ(config.plugins[0].filter.languages, std::vector<std::string>{"fr"});
    EXPECT_EQ(config.plugins[0].filter.patterns, std::vector<std::string>{"end$"});
}

TEST(GoodConfig, RelativePathsResolveAgainstTheConfigFolderNotTheWorkingDirectory) {
    testing::TempDir dir;
    const auto file = dir.write("etc/gleaner.yaml",
                                "state_dir: ../var/state\n"
                                "plugin_dir: plugins\n"
                                "control_socket: /run/gleaner.sock\n"
                                "delivery: { dead_letter: dead/letters.jsonl }\n"
                                "plugins:\n"
                                "  - { name: custom, path: lib/custom.so }\n");
    const std::filesystem::path previous = std::filesystem::current_path();
    std::filesystem::current_path(dir.path());

    Config config = load_ok("etc/gleaner.yaml");
    std::filesystem::current_path(previous);

    EXPECT_EQ(config.file, file);
    EXPECT_EQ(config.state_dir, dir.path() / "var/state");
    EXPECT_EQ(config.plugin_dir, dir.path() / "etc/plugins");
    EXPECT_EQ(config.control_socket, "/run/gleaner.sock");
    EXPECT_EQ(config.delivery.dead_letter, dir.path() / "etc/dead/letters.jsonl");
    EXPECT_EQ(config.plugins[0].path, dir.path() / "etc/lib/custom.so");
}

TEST(GoodConfig, RelativeFileUrlsBecomeAbsoluteFileUrls) {
    testing::TempDir dir;
    const auto file = dir.write("conf/gleaner.yaml",
                                "sources:\n"
                                "  - name: local\n"
                                "    type: page\n"
                                "    urls: [\"file:pages/first page.html\", \"file:../shared/b.html\","
                                " \"file:///srv/c.html\", \"https://example.org/d\"]\n");

    Config config = load_ok(file);

    const std::string base = "file://" + dir.path().string();
    EXPECT_EQ(config.sources[0].urls, (std::vector<std::string>{base + "/conf/pages/first%20page.html",
                                                                  base + "/shared/b.html", "file:///srv/c.html",
                                                                  "https://example.org/d"}));
}

TEST(GoodConfig, AWarcSourcesPathsResolveAgainstTheFilesFolderAndRenderSettingsAreRead) {
    testing::TempDir dir;
    const auto file = dir.write("conf/gleaner.yaml",
                                "fetch: { render: { browser: /opt/chrome/headless, concurrency: 4, timeout: 45s } }\n"
                                "sources:\n"
                                "  - name: archive\n"
                                "    type: warc\n"
                                "    paths: [\"crawls/*.warc.gz\", \"/srv/cc-news/CC-NEWS-*.warc.gz\"]\n"
                                "  - name: apps\n"
                                "    type: page\n"
                                "    urls: [\"https://example.org/app\"]\n"
                                "    render: always\n");

    Config config = load_ok(file);

    EXPECT_EQ(config.sources[0].type, SourceType::warc);
    EXPECT_TRUE(config.sources[0].urls.empty());
    EXPECT_EQ(config.sources[0].paths, (std::vector<std::string>{(dir.path() / "conf/crawls/*.warc.gz").string(),
                                                                   "/srv/cc-news/CC-NEWS-*.warc.gz"}));
    EXPECT_EQ(config.sources[0].render, "never");
    EXPECT_EQ(config.sources[1].render, "always");
    EXPECT_EQ(config.fetch.render.browser, "/opt/chrome/headless");
    EXPECT_EQ(config.fetch.render.concurrency, 4);
    EXPECT_EQ(config.fetch.render.timeout, std::chrono::seconds(45));
}

TEST(GoodConfig, BooleansAcceptYamlSpellings) {
    testing::TempDir dir;
    Config config = load_ok(dir.write("gleaner.yaml",
                                      "fetch: { respect_robots: no, allow_private_networks: yes, verify_tls: False }\n"));

    EXPECT_FALSE(config.fetch.respect_robots);
    EXPECT_TRUE(config.fetch.allow_private_networks);
    EXPECT_FALSE(config.fetch.verify_tls);
}

TEST(GoodConfig, AdminListensOnLocalhostOrElsewhereOnlyWhenAllowed) {
    testing::TempDir dir;
    EXPECT_EQ(load_ok(dir.write("local.yaml", "admin: { listen: \"localhost:9464\" }\n")).admin.listen,
              "localhost:9464");
    EXPECT_EQ(load_ok(dir.write("v6.yaml", "admin: { listen: \"[::1]:9464\" }\n")).admin.listen, "[::1]:9464");
    setenv("GLEANER_TEST_ADMIN_TOKEN", "s3cret", 1);
    const Config remote = load_ok(dir.write(
        "remote.yaml",
        "admin: { listen: \"0.0.0.0:9464\", allow_remote: true, token: \"${GLEANER_TEST_ADMIN_TOKEN}\" }\n"));
    unsetenv("GLEANER_TEST_ADMIN_TOKEN");
    EXPECT_EQ(remote.admin.listen, "0.0.0.0:9464");
    EXPECT_TRUE(remote.admin.allow_remote);
    EXPECT_EQ(remote.admin.token, "s3cret");
}

TEST(GoodConfig, PageTypesDefaultToArticlesAndTakeAnyOfTheFour) {
    testing::TempDir dir;
    EXPECT_EQ(load_ok(dir.write("default.yaml", "")).extract.page_types, std::vector<std::string>{"article"});
    const Config all = load_ok(dir.write("all.yaml", "extract: { page_types: [article, listing, forum, other] }\n"));
    EXPECT_EQ(all.extract.page_types, (std::vector<std::string>{"article", "listing", "forum", "other"}));
}

}  // namespace
}  // namespace gleaner::config

namespace gleaner::config {
namespace {

// The cluster example (installed for the gleaner@.service template) loads as shipped, taking the
// node's name and state folder from the environment the template sets.
TEST(GoodConfig, TheClusterExampleLoadsWithTheTemplatesEnvironment) {
    ::setenv("GLEANER_NODE", "b", 1);
    ::setenv("STATE_DIRECTORY", "/var/lib/gleaner/b", 1);
    Config config = load_ok(std::filesystem::path(GLEANER_SOURCE_DIR) / "config" / "cluster.example.yaml");
    ::unsetenv("GLEANER_NODE");
    ::unsetenv("STATE_DIRECTORY");
    EXPECT_EQ(config.node.name, "b");
    EXPECT_EQ(config.state_dir, "/var/lib/gleaner/b");
    EXPECT_EQ(config.state.backend, "postgres");
    EXPECT_EQ(config.state.lease, std::chrono::seconds(60));
    EXPECT_NE(config.state.conninfo.find("dbname=gleaner"), std::string::npos);
}

}  // namespace
}  // namespace gleaner::config
