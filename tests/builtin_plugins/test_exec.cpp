// The exec plugin with real child programs (fixtures/*.sh run by /bin/sh): lines arrive, a killed
// program is restarted, a program that stops reading does not take the test process down with
// SIGPIPE, the ack protocol decides each article's status.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "plugin_harness.h"

namespace gleaner::builtin_test {
namespace {

namespace fs = std::filesystem;

const std::string kFixtures = BUILTIN_TEST_FIXTURES;

std::vector<std::string> lines_of(const fs::path& file) {
    std::ifstream in(file);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// Waits (up to 10 s, polling) for something a child process does on its own time.
template <typename Condition>
bool eventually(Condition condition) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

// True once `pid` has exited (a zombie waiting for its parent, the plugin, to reap it).
bool is_zombie(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string pid_field, name, state;
    stat >> pid_field >> name >> state;
    return !stat || state == "Z";
}

class ExecTest : public ::testing::Test {
protected:
    std::unique_ptr<plugins::PluginInstance> load(const std::string& script, const fs::path& file,
                                                  const std::string& extra_yaml = "") {
        return load_plugin("exec",
                           "command: [/bin/sh, \"" + kFixtures + "/" + script + "\", \"" + file.string() + "\"]\n" +
                               extra_yaml,
                           dir_.path());
    }

    TempDir dir_;
};

TEST_F(ExecTest, EachArticleArrivesAsOneJsonLine) {
    const fs::path out = dir_.path() / "received lines; not split by a shell";
    auto plugin = load("append_lines.sh", out);
    const auto first = make_article("First", "https://n.example/1", "Line one.\nLine two of the same text.");
    const auto second = make_article("Second", "https://n.example/2", "Another.");

    ASSERT_EQ(deliver(*plugin, first).status, GLEANER_OK);
    ASSERT_EQ(deliver(*plugin, second).status, GLEANER_OK);
    ASSERT_EQ(plugin->flush().status, GLEANER_OK);

    ASSERT_TRUE(eventually([&] { return lines_of(out).size() == 2; })) << lines_of(out).size();
    const auto lines = lines_of(out);
    EXPECT_EQ(nlohmann::json::parse(lines[0]), first);
    EXPECT_EQ(nlohmann::json::parse(lines[1])["title"], "Second");
    EXPECT_EQ(plugin->counters()["lines_written"], 2u);
}

TEST_F(ExecTest, KilledProgramIsRestartedAndTheNextArticleArrives) {
    const fs::path out = dir_.path() / "out.jsonl";
    auto plugin = load("append_lines.sh", out);
    ASSERT_EQ(deliver(*plugin, make_article("Before", "https://n.example/1", "text")).status, GLEANER_OK);
    ASSERT_TRUE(eventually([&] { return lines_of(out).size() == 1; }));
    const pid_t first_pid = std::stoi(lines_of(fs::path(out.string() + ".pid")).at(0));

    ASSERT_EQ(::kill(first_pid, SIGKILL), 0);
    ASSERT_TRUE(eventually([&] { return is_zombie(first_pid); }));
    const auto after = deliver(*plugin, make_article("After", "https://n.example/2", "text"));

    EXPECT_EQ(after.status, GLEANER_OK) << after.error;
    ASSERT_TRUE(eventually([&] { return lines_of(out).size() == 2; }));
    EXPECT_EQ(nlohmann::json::parse(lines_of(out)[1])["title"], "After");
    EXPECT_NE(std::stoi(lines_of(fs::path(out.string() + ".pid")).at(0)), first_pid);
    EXPECT_EQ(plugin->counters()["restarts"], 1u);
}

TEST_F(ExecTest, ProgramThatStopsReadingIsABrokenPipeRetriedWithoutSigpipe) {
    const fs::path marker = dir_.path() / "marker";
    auto plugin = load("close_stdin.sh", marker);
    ASSERT_TRUE(eventually([&] { return fs::exists(marker) && !lines_of(marker).empty(); }));

    // Were SIGPIPE raised, this test process would die here.
    const auto result = deliver(*plugin, make_article("Nobody reads", "https://n.example/1", "text"));

    EXPECT_EQ(result.status, GLEANER_RETRY);
    EXPECT_NE(result.error.find("stopped reading its input"), std::string::npos) << result.error;
    sigset_t pending;
    sigpending(&pending);
    EXPECT_EQ(sigismember(&pending, SIGPIPE), 0) << "no SIGPIPE is left pending for the daemon thread";
}

TEST_F(ExecTest, ProgramThatDoesNotReadInTimeIsRetried) {
    auto plugin = load_plugin("exec", "command: [sleep, \"60\"]\ntimeout: 200ms\n", dir_.path());  // found in PATH
    // Larger than a pipe's buffer (64 KiB), so the write has to wait for a reader.
    const auto big = make_article("Big", "https://n.example/1", std::string(300 * 1024, 'x'));

    const auto result = deliver(*plugin, big);

    EXPECT_EQ(result.status, GLEANER_RETRY);
    EXPECT_NE(result.error.find("did not read its input within 200 ms"), std::string::npos) << result.error;
}

TEST_F(ExecTest, AckModeMakesTheProgramsAnswerTheDeliveryStatus) {
    const fs::path out = dir_.path() / "answered.jsonl";
    auto plugin = load("answer_lines.sh", out, "ack: true\n");

    EXPECT_EQ(deliver(*plugin, make_article("Fine", "https://n.example/1", "text")).status, GLEANER_OK);
    const auto retry = deliver(*plugin, make_article("please-retry", "https://n.example/2", "text"));
    EXPECT_EQ(retry.status, GLEANER_RETRY);
    EXPECT_NE(retry.error.find("busy right now"), std::string::npos) << retry.error;
    const auto fail = deliver(*plugin, make_article("poison", "https://n.example/3", "text"));
    EXPECT_EQ(fail.status, GLEANER_FAIL);
    EXPECT_NE(fail.error.find("refused https://n.example/3: poison pill"), std::string::npos) << fail.error;
    const auto garbled = deliver(*plugin, make_article("garble", "https://n.example/4", "text"));
    EXPECT_EQ(garbled.status, GLEANER_RETRY);
    EXPECT_NE(garbled.error.find("answered \"what?\""), std::string::npos) << garbled.error;
    EXPECT_EQ(deliver(*plugin, make_article("Fine again", "https://n.example/5", "text")).status, GLEANER_OK)
        << "a fresh program after the garbled answer";

    EXPECT_EQ(lines_of(out).size(), 5u) << "every line was written before its answer";
    EXPECT_EQ(plugin->counters()["acknowledged"], 2u);
    EXPECT_EQ(plugin->counters()["restarts"], 1u);
}

TEST_F(ExecTest, MissingProgramIsACreateErrorNamingIt) {
    try {
        load_plugin("exec", "command: [/nonexistent/indexer, --stdin]\n", dir_.path());
        FAIL() << "expected a create error";
    } catch (const plugins::PluginCreateError& e) {
        EXPECT_NE(std::string(e.what()).find("cannot start /nonexistent/indexer: No such file or directory"),
                  std::string::npos)
            << e.what();
    }
}

TEST_F(ExecTest, CheckConfigWantsACommandThatNamesAProgram) {
    EXPECT_NE(config_errors("exec", "command: []\n", dir_.path())
                  .find(":5:16: plugins[0].config.command: must have at least 1 item, got 0 items"),
              std::string::npos);
    EXPECT_NE(config_errors("exec", "command: [\"\", --stdin]\n", dir_.path())
                  .find(":5:17: plugins[0].config.command[0]: must name a program"),
              std::string::npos);
    EXPECT_NE(config_errors("exec", "ack: true\n", dir_.path()).find("plugins[0].config.command: missing required key"),
              std::string::npos);
}

}  // namespace
}  // namespace gleaner::builtin_test
