// A table of broken configuration files and the exact diagnostics each must produce: position
// (line:column), key path and message. One row per kind of error the loader detects, run with the
// fake plugin host so plugin types and settings are checked too.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "config/config_loader.h"
#include "fake_plugins.h"
#include "temp_config.h"

namespace gleaner::config {
namespace {

struct BadConfig {
    const char* name;
    const char* yaml;
    // "line:column: key_path: message", after the file name; "{dir}" stands for the file's folder.
    std::vector<std::string> expected;
};

const BadConfig kBadConfigs[] = {
    {"YamlSyntaxError", "fetch:\n  timeout: 30s: 10s\n", {"2:15: YAML syntax error: illegal map value"}},
    {"RootIsNotAMapping", "- a\n- b\n", {"1:1: expected a mapping, got a list"}},
    {"UnknownKeyWithoutCloseMatch", "colour: blue\n", {"1:1: colour: unknown key `colour`"}},
    {"UnknownKeySuggestsTheClosest",
     "sources:\n"
     "  - name: demo\n"
     "    type: page\n"
     "    urls: [https://example.org/]\n"
     "    intervl: 15m\n",
     {"5:5: sources[0].intervl: unknown key `intervl` (did you mean `interval`?)"}},
    {"UnknownNestedKeySuggests", "fetch:\n  retry:\n    max_attempt: 3\n",
     {"3:5: fetch.retry.max_attempt: unknown key `max_attempt` (did you mean `max_attempts`?)"}},
    {"DuplicateKeyInOneMapping", "log:\n  level: info\n  level: debug\n",
     {"3:3: log.level: duplicate key `level` (first given at line 2)"}},
    {"ListUsedAsAKey", "log:\n  [level]: info\n", {"2:3: log: expected a key name, got a list"}},
    {"StringWhereAMappingIsNeeded", "fetch: 5\n", {"1:8: fetch: expected a mapping, got a string"}},
    {"StringWhereAListOfEntriesIsNeeded", "sources: {name: a}\n",
     {"1:10: sources: expected a list of mappings, got a mapping"}},
    {"EntryThatIsNotAMapping", "sources:\n  - demo\n", {"2:5: sources[0]: expected a mapping, got a string"}},
    {"WordWhereAnIntegerIsNeeded", "fetch:\n  concurrency: many\n",
     {"2:16: fetch.concurrency: invalid integer \"many\""}},
    {"IntegerOutOfRange", "fetch:\n  concurrency: 99999999999\n",
     {"2:16: fetch.concurrency: must be at most 2147483647, got 99999999999"}},
    {"UnknownPageType", "extract:\n  page_types: [article, listng]\n",
     {"2:25: extract.page_types[1]: invalid value \"listng\", expected one of `article`, `listing`, `forum` or "
      "`other` (did you mean `listing`?)"}},
    {"NoPageTypeAtAll", "extract:\n  page_types: []\n", {"2:15: extract.page_types: must not be empty"}},
    {"WordWhereABooleanIsNeeded", "fetch:\n  verify_tls: maybe\n",
     {"2:15: fetch.verify_tls: expected true or false, got \"maybe\""}},
    {"StringWhereAListIsNeeded",
     "sources:\n"
     "  - name: demo\n"
     "    type: page\n"
     "    urls: https://example.org/\n",
     {"4:11: sources[0].urls: expected a list of URLs, got a string "
      "(write [https://example.org/] for a list of one)"}},
    {"ListWhereAListItemStringIsNeeded",
     "plugins:\n"
     "  - name: out\n"
     "    type: jsonl\n"
     "    config: { path: a.jsonl }\n"
     "    filter: { keywords: [[flood]] }\n",
     {"5:26: plugins[0].filter.keywords[0]: expected a string, got a list"}},
    {"BadDuration",
     "sources:\n"
     "  - name: demo\n"
     "    type: page\n"
     "    urls: [https://example.org/]\n"
     "    interval: 15 minutes\n",
     {"5:15: sources[0].interval: invalid duration \"15 minutes\" "
      "(use a number followed by ms, s, m, h or d, e.g. 15m)"}},
    {"BadSize", "fetch:\n  max_body_bytes: 16 megs\n",
     {"2:19: fetch.max_body_bytes: invalid size \"16 megs\" "
      "(use a number of bytes, optionally followed by KiB, MiB, GiB, KB, MB or GB, e.g. 16MiB)"}},
    {"MissingRequiredKeyPointsAtTheEntry",
     "sources:\n"
     "  - type: page\n"
     "    urls: [https://example.org/]\n",
     {"2:5: sources[0].name: missing required key `name`"}},
    {"WarcSourceWithoutPaths",
     "sources:\n"
     "  - name: archive\n"
     "    type: warc\n",
     {"2:5: sources[0].paths: missing required key `paths` (WARC files or glob patterns)"}},
    {"WarcSourceGivenUrlsAndRender",
     "sources:\n"
     "  - name: archive\n"
     "    type: warc\n"
     "    paths: [crawl/*.warc.gz]\n"
     "    urls: [https://example.org/]\n"
     "    render: auto\n",
     {"5:11: sources[0].urls: a warc source reads `paths`, not `urls`",
      "6:13: sources[0].render: a warc source's pages are not rendered (the browser would fetch the page's "
      "scripts from the live site)"}},
    {"PathsOnAFeedAndAnUnknownRenderMode",
     "sources:\n"
     "  - name: demo\n"
     "    type: feed\n"
     "    urls: [https://example.org/rss]\n"
     "    paths: [a.warc]\n"
     "    render: sometimes\n",
     {"5:12: sources[0].paths: `paths` is for warc sources; this one reads `urls`",
      "6:13: sources[0].render: invalid value \"sometimes\", expected one of `never`, `auto` or `always`"}},
    {"RequiredKeyWithoutValue",
     "sources:\n"
     "  - name:\n"
     "    type: page\n"
     "    urls: [https://example.org/]\n",
     {"2:5: sources[0].name: `name` needs a value"}},
    {"InvalidEnumValue", "log:\n  level: verbose\n",
     {"2:10: log.level: invalid value \"verbose\", expected one of `trace`, `debug`, `info`, `warn` or `error`"}},
    {"InvalidEnumValueSuggests",
     "sources:\n"
     "  - name: demo\n"
     "    type: feeds\n"
     "    urls: [https://example.org/feed]\n",
     {"3:11: sources[0].type: invalid value \"feeds\", expected one of `page`, `feed`, `sitemap`, `section` or `warc` "
      "(did you mean `feed`?)"}},
    {"UnknownPluginType",
     "plugins:\n"
     "  - name: archive\n"
     "    type: sqlit\n"
     "    config: { path: a.db }\n",
     {"3:11: plugins[0].type: unknown plugin type \"sqlit\" (known: jsonl, sqlite)"}},
    {"UnloadablePluginPath",
     "plugins:\n"
     "  - name: custom\n"
     "    path: lib/missing.so\n",
     {"3:11: plugins[0].path: cannot load {dir}/lib/missing.so: no such file"}},
    {"PluginWithoutTypeOrPath", "plugins:\n  - name: out\n    config: { path: a }\n",
     {"2:5: plugins[0]: missing `type` (a plugin type, e.g. `sqlite`) or `path` (a shared object)"}},
    {"PluginWithTypeAndPath", "plugins:\n  - name: out\n    type: jsonl\n    path: out.so\n",
     {"4:11: plugins[0].path: give either `type` or `path`, not both"}},
    {"PluginTypeLeadingOutOfThePluginFolder", "plugins:\n  - name: out\n    type: ../../tmp/evil\n",
     {"3:11: plugins[0].type: plugin type \"../../tmp/evil\" is not a plain name (letters, digits, `_` and `-`); "
      "name a shared object elsewhere with `path:`"}},
    {"UnknownPluginSettingAndMissingRequiredOne",
     "plugins:\n"
     "  - name: out\n"
     "    type: jsonl\n"
     "    config: { pth: a.jsonl }\n",
     {"4:13: plugins[0].config.path: missing required key `path`",
      "4:15: plugins[0].config.pth: unknown key `pth` (did you mean `path`?)"}},
    {"MistypedPluginSetting",
     "plugins:\n"
     "  - name: archive\n"
     "    type: sqlite\n"
     "    config:\n"
     "      path: a.db\n"
     "      busy_timeout: a while\n",
     {"6:21: plugins[0].config.busy_timeout: invalid duration \"a while\" "
      "(use a number followed by ms, s, m, h or d, e.g. 15m)"}},
    {"DuplicateSourceNames",
     "sources:\n"
     "  - name: demo\n"
     "    type: page\n"
     "    urls: [https://example.org/a]\n"
     "  - name: demo\n"
     "    type: page\n"
     "    urls: [https://example.org/b]\n",
     {"5:11: sources[1].name: duplicate source name \"demo\" (first used at line 2)"}},
    {"DuplicatePluginNames",
     "plugins:\n"
     "  - name: out\n"
     "    type: jsonl\n"
     "    config: { path: a.jsonl }\n"
     "  - name: out\n"
     "    type: jsonl\n"
     "    config: { path: b.jsonl }\n",
     {"5:11: plugins[1].name: duplicate plugin name \"out\" (first used at line 2)"}},
    {"InvalidUrl",
     "sources:\n"
     "  - name: demo\n"
     "    type: page\n"
     "    urls: [\"http//example.org/\"]\n",
     {"4:12: sources[0].urls[0]: invalid URL \"http//example.org/\": Bad scheme"}},
    {"UnsupportedUrlScheme",
     "sources:\n"
     "  - name: demo\n"
     "    type: page\n"
     "    urls: [https://example.org/, ftp://example.org/a]\n",
     {"4:34: sources[0].urls[1]: unsupported URL scheme in \"ftp://example.org/a\" (use http, https or file)"}},
    {"EmptyUrlList",
     "sources:\n"
     "  - name: demo\n"
     "    type: page\n"
     "    urls: []\n",
     {"4:11: sources[0].urls: must not be empty"}},
    {"BadRegexInFilter",
     "plugins:\n"
     "  - name: out\n"
     "    type: jsonl\n"
     "    config: { path: a.jsonl }\n"
     "    filter:\n"
     "      patterns: [\"(?i)flood(s|ing\"]\n",
     {"6:18: plugins[0].filter.patterns[0]: invalid regular expression \"(?i)flood(s|ing\": "
      "missing ): (?i)flood(s|ing"}},
    {"BadRegexInSectionInclude",
     "sources:\n"
     "  - name: news\n"
     "    type: section\n"
     "    urls: [https://example.org/]\n"
     "    include: [\"/news/[0-9+\"]\n",
     {"5:15: sources[0].include[0]: invalid regular expression \"/news/[0-9+\": missing ]: [0-9+"}},
    {"ZeroWhereAPositiveNumberIsNeeded", "fetch:\n  concurrency: 0\n",
     {"2:16: fetch.concurrency: must be greater than 0, got 0"}},
    {"NegativeWhereANonNegativeNumberIsNeeded",
     "plugins:\n"
     "  - name: out\n"
     "    type: jsonl\n"
     "    config: { path: a.jsonl }\n"
     "    filter: { min_words: -5 }\n",
     {"5:26: plugins[0].filter.min_words: must not be negative, got -5"}},
    {"ZeroDurationWhereAPositiveOneIsNeeded",
     "sources:\n"
     "  - name: demo\n"
     "    type: page\n"
     "    urls: [https://example.org/]\n"
     "    interval: 0s\n",
     {"5:15: sources[0].interval: must be greater than 0, got 0s"}},
    {"BadListenAddress", "admin:\n  listen: localhost\n",
     {"2:11: admin.listen: invalid listen address \"localhost\": no port (use host:port with an IP address or "
      "localhost, e.g. 127.0.0.1:9464)"}},
    {"ListenAddressWithAHostName", "admin:\n  listen: admin.example.org:9464\n",
     {"2:11: admin.listen: invalid listen address \"admin.example.org:9464\": \"admin.example.org\" is not an IP "
      "address or localhost (use host:port with an IP address or localhost, e.g. 127.0.0.1:9464)"}},
    {"AdminReachableFromOtherMachinesWithoutOptIn", "admin:\n  listen: \":9464\"\n",
     {"2:11: admin.listen: \":9464\" can be reached from other machines; listen on 127.0.0.1 or localhost, or set "
      "admin.allow_remote: true (and admin.token) to allow it"}},
    {"AdminOnAPublicAddressWithoutOptIn", "admin:\n  listen: \"[::]:9464\"\n",
     {"2:11: admin.listen: \"[::]:9464\" can be reached from other machines; listen on 127.0.0.1 or localhost, or "
      "set admin.allow_remote: true (and admin.token) to allow it"}},
    {"FilterNamesAnUnknownSource",
     "sources:\n"
     "  - name: world\n"
     "    type: feed\n"
     "    urls: [https://example.org/feed]\n"
     "plugins:\n"
     "  - name: out\n"
     "    type: jsonl\n"
     "    config: { path: a.jsonl }\n"
     "    filter: { sources: [wrold] }\n",
     {"9:25: plugins[0].filter.sources[0]: unknown source \"wrold\" (did you mean `world`?)"}},
    {"NearThresholdAboveOne", "dedup: { near_threshold: 1.5 }\n",
     {"1:26: dedup.near_threshold: a similarity is at most 1, got 1.5"}},
    {"UnknownDuplicatesChoice",
     "plugins:\n"
     "  - name: out\n"
     "    type: jsonl\n"
     "    config: { path: a.jsonl }\n"
     "    filter: { duplicates: hide }\n",
     {"5:27: plugins[0].filter.duplicates: invalid value \"hide\", expected one of `keep` or `drop`"}},
    {"UnsetEnvironmentVariable", "fetch:\n  user_agent: ${GLEANER_TEST_SURELY_UNSET}\n",
     {"2:15: fetch.user_agent: environment variable GLEANER_TEST_SURELY_UNSET is not set "
      "(write ${GLEANER_TEST_SURELY_UNSET:-default} to give a default)"}},
    {"UnterminatedVariable", "fetch:\n  proxy: \"${HTTP_PROXY\"\n",
     {"2:10: fetch.proxy: unterminated `${` (write `$$` for a literal dollar)"}},
    {"SeveralErrorsAreAllReported",
     "state_dir: var/state\n"
     "log: { level: loud }\n"
     "fetch: { concurrency: 0, timeout: 30 }\n"
     "sources:\n"
     "  - name: demo\n"
     "    type: page\n"
     "    urls: [\"file:page.html\", \"mailto:me@example.org\"]\n"
     "    intervl: 15m\n"
     "  - name: demo\n"
     "    type: feed\n"
     "plugins:\n"
     "  - name: archive\n"
     "    type: sqlite\n"
     "    config: { path: a.db, page_cache: lots }\n"
     "    filter: { patterns: [\"(\"] }\n",
     {"2:15: log.level: invalid value \"loud\", expected one of `trace`, `debug`, `info`, `warn` or `error`",
      "3:23: fetch.concurrency: must be greater than 0, got 0",
      "3:35: fetch.timeout: invalid duration \"30\" (use a number followed by ms, s, m, h or d, e.g. 15m)",
      "7:30: sources[0].urls[1]: unsupported URL scheme in \"mailto:me@example.org\" "
      "(use http, https or file)",
      "8:5: sources[0].intervl: unknown key `intervl` (did you mean `interval`?)",
      "9:5: sources[1].urls: missing required key `urls`",
      "9:11: sources[1].name: duplicate source name \"demo\" (first used at line 5)",
      "14:39: plugins[0].config.page_cache: invalid integer \"lots\"",
      "15:26: plugins[0].filter.patterns[0]: invalid regular expression \"(\": missing ): ("}},
};

class BadConfigTest : public ::testing::TestWithParam<BadConfig> {};

std::string replace_dir(std::string text, const std::string& dir) {
    const std::string placeholder = "{dir}";
    for (std::size_t at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder)) {
        text.replace(at, placeholder.size(), dir);
    }
    return text;
}

TEST_P(BadConfigTest, ReportsExactlyTheExpectedDiagnostics) {
    unsetenv("GLEANER_TEST_SURELY_UNSET");
    testing::TempDir dir;
    const std::filesystem::path file = dir.write("gleaner.yaml", GetParam().yaml);
    const PluginSchemaProvider plugins = testing::fake_plugin_host();

    LoadResult result = load_config(file, &plugins);

    std::vector<std::string> expected;
    for (const std::string& line : GetParam().expected) {
        expected.push_back(file.string() + ":" + replace_dir(line, dir.path().string()));
    }
    std::vector<std::string> actual;
    for (const Diagnostic& diagnostic : result.diagnostics) {
        actual.push_back(diagnostic.to_string());
    }
    EXPECT_EQ(actual, expected);
    EXPECT_FALSE(result.ok());
}

INSTANTIATE_TEST_SUITE_P(Rows, BadConfigTest, ::testing::ValuesIn(kBadConfigs),
                         [](const ::testing::TestParamInfo<BadConfig>& row) { return std::string(row.param.name); });

TEST(BadConfig, DiagnosticHoldsFileLineColumnAndKeyPathApart) {
    testing::TempDir dir;
    const std::filesystem::path file = dir.write("gleaner.yaml", "fetch:\n  timeout: soon\n");

    LoadResult result = load_config(file);

    ASSERT_EQ(result.diagnostics.size(), 1u);
    const Diagnostic& diagnostic = result.diagnostics.front();
    EXPECT_EQ(diagnostic.file, file);
    EXPECT_EQ(diagnostic.line, 2);
    EXPECT_EQ(diagnostic.column, 12);
    EXPECT_EQ(diagnostic.key_path, "fetch.timeout");
    EXPECT_EQ(diagnostic.message, "invalid duration \"soon\" (use a number followed by ms, s, m, h or d, e.g. 15m)");
}

TEST(BadConfig, FileNamedAsGivenInDiagnostics) {
    testing::TempDir dir;
    dir.write("config/gleaner.yaml", "log: { level: loud }\n");
    const std::filesystem::path previous = std::filesystem::current_path();
    std::filesystem::current_path(dir.path());

    LoadResult result = load_config("config/gleaner.yaml");
    std::filesystem::current_path(previous);

    ASSERT_EQ(result.diagnostics.size(), 1u);
    EXPECT_EQ(result.diagnostics[0].to_string(),
              "config/gleaner.yaml:1:15: log.level: invalid value \"loud\", expected one of `trace`, `debug`, "
              "`info`, `warn` or `error`");
}

TEST(BadConfig, UnreadableFileIsOneDiagnosticWithoutPosition) {
    testing::TempDir dir;
    const std::filesystem::path missing = dir.path() / "missing.yaml";

    LoadResult result = load_config(missing);

    ASSERT_EQ(result.diagnostics.size(), 1u);
    EXPECT_EQ(result.diagnostics[0].line, 0);
    EXPECT_EQ(result.diagnostics[0].to_string(),
              missing.string() + ": cannot read the file: No such file or directory");
}

}  // namespace
}  // namespace gleaner::config
