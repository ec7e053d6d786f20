// The fault test: the state database, its outbox, the dead-letter file and the plugins' outputs all on
// a tiny filesystem (a tmpfs of its own) that fills up while articles flow and is freed again. While
// it is full the daemon keeps running and says what failed; once space returns every article reaches
// every plugin, exactly once in SQLite, and none is offered twice to a plugin that took it while
// the outbox could not record that (issue 12 #8 and the fault test).
#include <signal.h>
#include <sqlite3.h>
#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <thread>

#include "e2e_fixture.h"
#include "service_helpers.h"

using namespace gleaner::testing;
using namespace std::chrono_literals;

namespace {

constexpr int kFirst = 10;
constexpr int kTotal = 40;

class DiskFullTest : public EndToEndTest {
protected:
    void SetUp() override {
        EndToEndTest::SetUp();
        tiny_ = dir_ / "tiny";
        std::filesystem::create_directories(tiny_);
        // A filesystem of its own, so that filling it touches nothing else. Needs CAP_SYS_ADMIN.
        if (::mount("tmpfs", tiny_.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, "size=8m") != 0)
            GTEST_SKIP() << "cannot mount a tmpfs (" << std::strerror(errno) << "): run as root to test a full disk";
        mounted_ = true;
    }
    void TearDown() override {
        if (mounted_) ::umount2(tiny_.c_str(), MNT_DETACH);
        EndToEndTest::TearDown();
    }

    // Writes to `file` until the filesystem refuses; returns the bytes written.
    static std::size_t fill(const std::filesystem::path& file) {
        std::FILE* out = std::fopen(file.c_str(), "wb");
        if (out == nullptr) return 0;
        const std::string chunk(16 * 1024, 'x');
        std::size_t written = 0;
        for (;;) {
            const auto n = std::fwrite(chunk.data(), 1, chunk.size(), out);
            written += n;
            if (n < chunk.size() || std::fflush(out) != 0) break;
        }
        std::fclose(out);
        return written;
    }

    std::set<std::string> jsonl_titles() const {
        std::set<std::string> titles;
        for (const auto& line : lines_of("tiny/articles.jsonl")) {
            try {
                titles.insert(nlohmann::json::parse(line).at("title").get<std::string>());
            } catch (const std::exception&) {
                // A line cut short by the full disk: the plugin writes it again.
            }
        }
        return titles;
    }
    std::string sqlite_count(const std::string& what) const {
        sqlite3* db = nullptr;
        std::string value;
        if (sqlite3_open_v2((tiny_ / "articles.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
            sqlite3_stmt* statement = nullptr;
            const auto sql = "SELECT " + what + " FROM articles";
            if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
                sqlite3_step(statement) == SQLITE_ROW)
                value = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
            sqlite3_finalize(statement);
        }
        sqlite3_close(db);
        return value;
    }

    std::filesystem::path tiny_;
    bool mounted_ = false;
};

TEST_F(DiskFullTest, ArticlesFlowingWhileTheDiskIsFullAllArriveOnceSpaceReturns) {
    serve_generated_site(kFirst);
    const auto config = write_config(
        "state_dir: tiny/state\n"
        // Claims lapse soon, so an article whose acknowledgement was lost would be offered again soon.
        "state: { lease: 2s }\n"
        "log: { level: info }\n"
        "fetch: { allow_private_networks: true, timeout: 10s, retry: { max_attempts: 2, base_delay: 100ms } }\n"
        "sources:\n"
        "  - name: gen\n"
        "    type: feed\n"
        "    urls: [ \"" + server_->url("/gen-feed.xml") + "\" ]\n"
        "    interval: 1s\n"
        "plugins:\n"
        "  - name: archive\n"
        "    type: sqlite\n"
        "    config: { path: tiny/articles.db }\n"
        "  - name: stream\n"
        "    type: jsonl\n"
        "    config: { path: tiny/articles.jsonl }\n"
        // Its output is elsewhere: it succeeds while the outbox cannot record that it did.
        "  - name: slow\n"
        "    path: " RECORDER_PLUGIN "\n"
        "    config: { out: slow.txt, delay_ms: 150 }\n"
        "    batch_size: 4\n");
    DaemonProcess daemon({"run", "--config", config.string()}, dir_ / "daemon.log");
    // The disk fills up while the slow plugin is still working through the first stories.
    ASSERT_TRUE(eventually([&] { return lines_of("slow.txt").size() >= 2u; }, 60s)) << daemon.log();

    // Then the site publishes more stories.
    ASSERT_GT(fill(tiny_ / "filler"), 0u);
    serve_generated_site(kTotal);
    ASSERT_TRUE(eventually([&] { return daemon.log().find("full") != std::string::npos; }, 60s))
        << "no error while the disk is full\n" << daemon.log();
    std::this_thread::sleep_for(5s);  // a few passes and delivery rounds against the full disk
    ASSERT_TRUE(daemon.running()) << daemon.log();

    std::filesystem::remove(tiny_ / "filler");
    ASSERT_TRUE(eventually([&] { return jsonl_titles().size() == static_cast<std::size_t>(kTotal); }, 120s))
        << jsonl_titles().size() << " of " << kTotal << " in jsonl\n" << daemon.log();
    ASSERT_TRUE(eventually([&] { return sqlite_count("COUNT(*)") == std::to_string(kTotal); }, 60s))
        << sqlite_count("COUNT(*)") << " of " << kTotal << " in sqlite\n" << daemon.log();
    EXPECT_EQ(sqlite_count("COUNT(DISTINCT canonical_url)"), std::to_string(kTotal)) << "exactly once in sqlite";
    ASSERT_TRUE(eventually([&] { return lines_of("slow.txt").size() >= static_cast<std::size_t>(kTotal); }, 60s));
    std::multiset<std::string> slow;
    for (const auto& line : lines_of("slow.txt")) slow.insert(line.substr(0, line.find('\t')));
    EXPECT_EQ(std::set<std::string>(slow.begin(), slow.end()).size(), static_cast<std::size_t>(kTotal));
    EXPECT_EQ(slow.size(), static_cast<std::size_t>(kTotal)) << "a story was offered again to a plugin that had it";
    EXPECT_FALSE(std::filesystem::exists(tiny_ / "state" / "dead-letter.jsonl"))
        << "an article was given up while the disk was full\n" << daemon.log();

    daemon.signal(SIGTERM);
    EXPECT_EQ(daemon.wait(), 0) << daemon.log();
}

}  // namespace
