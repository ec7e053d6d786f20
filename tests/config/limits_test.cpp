// Bounds on loading a configuration: an alias bomb (nested lists of aliases that expand
// exponentially), one huge scalar repeated by aliases, and an oversized file are refused with a
// positioned diagnostic instead of exhausting memory; ordinary aliases still load.
#include <gtest/gtest.h>

#include <string>

#include "config/config_loader.h"
#include "config/yaml_limits.h"
#include "temp_config.h"

namespace gleaner::config {
namespace {

// `levels` anchored lists, each holding `width` aliases of the one before: width^levels values.
std::string alias_bomb(int levels, int width) {
    std::string yaml = "plugins:\n  - name: out\n    type: jsonl\n    config:\n      path: out.jsonl\n";
    yaml += "      l0: &l0 [x, x, x, x, x, x, x, x]\n";
    for (int level = 1; level <= levels; ++level) {
        yaml += "      l" + std::to_string(level) + ": &l" + std::to_string(level) + " [";
        for (int i = 0; i < width; ++i) yaml += (i ? ", *l" : "*l") + std::to_string(level - 1);
        yaml += "]\n";
    }
    return yaml;
}

TEST(ConfigLimits, AnAliasBombIsRefusedWithTheAliasThatPassedTheLimit) {
    testing::TempDir dir;
    // 8 * 8^6 = 2 million values once expanded: above the limit, yet small enough that a loader
    // without the check still finishes (and wrongly accepts it) within the test's memory.
    const auto file = dir.write("gleaner.yaml", alias_bomb(6, 8));

    const LoadResult result = load_config(file);

    ASSERT_FALSE(result.ok());
    ASSERT_EQ(result.diagnostics.size(), 1u);
    const Diagnostic& d = result.diagnostics.front();
    EXPECT_EQ(d.line, 12);  // the list of level 6, whose aliases push the count past a million
    EXPECT_GT(d.column, 0);
    EXPECT_NE(d.message.find("alias"), std::string::npos) << d.to_string();
    EXPECT_NE(d.to_string().find("gleaner.yaml:12:"), std::string::npos) << d.to_string();
}

// Found by the configuration fuzzer: an alias inside the node its own anchor names made a value that
// contains itself, and converting a plugin's settings to JSON recursed until the stack overflowed.
TEST(ConfigLimits, AnAliasInsideTheNodeItNamesIsRefusedWithItsPosition) {
    testing::TempDir dir;
    const auto file = dir.write("gleaner.yaml",
                                "plugins:\n"
                                "  - name: p\n"
                                "    type: jsonl\n"
                                "    config: { path: out.jsonl, extra: &loop [x, [y, *loop]] }\n");

    const LoadResult result = load_config(file);

    ASSERT_FALSE(result.ok());
    ASSERT_EQ(result.diagnostics.size(), 1u);
    const Diagnostic& d = result.diagnostics.front();
    EXPECT_EQ(d.line, 4);
    EXPECT_EQ(d.column, 53);  // the alias
    EXPECT_NE(d.message.find("contain itself"), std::string::npos) << d.to_string();
}

TEST(ConfigLimits, ABigScalarRepeatedByAliasesIsRefusedByItsBytes) {
    testing::TempDir dir;
    std::string yaml = "fetch:\n  headers:\n    X-A: &big \"" + std::string(1024 * 1024, 'a') + "\"\n";
    yaml += "plugins:\n  - name: out\n    type: jsonl\n    config:\n      path: out.jsonl\n      copies: [";
    for (int i = 0; i < 100; ++i) yaml += (i ? ", *big" : "*big");
    yaml += "]\n";
    const auto file = dir.write("gleaner.yaml", yaml);

    const LoadResult result = load_config(file);

    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.diagnostics.front().message.find("bytes of text"), std::string::npos)
        << result.diagnostics.front().to_string();
    EXPECT_EQ(result.diagnostics.front().line, 9);
}

TEST(ConfigLimits, AFileLargerThanTheLimitIsRefusedUnread) {
    testing::TempDir dir;
    const auto file = dir.write("gleaner.yaml", "# " + std::string(kMaxConfigFileBytes, '#') + "\nstate_dir: s\n");

    const LoadResult result = load_config(file);

    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.diagnostics.front().message.find("larger than 16 MiB"), std::string::npos)
        << result.diagnostics.front().to_string();
}

TEST(ConfigLimits, OrdinaryAliasesStillLoad) {
    testing::TempDir dir;
    const auto file = dir.write("gleaner.yaml", R"(fetch:
  headers: &common { X-Team: news }
sources:
  - name: a
    type: page
    urls: [https://a.example/]
    headers: *common
  - name: b
    type: page
    urls: [https://b.example/]
    headers: *common
)");

    const LoadResult result = load_config(file);

    ASSERT_TRUE(result.ok()) << result.diagnostics.front().to_string();
    EXPECT_EQ(result.config->sources.at(1).headers.at("X-Team"), "news");
}

TEST(ConfigLimits, CountingStopsAtTheFirstAliasPastTheLimit) {
    // Ten levels of ten: 10^10 values. The check must answer at once, not expand them.
    const auto error = check_yaml_limits(alias_bomb(10, 10));
    ASSERT_TRUE(error.has_value());
    EXPECT_EQ(error->line, 11);  // level 5: ten aliases of 91,111 values each pass the million
}

TEST(ConfigLimits, ASyntaxErrorIsLeftToTheLoader) {
    EXPECT_FALSE(check_yaml_limits("a: [b, c\n").has_value());
    testing::TempDir dir;
    const LoadResult result = load_config(dir.write("gleaner.yaml", "a: [b, c\n"));
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.diagnostics.front().message.find("YAML syntax error"), std::string::npos);
}

TEST(ConfigLimits, TextThatIsNotUtf8IsRefusedWhereItStands) {
    // Found by the configuration fuzzer: such a value reached the plugin's settings as JSON, whose
    // serialiser threw out of the loader (check-config and reload died on it).
    testing::TempDir dir;
    const auto file = dir.write("gleaner.yaml",
                                "fetch:\n  headers: { \"X-\xe7\": v }\nplugins:\n  - name: out\n    type: jsonl\n"
                                "    config: { path: out.jsonl, extra: [x\xe7] }\n");

    const LoadResult result = load_config(file);

    ASSERT_FALSE(result.ok());
    ASSERT_EQ(result.diagnostics.size(), 2u);
    EXPECT_EQ(result.diagnostics[0].line, 2);
    EXPECT_NE(result.diagnostics[0].message.find("not valid UTF-8"), std::string::npos)
        << result.diagnostics[0].to_string();
    EXPECT_EQ(result.diagnostics[1].key_path, "plugins[0].config.extra[0]");
    EXPECT_NE(result.diagnostics[1].message.find("not valid UTF-8"), std::string::npos)
        << result.diagnostics[1].to_string();
}

}  // namespace
}  // namespace gleaner::config
