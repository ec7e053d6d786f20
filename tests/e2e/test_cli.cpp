// The command line as an operator meets it: `gleaner plugins` lists what is installed with every key,
// `check-config` reports plugin settings problems with file, line and column and exits 1.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "daemon_process.h"

namespace gleaner::testing {
namespace {

namespace fs = std::filesystem;

class CliTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("gleaner-cli-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    fs::path write(const std::string& name, const std::string& text) {
        std::ofstream(dir_ / name) << text;
        return dir_ / name;
    }

    fs::path dir_;
};

TEST_F(CliTest, PluginsListsEveryBuiltInPluginWithItsKeysTypesAndDefaults) {
    const auto [status, out] = run_gleaner({"plugins"}, dir_);
    EXPECT_EQ(status, 0) << out;
    for (const char* type : {"alert ", "exec ", "jsonl ", "postgres ", "smtp ", "sqlite ", "webhook "})
        EXPECT_NE(("\n" + out).find(std::string("\n") + type), std::string::npos) << type << " missing in:\n" << out;
    EXPECT_NE(out.find("    path: path (required; its folder must exist) — SQLite database file"), std::string::npos)
        << out;
    EXPECT_NE(out.find("      fields: list of one of `title`, `text`"), std::string::npos) << "nested keys are indented";
    EXPECT_NE(out.find("    body: one of `article` or `summary` (default article)"), std::string::npos) << out;
}

TEST_F(CliTest, CheckConfigReportsEveryPluginSettingProblemWithItsPositionAndExitsOne) {
    const auto file = write("gleaner.yaml",
                            "sources:\n"
                            "  - { name: s, type: page, urls: [\"https://example.org/\"] }\n"
                            "plugins:\n"
                            "  - name: alerts\n"
                            "    type: alert\n"
                            "    config:\n"
                            "      webhook: https://hooks.example.org/x\n"
                            "      rules:\n"
                            "        - { name: war, keywords: army }\n"
                            "  - name: archive\n"
                            "    type: sqlite\n"
                            "    config: { path: no-such-folder/articles.db }\n");
    const auto [status, out] = run_gleaner({"check-config", file.string()}, dir_);
    EXPECT_EQ(status, 1) << out;
    EXPECT_NE(out.find(file.string() + ":9:34: plugins[0].config.rules[0].keywords: expected a list, got a string"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find(file.string() + ":12:21: plugins[1].config.path: folder \""), std::string::npos) << out;
    EXPECT_NE(out.find(": 2 error(s)"), std::string::npos) << out;
}

TEST_F(CliTest, VersionIsAnOptionTooAndAnUnknownCommandIsNamedWithTheCommandList) {
    const auto [status, version] = run_gleaner({"--version"}, dir_);
    EXPECT_EQ(status, 0) << version;
    EXPECT_EQ(version.rfind("gleaner ", 0), 0u) << version;
    EXPECT_NE(version.find("(plugin ABI "), std::string::npos) << version;

    const auto [unknown, out] = run_gleaner({"foo"}, dir_);
    EXPECT_NE(unknown, 0) << out;
    EXPECT_NE(out.find("gleaner: unknown command `foo`"), std::string::npos) << out;
    for (const char* command : {"run", "check-config", "status", "dead-letters", "state", "plugins", "version"})
        EXPECT_NE(out.find(std::string("\n  ") + command + "\n"), std::string::npos) << command << " not listed:\n" << out;
}

}  // namespace
}  // namespace gleaner::testing
