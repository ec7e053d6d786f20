// The daemon guarding itself: one daemon per state folder, a damaged state database named at start,
// its open-file limit raised, configurations that would exhaust memory refused (check-config and a
// reload alike, the running daemon keeping its configuration), and reloads that change a plugin's
// settings while articles flow losing none of them.
#include <signal.h>
#include <sqlite3.h>

#include <fstream>
#include <set>
#include <sstream>

#include "e2e_fixture.h"
#include "service_helpers.h"

using namespace gleaner::testing;
using namespace std::chrono_literals;

namespace {

class GuardsTest : public EndToEndTest {
protected:
    std::string feed_config(const std::string& extra_plugins = "", const std::string& interval = "1h") {
        return config_with_sources("  - name: gen\n"
                                   "    type: feed\n"
                                   "    urls: [ \"" + server_->url("/gen-feed.xml") + "\" ]\n"
                                   "    interval: " + interval + "\n",
                                   extra_plugins);
    }

    static bool started(const DaemonProcess& daemon) { return daemon.log().find("gleaner started") != std::string::npos; }
};

// `levels` anchored lists of ten aliases of the level below, inside a plugin's settings: 10^levels values.
std::string alias_bomb_plugin(int levels) {
    std::string yaml = "  - name: bomb\n    type: jsonl\n    config:\n      path: bomb.jsonl\n";
    yaml += "      l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int level = 1; level <= levels; ++level) {
        yaml += "      l" + std::to_string(level) + ": &l" + std::to_string(level) + " [";
        for (int i = 0; i < 10; ++i) yaml += (i ? ", *l" : "*l") + std::to_string(level - 1);
        yaml += "]\n";
    }
    return yaml;
}

std::string read_file(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST_F(GuardsTest, ASecondDaemonOnTheSameStateFolderIsRefusedNamingTheFirst) {
    serve_generated_site(2);
    const auto config = write_config(feed_config());
    DaemonProcess first({"run", "--config", config.string()}, dir_ / "first.log");
    ASSERT_TRUE(eventually([&] { return started(first); })) << first.log();

    auto [status, log] = run_gleaner({"run", "--config", config.string(), "--once"}, dir_);

    EXPECT_EQ(status, 1) << log;
    EXPECT_NE(log.find("is in use by another gleaner (pid " + std::to_string(first.pid()) + ")"), std::string::npos)
        << log;
    // The first one was not disturbed: its control socket still answers.
    auto [ctl_status, ctl_out] = run_gleaner({"ctl", "reload", "--config", config.string()}, dir_);
    EXPECT_EQ(ctl_status, 0) << ctl_out;
    first.signal(SIGTERM);
    EXPECT_EQ(first.wait(), 0) << first.log();
}

TEST_F(GuardsTest, ADamagedStateDatabaseIsNamedAtStartUpWithWhatIsWrong) {
    serve_generated_site(3);
    const auto config = write_config(feed_config());
    auto [first_status, first_log] = run_gleaner({"run", "--config", config.string(), "--once"}, dir_);
    ASSERT_EQ(first_status, 0) << first_log;

    // Scribble over the frontier table's root page: the schema stays readable, the table does not, so
    // quick_check can say which page is wrong.
    const auto database = dir_ / "state" / "gleaner.db";
    ASSERT_FALSE(std::filesystem::exists(dir_ / "state" / "gleaner.db-wal") &&
                 std::filesystem::file_size(dir_ / "state" / "gleaner.db-wal") > 0)
        << "the WAL was not checkpointed at exit";
    std::int64_t page_size = 0, root = 0;
    {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open_v2(database.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        const auto scalar = [&](const char* sql) {
            sqlite3_stmt* statement = nullptr;
            std::int64_t value = 0;
            if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK &&
                sqlite3_step(statement) == SQLITE_ROW)
                value = sqlite3_column_int64(statement, 0);
            sqlite3_finalize(statement);
            return value;
        };
        page_size = scalar("PRAGMA page_size");
        root = scalar("SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'frontier'");
        sqlite3_close(db);
    }
    ASSERT_GT(page_size, 0);
    ASSERT_GT(root, 1);
    {
        std::fstream file(database, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp((root - 1) * page_size);
        const std::string garbage(static_cast<std::size_t>(page_size), '\x5a');
        file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    }

    auto [status, log] = run_gleaner({"run", "--config", config.string(), "--once"}, dir_);

    EXPECT_EQ(status, 1) << log;
    EXPECT_NE(log.find("state database " + database.string() + " is damaged"), std::string::npos) << log;
    EXPECT_NE(log.find("Page "), std::string::npos) << "SQLite's own description of the damage\n" << log;
    EXPECT_NE(log.find(".recover"), std::string::npos) << "what to do about it\n" << log;
}

TEST_F(GuardsTest, TheDaemonRaisesItsOpenFileLimitToTheHardLimit) {
    serve_generated_site(1);
    const auto config = write_config(feed_config());
    DaemonProcess daemon({"run", "--config", config.string()}, dir_ / "daemon.log", {},
                         {"prlimit", "--nofile=1024:4096"});
    ASSERT_TRUE(eventually([&] { return started(daemon); })) << daemon.log();

    const std::string limits = read_file("/proc/" + std::to_string(daemon.pid()) + "/limits");
    std::string soft, hard;
    std::istringstream lines(limits);
    for (std::string line; std::getline(lines, line);)
        if (line.rfind("Max open files", 0) == 0) std::istringstream(line.substr(14)) >> soft >> hard;
    EXPECT_EQ(soft, "4096") << limits;
    EXPECT_EQ(hard, "4096") << limits;
    EXPECT_NE(daemon.log().find("open file limit raised"), std::string::npos) << daemon.log();
    daemon.signal(SIGTERM);
    EXPECT_EQ(daemon.wait(), 0) << daemon.log();
}

TEST_F(GuardsTest, CheckConfigRefusesAnAliasBombWithItsPositionInBoundedMemory) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    GTEST_SKIP() << "the sanitizer's shadow memory reserves terabytes of address space: RLIMIT_AS cannot bound it";
#else
    serve_generated_site(1);
    // 10^10 values once expanded; a loader that follows the aliases runs out of its 1 GiB address space.
    const auto config = write_config(feed_config(alias_bomb_plugin(10)));
    DaemonProcess check({"check-config", config.string()}, dir_ / "check.log", {},
                        {"prlimit", "--as=" + std::to_string(1024L * 1024 * 1024)});
    const auto status = check.wait(60s);
    ASSERT_TRUE(status.has_value()) << check.log();
    EXPECT_EQ(*status, 1) << check.log();
    EXPECT_NE(check.log().find(config.string() + ":"), std::string::npos) << check.log();
    EXPECT_NE(check.log().find("alias bomb"), std::string::npos) << check.log();
#endif
}

TEST_F(GuardsTest, AReloadWithAnAliasBombIsRefusedAndTheDaemonKeepsItsConfiguration) {
    serve_generated_site(4);
    const auto config = write_config(feed_config("", "300ms"));
    DaemonProcess daemon({"run", "--config", config.string()}, dir_ / "daemon.log");
    ASSERT_TRUE(eventually([&] { return jsonl_articles().size() == 4u; })) << daemon.log();

    // A million values: past the limit, yet small enough that a build without it fails the test (by
    // accepting it) rather than the machine.
    write_config(feed_config(alias_bomb_plugin(6), "300ms"));
    // Through the socket only: with --config, ctl would check the file itself before asking the daemon.
    auto [status, out] = run_gleaner({"ctl", "reload", "--socket", (dir_ / "state" / "control.sock").string()}, dir_);

    EXPECT_EQ(status, 1) << out;
    EXPECT_NE(out.find("still running on the previous one"), std::string::npos) << out;
    EXPECT_NE(out.find(config.string() + ":"), std::string::npos) << "file:line:column\n" << out;
    EXPECT_NE(out.find("alias bomb"), std::string::npos) << out;
    EXPECT_TRUE(daemon.running()) << daemon.log();
    EXPECT_FALSE(std::filesystem::exists(dir_ / "bomb.jsonl"));

    // Still on the old configuration, and still able to take a good one.
    write_config(feed_config("  - name: second\n    type: jsonl\n    config: { path: second.jsonl }\n", "300ms"));
    auto [good_status, good_out] = run_gleaner({"ctl", "reload", "--config", config.string()}, dir_);
    EXPECT_EQ(good_status, 0) << good_out;
    daemon.signal(SIGTERM);
    EXPECT_EQ(daemon.wait(), 0) << daemon.log();
}

TEST_F(GuardsTest, ReloadsThatChangeAPluginsSettingsWhileArticlesFlowLoseNone) {
    // Heavy pages served at once: extractions queue up on the worker pool and keep handing articles
    // over while each reload swaps the plugin instance.
    constexpr int kArticles = 60;
    std::string items;
    const std::string padding =
        "<aside><ul>" + [] {
            std::string links;
            for (int i = 0; i < 6000; ++i) links += "<li><a href=\"/more/" + std::to_string(i) + "\">More news</a></li>";
            return links;
        }() + "</ul></aside>";
    for (int i = 0; i < kArticles; ++i) {
        std::string page = generated_article(i);
        page.insert(page.find("<footer>"), padding);
        server_->serve("/gen/" + std::to_string(i) + ".html", page);
        items += "<item><title>Generated story " + std::to_string(i) + "</title><link>" +
                 server_->url("/gen/" + std::to_string(i) + ".html") + "</link></item>\n";
    }
    server_->serve("/gen-feed.xml",
                   "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Generated</title>" + items +
                       "</channel></rss>",
                   "application/rss+xml");
    const auto slow_plugin = [&](int delay_ms) {
        return "  - name: slow\n"
               "    path: " RECORDER_PLUGIN "\n"
               "    config: { out: slow.txt, delay_ms: " + std::to_string(delay_ms) + " }\n"
               "    batch_size: 8\n";
    };
    const auto config_text = [&](int delay_ms) {
        std::string yaml = feed_config(slow_plugin(delay_ms));
        yaml.replace(yaml.find("timeout: 10s"), 12, "timeout: 10s, per_host_concurrency: 8");
        return yaml;
    };
    const auto config = write_config(config_text(100));
    DaemonProcess daemon({"run", "--config", config.string()}, dir_ / "daemon.log");
    ASSERT_TRUE(eventually([&] { return lines_of("slow.txt").size() >= 1u; })) << daemon.log();

    // Each reload replaces the slow instance while it is inside a batch and articles keep arriving.
    for (int round = 0; round < 6; ++round) {
        write_config(config_text(round % 2 == 0 ? 90 : 100));
        auto [status, out] = run_gleaner({"ctl", "reload", "--config", config.string()}, dir_);
        ASSERT_EQ(status, 0) << out << daemon.log();
        std::this_thread::sleep_for(100ms);
    }

    std::set<std::string> slow;
    ASSERT_TRUE(eventually(
        [&] {
            slow.clear();
            for (const auto& line : lines_of("slow.txt")) slow.insert(line.substr(0, line.find('\t')));
            return jsonl_articles().size() >= static_cast<std::size_t>(kArticles) &&
                   slow.size() >= static_cast<std::size_t>(kArticles);
        },
        120s))
        << "the reloaded plugin has " << slow.size() << " of " << kArticles << " articles\n"
        << daemon.log();
    daemon.signal(SIGTERM);
    ASSERT_EQ(daemon.wait(), 0) << daemon.log();
    EXPECT_EQ(lines_of("slow.txt").size(), static_cast<std::size_t>(kArticles)) << "each article once";
}
