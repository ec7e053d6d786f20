// Plugin settings (`config:` of a plugin entry) checked against the keys the plugin declares, through
// a PluginSchemaProvider; and converted as written when there is no provider.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "config/config_loader.h"
#include "fake_plugins.h"
#include "temp_config.h"

namespace gleaner::config {
namespace {

// Declares one key of each ABI type, to see how each is typed in config_json.
std::vector<PluginKeySpec> every_type_keys() {
    return {
        testing::key_spec("name", GLEANER_CONFIG_STRING, std::nullopt, false),
        testing::key_spec("rows", GLEANER_CONFIG_INT, std::nullopt, false),
        testing::key_spec("sync", GLEANER_CONFIG_BOOL, std::nullopt, false),
        testing::key_spec("every", GLEANER_CONFIG_DURATION, std::nullopt, false),
        testing::key_spec("file", GLEANER_CONFIG_PATH, std::nullopt, true),
        testing::key_spec("tags", GLEANER_CONFIG_STRING_LIST, std::nullopt, false),
        testing::key_spec("headers", GLEANER_CONFIG_STRING_MAP, std::nullopt, false),
        testing::key_spec("ratio", GLEANER_CONFIG_FLOAT, std::nullopt, false),
        testing::key_spec("extra", GLEANER_CONFIG_ANY, std::nullopt, false),
        testing::key_spec("defaulted_wait", GLEANER_CONFIG_DURATION, "2m", false),
        testing::key_spec("defaulted_dir", GLEANER_CONFIG_PATH, "data", false),
        testing::key_spec("no_default", GLEANER_CONFIG_STRING, std::nullopt, false),
    };
}

LoadResult load_with(const std::filesystem::path& file, const PluginSchemaProvider& provider) {
    return load_config(file, &provider);
}

TEST(PluginSettings, ValuesAreTypedAsTheirKeysDeclareWithDefaultsFilled) {
    testing::TempDir dir;
    const auto file = dir.write("gleaner.yaml", R"(plugins:
  - name: all
    type: every
    config:
      name: 42
      rows: 5000000000
      sync: yes
      every: 1m30s
      file: out/articles.db
      tags: [a, "1"]
      headers: { X-Key: secret }
      ratio: 0.25
      extra: { nested: [1, two, true], quoted: "7" }
)");
    PluginSchemaProvider provider = [](const PluginConfig&) -> std::variant<PluginSchema, std::string> {
        return every_type_keys();
    };

    LoadResult result = load_with(file, provider);

    ASSERT_TRUE(result.ok()) << result.diagnostics.front().to_string();
    nlohmann::json expected = {
        {"name", "42"},
        {"rows", 5000000000LL},
        {"sync", true},
        {"every", 90000},
        {"file", (dir.path() / "out/articles.db").string()},
        {"tags", {"a", "1"}},
        {"headers", {{"X-Key", "secret"}}},
        {"ratio", 0.25},
        {"extra", {{"nested", {1, "two", true}}, {"quoted", "7"}}},
        {"defaulted_wait", 120000},
        {"defaulted_dir", (dir.path() / "data").string()},
    };
    EXPECT_EQ(nlohmann::json::parse(result.config->plugins[0].config_json), expected);
}

TEST(PluginSettings, ProviderSeesTheEntryWithItsPathResolved) {
    testing::TempDir dir;
    dir.write("lib/custom.so", "not really a shared object");
    const auto file = dir.write("gleaner.yaml",
                                "plugins:\n"
                                "  - name: custom\n"
                                "    path: lib/custom.so\n"
                                "    config: { path: out.jsonl }\n");
    std::vector<std::filesystem::path> asked_for;
    PluginSchemaProvider base = testing::fake_plugin_host();
    PluginSchemaProvider recording = [&](const PluginConfig& plugin) {
        asked_for.push_back(plugin.path);
        return base(plugin);
    };

    LoadResult result = load_with(file, recording);

    ASSERT_TRUE(result.ok()) << result.diagnostics.front().to_string();
    EXPECT_EQ(asked_for, std::vector<std::filesystem::path>{dir.path() / "lib/custom.so"});
    EXPECT_EQ(nlohmann::json::parse(result.config->plugins[0].config_json),
              (nlohmann::json{{"path", (dir.path() / "out.jsonl").string()}, {"fsync", true}}));
}

TEST(PluginSettings, MissingConfigMappingReportsRequiredKeysAtTheEntry) {
    testing::TempDir dir;
    const auto file = dir.write("gleaner.yaml", "plugins:\n  - name: out\n    type: jsonl\n");

    LoadResult result = load_with(file, testing::fake_plugin_host());

    ASSERT_EQ(result.diagnostics.size(), 1u);
    EXPECT_EQ(result.diagnostics[0].to_string(),
              file.string() + ":2:5: plugins[0].config.path: missing required key `path`");
}

TEST(PluginSettings, UnknownKeyListsTheAcceptedOnesWhenNoneIsClose) {
    testing::TempDir dir;
    const auto file = dir.write("gleaner.yaml",
                                "plugins:\n  - name: out\n    type: jsonl\n    config: { path: a, compression: zstd }\n");

    LoadResult result = load_with(file, testing::fake_plugin_host());

    ASSERT_EQ(result.diagnostics.size(), 1u);
    EXPECT_EQ(result.diagnostics[0].to_string(),
              file.string() +
                  ":4:24: plugins[0].config.compression: unknown key `compression` (plugin `jsonl` accepts `path` or "
                  "`fsync`)");
}

TEST(PluginSettings, InvalidDefaultDeclaredByThePluginIsBlamedOnThePlugin) {
    testing::TempDir dir;
    const auto file = dir.write("gleaner.yaml", "plugins:\n  - name: out\n    type: broken\n    config: {}\n");
    PluginSchemaProvider provider = [](const PluginConfig&) -> std::variant<PluginSchema, std::string> {
        return std::vector<PluginKeySpec>{testing::key_spec("wait", GLEANER_CONFIG_DURATION, "soon", false)};
    };

    LoadResult result = load_with(file, provider);

    ASSERT_EQ(result.diagnostics.size(), 1u);
    EXPECT_EQ(result.diagnostics[0].to_string(),
              file.string() +
                  ":4:13: plugins[0].config.wait: plugin `broken` declares an invalid default for `wait`: invalid "
                  "duration \"soon\" (use a number followed by ms, s, m, h or d, e.g. 15m)");
}

TEST(PluginSettings, WithoutProviderTheMappingIsConvertedAsWritten) {
    testing::TempDir dir;
    setenv("GLEANER_TEST_TOKEN", "t0k3n", 1);
    const auto file = dir.write("gleaner.yaml",
                                "plugins:\n"
                                "  - name: out\n"
                                "    type: anything\n"
                                "    config:\n"
                                "      count: 5\n"
                                "      quoted: \"5\"\n"
                                "      ratio: 1.5\n"
                                "      flag: true\n"
                                "      nothing:\n"
                                "      token: ${GLEANER_TEST_TOKEN}\n"
                                "      list: [a, 2]\n"
                                "      path: relative/stays.txt\n");

    LoadResult result = load_config(file);
    unsetenv("GLEANER_TEST_TOKEN");

    ASSERT_TRUE(result.ok()) << result.diagnostics.front().to_string();
    nlohmann::json expected = {{"count", 5},    {"quoted", "5"},      {"ratio", 1.5},
                               {"flag", true},  {"nothing", nullptr}, {"token", "t0k3n"},
                               {"list", {"a", 2}}, {"path", "relative/stays.txt"}};
    EXPECT_EQ(nlohmann::json::parse(result.config->plugins[0].config_json), expected);
    EXPECT_EQ(result.config->plugins[0].config_line, 5);
    EXPECT_EQ(result.config->plugins[0].config_column, 7);
}

}  // namespace
}  // namespace gleaner::config
