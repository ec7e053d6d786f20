#include "test_crawl_fixture.h"

#include <signal.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "service_helpers.h"

namespace gleaner::testing {
namespace {

using namespace std::chrono_literals;

const nlohmann::json kNull;

long peak_rss_kib_of(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    return 0;
}

}  // namespace

double PassResult::metric(const std::string& name_and_labels) const {
    const auto found = metrics.find(name_and_labels);
    return found == metrics.end() ? 0 : found->second;
}

double PassResult::fetches(const std::string& outcome) const {
    return metric("gleaner_fetches_total{outcome=\"" + outcome + "\"}");
}

const nlohmann::json& PassResult::source(const std::string& name) const {
    if (status.contains("sources"))
        for (const auto& s : status["sources"])
            if (s["name"] == name) return s;
    return kNull;
}

std::string CrawlTest::crawl_config(const std::string& sources_yaml, const std::string& fetch_extra) const {
    std::string fetch = "user_agent: \"GleanerCrawlTest/1.0\", allow_private_networks: true, timeout: 10s";
    if (fetch_extra.find("retry:") == std::string::npos) fetch += ", retry: { max_attempts: 3, base_delay: 100ms }";
    if (!fetch_extra.empty()) fetch += ", " + fetch_extra;
    return "state_dir: state\n"
           "log: { level: debug }\n"
           "admin: { listen: \"127.0.0.1:0\" }\n"
           "fetch: { " + fetch + " }\n"
           "sources:\n" + sources_yaml +
           "plugins:\n"
           "  - name: archive\n"
           "    type: sqlite\n"
           "    config: { path: articles.db }\n"
           "  - name: stream\n"
           "    type: jsonl\n"
           "    config: { path: articles.jsonl }\n";
}

std::string CrawlTest::source(const std::string& name, const std::string& type, const std::vector<std::string>& urls,
                              const std::vector<std::string>& extra) {
    std::string list;
    for (const auto& url : urls) list += (list.empty() ? "\"" : ", \"") + url + "\"";
    std::string yaml = "  - name: " + name + "\n    type: " + type + "\n    urls: [ " + list + " ]\n";
    for (const auto& line : extra) yaml += "    " + line + "\n";
    return yaml;
}

PassResult CrawlTest::run_one_pass(const std::filesystem::path& config, std::size_t sources) {
    static int counter = 0;
    PassResult result;
    DaemonProcess daemon({"run", "--config", config.string()}, dir_ / ("daemon-" + std::to_string(++counter) + ".log"));
    unsigned short port = 0;
    const bool listening = eventually([&] { return (port = admin_port_from_log(daemon.log())) != 0; });
    const std::string admin = "http://127.0.0.1:" + std::to_string(port);
    const bool passed = listening && eventually([&] { return occurrences(daemon.log(), "pass finished") >= sources; },
                                                std::chrono::seconds(120));
    // The pass has put its URLs into the frontier; done once nothing there is due or in hand, no
    // work is in flight and every delivery is acknowledged. (A URL that failed waits in the
    // frontier for a later retry.)
    const bool delivered = passed && eventually([&] {
        const auto m = metrics_from_text(http_get(admin + "/metrics").body);
        const auto value = [&m](const std::string& name) {
            const auto it = m.find(name);
            return it == m.end() ? -1.0 : it->second;
        };
        return value("gleaner_spool_deliveries") == 0 && value("gleaner_work_in_flight") == 0 &&
               value("gleaner_frontier_urls{state=\"queued\"}") == 0 &&
               value("gleaner_frontier_urls{state=\"claimed\"}") == 0;
    });
    if (delivered) {
        result.metrics = metrics_from_text(http_get(admin + "/metrics").body);
        const auto status = http_get(admin + "/status");
        if (status.status == 200) result.status = nlohmann::json::parse(status.body);
        result.peak_rss_kib = peak_rss_kib_of(daemon.pid());
    }
    daemon.signal(SIGTERM);
    result.exit_status = daemon.wait().value_or(-1);
    result.log = daemon.log();
    EXPECT_TRUE(delivered) << "the daemon did not finish its pass and deliveries: " << result.log;
    return result;
}

PassResult CrawlTest::crawl_into_warc(int count, const std::string& max_size) {
    serve_generated_site(count);
    server_->serve_robots("User-agent: *\nAllow: /\n");
    const auto config = write_config(crawl_config(source("gen", "feed", {server_->url("/gen-feed.xml")}),
                                                  "warc: { dir: warc, max_size: " + max_size + " }"));
    return run_one_pass(config, 1);
}

std::pair<int, std::string> CrawlTest::run_once(const std::filesystem::path& config) {
    return run_gleaner({"run", "--config", config.string(), "--once"}, dir_);
}

nlohmann::json CrawlTest::stored_titled(const std::string& needle) const {
    for (const auto& a : stored())
        if (a["title"].get<std::string>().find(needle) != std::string::npos) return a;
    return nullptr;
}

std::vector<std::string> CrawlTest::stored_titles() const {
    std::vector<std::string> titles;
    for (const auto& a : stored()) titles.push_back(a["title"]);
    std::sort(titles.begin(), titles.end());
    return titles;
}

void CrawlTest::serve_article(const std::string& path, int i) { server_->serve(path, generated_article(i)); }

gleaner::test::TestResponse CrawlTest::article_response(int i) {
    return gleaner::test::TestResponse::text(generated_article(i), "text/html; charset=utf-8");
}

std::vector<std::string> log_lines_with(const std::string& log, const std::vector<std::string>& needles) {
    std::vector<std::string> out;
    std::istringstream in(log);
    for (std::string line; std::getline(in, line);)
        if (std::all_of(needles.begin(), needles.end(),
                        [&](const std::string& n) { return line.find(n) != std::string::npos; }))
            out.push_back(line);
    return out;
}

std::size_t occurrences(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + needle.size())) ++n;
    return n;
}

std::map<std::string, double> metrics_from_text(const std::string& text) {
    std::map<std::string, double> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        const auto space = line.rfind(' ');
        if (space == std::string::npos) continue;
        out[line.substr(0, space)] = std::stod(line.substr(space + 1));
    }
    return out;
}

}  // namespace gleaner::testing
