// The daemon as a system service: the systemd notify protocol, reload (SIGHUP and `gleaner ctl
// reload`) with valid and invalid configurations while work is in flight, graceful stop on SIGTERM
// without loss, and the admin endpoint (metrics checked against what the run did, malformed requests).
#include <signal.h>

#include <atomic>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <set>

#include "e2e_fixture.h"
#include "service_helpers.h"

using namespace gleaner::testing;
using namespace std::chrono_literals;

namespace {

std::set<std::string> titles(const std::vector<nlohmann::json>& articles) {
    std::set<std::string> out;
    for (const auto& a : articles) out.insert(a["title"].get<std::string>());
    return out;
}

// Prometheus text → {"name{labels}" → value}.
std::map<std::string, double> parse_metrics(const std::string& text) {
    std::map<std::string, double> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        const auto space = line.rfind(' ');
        out[line.substr(0, space)] = std::stod(line.substr(space + 1));
    }
    return out;
}

class ServiceTest : public EndToEndTest {
protected:
    std::string daemon_config(const std::string& feed_path, const std::string& extra = "") {
        return config_with_sources("  - name: gen\n"
                                   "    type: feed\n"
                                   "    urls: [ \"" + server_->url(feed_path) + "\" ]\n"
                                   "    interval: 1h\n",
                                   extra);
    }
};

}  // namespace

TEST_F(ServiceTest, SpeaksTheSystemdNotifyProtocolInOrder) {
    serve_generated_site(3);
    const auto config = write_config(daemon_config("/gen-feed.xml"));
    NotifyListener notify(dir_ / "notify.sock");
    DaemonProcess daemon({"run", "--config", config.string()}, dir_ / "daemon.log",
                         {{"NOTIFY_SOCKET", notify.path().string()}, {"WATCHDOG_USEC", "400000"}});
    const int ready = notify.wait_for("READY=1");
    ASSERT_GE(ready, 0) << daemon.log();
    // Watchdog pings at half of WatchdogSec: several within two watchdog periods, never a gap as long
    // as the whole period.
    ASSERT_GE(notify.wait_for("WATCHDOG=1", static_cast<std::size_t>(ready)), 0);
    std::this_thread::sleep_for(1500ms);
    std::vector<std::chrono::steady_clock::time_point> pings;
    for (const auto& m : notify.messages())
        if (m.text == "WATCHDOG=1") pings.push_back(m.at);
    ASSERT_GE(pings.size(), 4u);
    for (std::size_t i = 1; i < pings.size(); ++i)
        EXPECT_LT(pings[i] - pings[i - 1], 400ms) << "gap before ping " << i;

    const auto before_reload = notify.messages().size();
    daemon.signal(SIGHUP);
    const int reloading = notify.wait_for("RELOADING=1", before_reload);
    ASSERT_GE(reloading, 0) << daemon.log();
    EXPECT_NE(notify.messages()[static_cast<std::size_t>(reloading)].text.find("MONOTONIC_USEC="), std::string::npos);
    ASSERT_GE(notify.wait_for("READY=1", static_cast<std::size_t>(reloading)), 0) << daemon.log();

    const auto before_stop = notify.messages().size();
    daemon.signal(SIGTERM);
    ASSERT_GE(notify.wait_for("STOPPING=1", before_stop), 0) << daemon.log();
    EXPECT_EQ(daemon.wait(), 0) << daemon.log();
}

TEST_F(ServiceTest, ReloadUnderLoadAppliesAValidConfigAndKeepsRunningOnAnInvalidOne) {
    // Half of the pages answer 503 until the valid reload is done, so articles flow after it however
    // long the reload takes (seconds under ThreadSanitizer); the retries then store them.
    auto released = std::make_shared<std::atomic<bool>>(false);
    serve_generated_site(12, [released](const std::string& path, const std::string& page) {
        const bool held = path >= "/gen/6.html" && !released->load();
        auto response = held ? gleaner::test::TestResponse::with_status(503) : gleaner::test::TestResponse::text(page, "text/html; charset=utf-8");
        response.delay = 100ms;
        return response;
    });
    // A page that failed is tried again a second later (the frontier's retry starts at fetch.retry.max_delay).
    const auto retrying_soon = [](std::string yaml) {
        const std::string fetch_retry = "base_delay: 100ms }";
        return yaml.replace(yaml.find(fetch_retry), fetch_retry.size(), "base_delay: 100ms, max_delay: 1s }");
    };
    const auto config = write_config(retrying_soon(daemon_config("/gen-feed.xml")));
    DaemonProcess daemon({"run", "--config", config.string()}, dir_ / "daemon.log");
    ASSERT_TRUE(eventually([&] { return server_->request_count("/gen/0.html") > 0; })) << daemon.log();

    // A valid new configuration while articles are in flight: a second output is added.
    write_config(retrying_soon(daemon_config("/gen-feed.xml",
                                             "  - name: second\n    type: jsonl\n    config: { path: second.jsonl }\n")));
    auto [ok_status, ok_out] = run_gleaner({"ctl", "reload", "--config", config.string()}, dir_);
    EXPECT_EQ(ok_status, 0) << ok_out << daemon.log();
    EXPECT_NE(ok_out.find("configuration reloaded: 1 source(s), 3 plugin(s)"), std::string::npos) << ok_out;
    released->store(true);

    // An invalid one: refused with every error, the daemon keeps going on the previous one.
    write_config("sources:\n  - name: gen\n    type: feed\n    interval: soon\n");
    auto [bad_status, bad_out] = run_gleaner({"ctl", "reload", "--socket", (dir_ / "state" / "control.sock").string()}, dir_);
    EXPECT_EQ(bad_status, 1) << bad_out;
    EXPECT_NE(bad_out.find("still running on the previous one"), std::string::npos) << bad_out;
    EXPECT_NE(bad_out.find("sources[0].interval: invalid duration \"soon\""), std::string::npos) << bad_out;
    EXPECT_NE(bad_out.find("sources[0].urls: missing required key"), std::string::npos) << bad_out;
    daemon.signal(SIGHUP);  // the same through the signal: logged, not fatal
    std::this_thread::sleep_for(300ms);
    EXPECT_TRUE(daemon.running()) << daemon.log();

    ASSERT_TRUE(eventually([&] { return jsonl_articles().size() >= 12u; })) << daemon.log();
    daemon.signal(SIGTERM);
    ASSERT_EQ(daemon.wait(), 0) << daemon.log();
    const auto stored = jsonl_articles();
    EXPECT_EQ(stored.size(), 12u) << "no article dropped or duplicated by the reloads";
    EXPECT_EQ(titles(stored).size(), 12u);
    EXPECT_GE(jsonl_articles("second.jsonl").size(), 1u) << "the plugin added by the reload receives articles\n" << daemon.log();
    EXPECT_NE(daemon.log().find("configuration invalid; still running on the previous one"), std::string::npos);
}

TEST_F(ServiceTest, SigtermDuringARunLosesNothing) {
    serve_generated_site(10, 300ms);
    const auto config = write_config(daemon_config("/gen-feed.xml"));
    {
        DaemonProcess daemon({"run", "--config", config.string()}, dir_ / "first.log");
        ASSERT_TRUE(eventually([&] { return server_->request_count("/gen/1.html") > 0; })) << daemon.log();
        daemon.signal(SIGTERM);
        ASSERT_EQ(daemon.wait(), 0) << daemon.log();
        EXPECT_NE(daemon.log().find("gleaner stopped"), std::string::npos) << daemon.log();
    }
    const auto after_stop = jsonl_articles().size();
    // A new run picks up whatever the stopped one had not fetched yet.
    auto [status, log] = run_gleaner({"run", "--config", config.string(), "--once"}, dir_);
    ASSERT_EQ(status, 0) << log;
    const auto stored = jsonl_articles();
    EXPECT_EQ(stored.size(), 10u) << "stored before the stop: " << after_stop;
    EXPECT_EQ(titles(stored).size(), 10u) << "each article exactly once";
    EXPECT_EQ(sqlite_column("SELECT COUNT(DISTINCT canonical_url) FROM articles"), std::vector<std::string>{"10"});
}

TEST_F(ServiceTest, MetricsAgreeWithWhatTheRunDidAndStatusReportsEachSource) {
    serve_generated_site(4);
    server_->serve("/gen/broken.html", "<html><body><nav>menu</nav></body></html>");  // no article on it
    const auto config = write_config(daemon_config("/gen-feed.xml", "admin: { listen: \"127.0.0.1:0\" }\n"));
    DaemonProcess daemon({"run", "--config", config.string()}, dir_ / "daemon.log");
    unsigned short port = 0;
    ASSERT_TRUE(eventually([&] { return (port = admin_port_from_log(daemon.log())) != 0; })) << daemon.log();
    // Both plugins have every article (each delivers on a thread of its own, at its own pace).
    ASSERT_TRUE(eventually([&] {
        const auto m = parse_metrics(http_get("http://127.0.0.1:" + std::to_string(port) + "/metrics").body);
        for (const char* plugin : {"stream", "archive"}) {
            const auto key = std::string("gleaner_plugin_delivered_total{plugin=\"") + plugin + "\"}";
            if (!m.count(key) || m.at(key) != 4) return false;
        }
        return true;
    })) << daemon.log();

    const auto answer = http_get("http://127.0.0.1:" + std::to_string(port) + "/metrics");
    ASSERT_EQ(answer.status, 200);
    const auto m = parse_metrics(answer.body);
    EXPECT_EQ(m.at("gleaner_articles_spooled_total"), 4);
    EXPECT_EQ(m.at("gleaner_articles_extracted_total"), 4);
    EXPECT_EQ(m.at("gleaner_pages_fetched_total"), 4);
    EXPECT_EQ(m.at("gleaner_documents_fetched_total"), 1);
    EXPECT_EQ(m.at("gleaner_plugin_delivered_total{plugin=\"archive\"}"), 4);
    EXPECT_EQ(m.at("gleaner_plugin_dead_lettered_total{plugin=\"archive\"}"), 0);
    EXPECT_EQ(m.at("gleaner_source_documents_total{source=\"gen\"}"), 1);
    EXPECT_EQ(m.at("gleaner_source_articles_total{source=\"gen\",outcome=\"new\"}"), 4);
    EXPECT_EQ(m.at("gleaner_source_articles_total{source=\"gen\",outcome=\"no_article\"}"), 0);
    EXPECT_EQ(m.at("gleaner_source_stored_articles{source=\"gen\"}"), 4);
    EXPECT_EQ(m.at("gleaner_queue_depth{plugin=\"archive\"}"), 0);
    EXPECT_EQ(m.at("gleaner_extraction_seconds_count"), 4);
    EXPECT_EQ(m.at("gleaner_extraction_seconds_bucket{le=\"+Inf\"}"), 4);
    EXPECT_GE(m.at("gleaner_fetches_total{outcome=\"ok\"}"), 5);  // feed + 4 pages (+ robots.txt)
    EXPECT_EQ(m.at("gleaner_plugin_events_total{plugin=\"stream\",name=\"lines_written\"}"), 4);
    EXPECT_GT(m.at("gleaner_sqlite_memory_bytes"), 0) << "the state database and the sqlite plugin hold page caches";
    EXPECT_EQ(m.at("gleaner_spool_articles"), 0);
    EXPECT_EQ(m.at("gleaner_sources"), 1);
    EXPECT_GT(m.at("gleaner_fetch_bytes_total"), 0);

    const auto status = http_get("http://127.0.0.1:" + std::to_string(port) + "/status");
    ASSERT_EQ(status.status, 200);
    const auto s = nlohmann::json::parse(status.body);
    ASSERT_EQ(s["sources"].size(), 1u);
    EXPECT_EQ(s["sources"][0]["name"], "gen");
    EXPECT_EQ(s["sources"][0]["totals"]["stored"], 4);
    EXPECT_EQ(s["sources"][0]["totals"]["articles"]["new"], 4);
    EXPECT_EQ(s["sources"][0]["last_pass"]["outcome"], "ok");
    EXPECT_EQ(s["sources"][0]["last_pass"]["new_articles"], 4);
    EXPECT_FALSE(s["sources"][0]["last_pass"]["finished"].get<std::string>().empty());
    EXPECT_FALSE(s["sources"][0]["next_pass"].get<std::string>().empty());
    EXPECT_EQ(s["plugins"][0]["delivered"], 4);
    EXPECT_EQ(s["articles"].size(), 4u) << "the newest articles";
    EXPECT_EQ(s["articles_per_hour"].back(), 4) << "this hour's count";
    EXPECT_EQ(http_get("http://127.0.0.1:" + std::to_string(port) + "/healthz").status, 200);

    daemon.signal(SIGTERM);
    EXPECT_EQ(daemon.wait(), 0) << daemon.log();
}

TEST_F(ServiceTest, TheAdminEndpointAnswersMalformedRequestsWith400AndUnknownPathsWith404) {
    serve_generated_site(1);
    const auto config = write_config(daemon_config("/gen-feed.xml", "admin: { listen: \"127.0.0.1:0\" }\n"));
    DaemonProcess daemon({"run", "--config", config.string()}, dir_ / "daemon.log");
    unsigned short port = 0;
    ASSERT_TRUE(eventually([&] { return (port = admin_port_from_log(daemon.log())) != 0; })) << daemon.log();

    EXPECT_EQ(raw_http(port, "THIS IS NOT HTTP\r\n\r\n").substr(0, 12), "HTTP/1.1 400");
    EXPECT_EQ(raw_http(port, "GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n").substr(0, 12),
              "HTTP/1.1 400");
    EXPECT_EQ(raw_http(port, "GET /metrics HTTP/1.1\r\nHost: x\r\n" + std::string(20000, 'X') + ": y\r\n\r\n").substr(0, 12),
              "HTTP/1.1 400")
        << "oversized headers";
    EXPECT_EQ(http_get("http://127.0.0.1:" + std::to_string(port) + "/nothing-here").status, 404);
    EXPECT_EQ(raw_http(port, "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                  .substr(0, 12),
              "HTTP/1.1 405");
    // Still serving after the bad ones.
    EXPECT_EQ(http_get("http://127.0.0.1:" + std::to_string(port) + "/healthz").status, 200);
    daemon.signal(SIGTERM);
    EXPECT_EQ(daemon.wait(), 0) << daemon.log();
}

TEST_F(ServiceTest, ASecondStopSignalExitsPromptlyAndSpooledArticlesSurvive) {
    serve_generated_site(8);
    const auto config = write_config(daemon_config("/gen-feed.xml",
                                                   "  - name: slow\n"
                                                   "    path: " RECORDER_PLUGIN "\n"
                                                   "    config: { out: slow.txt, delay_ms: 2000 }\n"
                                                   "    batch_size: 1\n"));
    {
        DaemonProcess daemon({"run", "--config", config.string()}, dir_ / "first.log");
        // Every article spooled (the fast plugins have them) while the slow one is inside a 2 s call.
        ASSERT_TRUE(eventually([&] { return jsonl_articles().size() == 8u && lines_of("slow.txt").size() >= 1u; }))
            << daemon.log();
        daemon.signal(SIGTERM);
        ASSERT_TRUE(eventually([&] { return daemon.log().find("\"stopping\"") != std::string::npos ||
                                            daemon.log().find("info  stopping") != std::string::npos; }));
        std::this_thread::sleep_for(200ms);
        daemon.signal(SIGTERM);
        const auto status = daemon.wait(20s);
        ASSERT_TRUE(status) << "did not exit after the second signal\n" << daemon.log();
        EXPECT_EQ(*status, 0) << daemon.log();
        EXPECT_NE(daemon.log().find("second stop signal: exiting now"), std::string::npos) << daemon.log();
    }
    auto [status, log] = run_gleaner({"run", "--config", config.string(), "--once"}, dir_);
    ASSERT_EQ(status, 0) << log;
    std::set<std::string> slow;
    for (const auto& line : lines_of("slow.txt")) slow.insert(line.substr(0, line.find('\t')));
    EXPECT_EQ(slow.size(), 8u) << "the slow plugin gets what was spooled before the forced stop";
    EXPECT_EQ(jsonl_articles().size(), 8u);
}

TEST_F(ServiceTest, JsonLogLinesCarryStructuredFields) {
    serve_generated_site(2);
    auto yaml = config_with_sources("  - name: gen\n    type: feed\n    urls: [ \"" + server_->url("/gen-feed.xml") + "\" ]\n");
    yaml.replace(yaml.find("log: { level: debug }"), 21, "log: { level: info, format: json }");
    const auto config = write_config(yaml);
    auto [status, log] = run_gleaner({"run", "--config", config.string(), "--once"}, dir_);
    ASSERT_EQ(status, 0) << log;
    std::istringstream lines(log);
    int articles = 0;
    int summaries = 0;
    for (std::string line; std::getline(lines, line);) {
        const auto j = nlohmann::json::parse(line);  // every line is one JSON object
        if (j.contains("summary")) {  // run --once's summary, the last line
            ++summaries;
            EXPECT_EQ(j["summary"]["sources"][0]["totals"]["articles"]["new"], 2) << line;
            EXPECT_EQ(j["problems"], nlohmann::json::array()) << line;
            continue;
        }
        EXPECT_TRUE(j.contains("time") && j.contains("level") && j.contains("message")) << line;
        if (j.contains("words")) {
            ++articles;
            EXPECT_EQ(j["source"], "gen");
            EXPECT_NE(j["url"].get<std::string>().find("/gen/"), std::string::npos);
            EXPECT_EQ(j["level"], "info");
        }
    }
    EXPECT_EQ(articles, 2);
    EXPECT_EQ(summaries, 1);
}

TEST_F(ServiceTest, FetchingPausesWhenTheSpoolIsOverItsDiskBudgetAndResumesWhenItDrains) {
    serve_generated_site(6);
    server_->serve("/pinned.html", generated_article(100));
    const auto config = write_config(
        "state_dir: state\n"
        "log: { level: debug }\n"
        "fetch: { allow_private_networks: true }\n"
        "delivery: { spool_max_bytes: 2000 }\n"
        "sources:\n"
        "  - { name: gen, type: feed, urls: [ \"" + server_->url("/gen-feed.xml") + "\" ], interval: 1h }\n"
        "  - { name: pinned, type: page, urls: [ \"" + server_->url("/pinned.html") + "\" ], interval: 1s }\n"
        "plugins:\n"
        "  - name: stuck\n"
        "    path: " RECORDER_PLUGIN "\n"
        "    config: { out: stuck.txt, mode: retry }\n"
        "    retry: { max_attempts: 2, base_delay: 6s, max_delay: 6s }\n");
    DaemonProcess daemon({"run", "--config", config.string()}, dir_ / "daemon.log");
    // The stuck plugin keeps every article in the spool: over 2000 bytes, passes wait.
    ASSERT_TRUE(eventually([&] { return daemon.log().find("spool reached its disk budget") != std::string::npos; }))
        << daemon.log();
    ASSERT_TRUE(eventually([&] { return daemon.log().find("pass postponed  source=pinned") != std::string::npos; }))
        << daemon.log();
    const auto pinned_requests = server_->request_count("/pinned.html");
    // Its retries run out, the articles go to the dead-letter file, the spool drains, fetching resumes.
    ASSERT_TRUE(eventually([&] { return daemon.log().find("fetching resumes") != std::string::npos; }, 60s))
        << daemon.log();
    EXPECT_GE(lines_of("state/dead-letter.jsonl").size(), 6u);
    ASSERT_TRUE(eventually([&] { return server_->request_count("/pinned.html") > pinned_requests; })) << daemon.log();
    daemon.signal(SIGTERM);
    EXPECT_EQ(daemon.wait(), 0) << daemon.log();
}
