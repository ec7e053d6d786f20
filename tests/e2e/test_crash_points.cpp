// The crash-point test: the daemon is killed with SIGKILL at 50 random moments of a crawl that
// delivers to every built-in plugin (sqlite, jsonl, exec, webhook, alert, smtp, and postgres when the
// test PostgreSQL server runs) plus a slow plugin, with reloads in between and a flaky site (each
// story answers 503 the first time, and now and then after). Afterwards one run finishes the work:
// every story has reached every plugin, and exactly once where a plugin promises it (sqlite, postgres).
// The moments come from a seeded generator; the seed is printed so a failure can be replayed
// (GLEANER_CRASH_SEED).
#include <libpq-fe.h>
#include <signal.h>

#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <regex>
#include <set>
#include <thread>

#include "../builtin_plugins/smtp_receiver.h"
#include "e2e_fixture.h"
#include "pg_scalar.h"
#include "service_helpers.h"

using namespace gleaner::testing;
using namespace std::chrono_literals;

namespace {

constexpr int kStories = 30;
constexpr int kKills = 50;

// The story numbers named in `text` ("Generated story 12").
void stories_in(const std::string& text, std::set<int>& out) {
    static const std::regex story("Generated story ([0-9]+)");
    for (std::sregex_iterator it(text.begin(), text.end(), story), end; it != end; ++it)
        out.insert(std::stoi((*it)[1].str()));
}

class CrashPointTest : public EndToEndTest {
protected:
    // Generated stories behind a flaky server: each answers 503 on its first request and on every
    // fourth after that.
    void serve_flaky_site() {
        serve_generated_site(kStories, [this](const std::string& path, const std::string& page) {
            int n;
            {
                std::lock_guard lock(mutex_);
                n = requests_[path]++;
            }
            if (n % 4 == 0) return gleaner::test::TestResponse::with_status(503, "busy");
            return gleaner::test::TestResponse::text(page, "text/html; charset=utf-8");
        });
        server_->on("/hook", [](const gleaner::test::ReceivedRequest&) { return gleaner::test::TestResponse::text("ok"); });
        server_->on("/alerts", [](const gleaner::test::ReceivedRequest&) { return gleaner::test::TestResponse::text("ok"); });
    }

    // The configuration of run `run`: batch sizes change from one to the next, so a reload has work.
    std::string config(int run, const char* pg, const std::string& table) const {
        const auto batch = std::to_string(1 + run % 5);
        std::string yaml =
            "state_dir: state\n"
            "log: { level: info }\n"
            "fetch: { allow_private_networks: true, timeout: 10s, retry: { max_attempts: 2, base_delay: 50ms } }\n"
            "sources:\n"
            "  - name: gen\n"
            "    type: feed\n"
            "    urls: [ \"" + server_->url("/gen-feed.xml") + "\" ]\n"
            "    interval: 2s\n"
            "plugins:\n"
            "  - { name: archive, type: sqlite, config: { path: articles.db }, batch_size: " + batch + " }\n"
            "  - { name: stream, type: jsonl, config: { path: articles.jsonl }, batch_size: " + batch + " }\n"
            "  - name: pipe\n"
            "    type: exec\n"
            "    config: { command: [ /bin/sh, -c, \"cat >> '" + (dir_ / "exec.jsonl").string() + "'\" ] }\n"
            "  - name: hook\n"
            "    type: webhook\n"
            "    config: { url: \"" + server_->url("/hook") + "\" }\n"
            "  - name: alarm\n"
            "    type: alert\n"
            "    config: { webhook: \"" + server_->url("/alerts") + "\", rules: [ { name: all } ] }\n"
            "  - name: mail\n"
            "    type: smtp\n"
            "    config: { url: \"" + smtp_.url() + "\", from: news@example.org, to: [ desk@example.org ], "
            "subject: \"{{title}}\" }\n"
            "  - name: slow\n"
            "    path: " RECORDER_PLUGIN "\n"
            "    config: { out: slow.txt, delay_ms: 40 }\n"
            "    batch_size: " + batch + "\n";
        if (pg)
            yaml += "  - name: warehouse\n"
                    "    type: postgres\n"
                    "    config: { conninfo: \"" + std::string(pg) + "\", table: " + table + " }\n";
        return yaml;
    }

    std::map<std::string, std::set<int>> delivered() const {
        std::map<std::string, std::set<int>> out;
        for (const auto& a : jsonl_articles()) stories_in(a.value("title", ""), out["jsonl"]);
        for (const auto& line : lines_of("exec.jsonl")) stories_in(line, out["exec"]);
        for (const auto& line : lines_of("slow.txt")) stories_in(line, out["slow"]);
        for (const auto& title : sqlite_column("SELECT title FROM articles")) stories_in(title, out["sqlite"]);
        for (const auto& r : server_->requests_for("/hook")) stories_in(r.body, out["webhook"]);
        for (const auto& r : server_->requests_for("/alerts")) stories_in(r.body, out["alert"]);
        for (const auto& mail : smtp_.messages()) stories_in(mail.data, out["smtp"]);
        return out;
    }
    bool everything_everywhere(const char* pg, const std::string& table) const {
        if (pg && pg_scalar(pg, "SELECT COUNT(DISTINCT canonical_url) FROM " + table) != std::to_string(kStories))
            return false;
        const auto got = delivered();
        for (const char* plugin : {"jsonl", "exec", "slow", "sqlite", "webhook", "alert", "smtp"}) {
            auto it = got.find(plugin);
            if (it == got.end() || it->second.size() != static_cast<std::size_t>(kStories)) return false;
        }
        return true;
    }

    gleaner::builtin_test::SmtpReceiver smtp_;
    std::mutex mutex_;
    std::map<std::string, int> requests_;
};

TEST_F(CrashPointTest, FiftySigkillsAtRandomMomentsWithReloadsAndAFlakySiteLoseAndDoubleNothing) {
    serve_flaky_site();
    const char* pg = std::getenv("GLEANER_TEST_PG");
    const std::string table = "crash_points_" + std::to_string(::getpid());
    const unsigned seed = std::getenv("GLEANER_CRASH_SEED") != nullptr
                              ? static_cast<unsigned>(std::stoul(std::getenv("GLEANER_CRASH_SEED")))
                              : std::random_device{}();
    std::cout << "[ INFO ] GLEANER_CRASH_SEED=" << seed << "\n";
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> moment_ms(30, 1500);

    int reloads = 0;
    for (int run = 0; run < kKills; ++run) {
        const auto file = write_config(config(run, pg, table));
        DaemonProcess daemon({"run", "--config", file.string()}, dir_ / ("run-" + std::to_string(run) + ".log"));
        std::this_thread::sleep_for(std::chrono::milliseconds(moment_ms(rng)));
        if (run % 5 == 4) {
            // A reload (the next configuration's batch sizes) shortly before the kill; as systemd does,
            // only once the daemon says it has started (before that SIGHUP is not yet its to handle).
            ASSERT_TRUE(eventually([&] { return daemon.log().find("gleaner started") != std::string::npos; }, 30s))
                << daemon.log();
            write_config(config(run + 1, pg, table));
            daemon.signal(SIGHUP);
            ++reloads;
            std::this_thread::sleep_for(std::chrono::milliseconds(moment_ms(rng) / 3));
        }
        ASSERT_TRUE(daemon.running()) << "run " << run << " ended before its kill\n" << daemon.log();
        daemon.signal(SIGKILL);
        ASSERT_EQ(daemon.wait(), 128 + SIGKILL);
    }
    const auto before = delivered();

    const auto file = write_config(config(kKills, pg, table));
    DaemonProcess daemon({"run", "--config", file.string()}, dir_ / "last.log");
    ASSERT_TRUE(eventually([&] { return daemon.log().find("gleaner started") != std::string::npos; }, 30s))
        << daemon.log();
    const bool complete = eventually([&] { return everything_everywhere(pg, table); }, 180s);
    daemon.signal(SIGTERM);
    EXPECT_EQ(daemon.wait(), 0) << daemon.log();
    const auto after = delivered();
    for (const auto& [plugin, stories] : after)
        EXPECT_EQ(stories.size(), static_cast<std::size_t>(kStories))
            << plugin << " (had " << (before.count(plugin) ? before.at(plugin).size() : 0) << " before the last run)";
    ASSERT_TRUE(complete) << daemon.log();
    std::cout << "[ INFO ] " << kKills << " kills, " << reloads << " reloads; before the last run the slow plugin had "
              << (before.count("slow") ? before.at("slow").size() : 0) << " of " << kStories << "\n";

    EXPECT_EQ(sqlite_column("SELECT COUNT(*) FROM articles"), std::vector<std::string>{std::to_string(kStories)})
        << "exactly once in sqlite";
    if (pg) {
        EXPECT_EQ(pg_scalar(pg, "SELECT COUNT(*) FROM " + table), std::to_string(kStories)) << "exactly once in postgres";
        EXPECT_EQ(pg_scalar(pg, "SELECT COUNT(DISTINCT canonical_url) FROM " + table), std::to_string(kStories));
        pg_scalar(pg, "DROP TABLE " + table);
    } else {
        std::cout << "[ INFO ] GLEANER_TEST_PG unset: postgres part skipped (scripts/test sets it)\n";
    }
}

}  // namespace
