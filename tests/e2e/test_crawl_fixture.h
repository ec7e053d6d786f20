// Shared set-up of the daemon-level crawl tests (test_crawl_*.cpp): configurations with the admin
// endpoint on, one daemon pass observed through its log, /metrics and /status before a SIGTERM, and
// readers for what was stored and what the test server saw.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "e2e_fixture.h"

namespace gleaner::testing {

// What one daemon pass left behind: its exit status after SIGTERM, its log, and the admin endpoint's
// answers read just before the stop.
struct PassResult {
    int exit_status = -1;
    std::string log;
    std::map<std::string, double> metrics;  // "name{labels}" → value
    nlohmann::json status;                  // /status
    long peak_rss_kib = 0;                  // VmHWM of the daemon just before the stop

    double metric(const std::string& name_and_labels) const;  // 0 when absent
    double fetches(const std::string& outcome) const;         // gleaner_fetches_total{outcome=...}
    const nlohmann::json& source(const std::string& name) const;  // its /status entry
};

class CrawlTest : public EndToEndTest {
protected:
    // A configuration with the admin endpoint on, both built-in plugins, `sources_yaml` (list items,
    // see source()) and `fetch_extra` ("key: value, ...") added to the fetch settings.
    std::string crawl_config(const std::string& sources_yaml, const std::string& fetch_extra = "") const;
    // One `sources:` list item; `extra` holds further keys as "key: value" lines without indentation.
    static std::string source(const std::string& name, const std::string& type, const std::vector<std::string>& urls,
                              const std::vector<std::string>& extra = {});

    // Runs `gleaner run` (no --once) until every one of `sources` sources has finished a pass and the
    // plugins have every spooled article, reads the admin endpoint, then stops it with SIGTERM.
    PassResult run_one_pass(const std::filesystem::path& config, std::size_t sources);
    // Serves `count` generated pages and a feed of them, and runs one pass that archives every exchange
    // in WARC files under warc/ (`fetch.warc` with `max_size`): the set-up of the WARC tests.
    PassResult crawl_into_warc(int count, const std::string& max_size);
    // `gleaner run --once`: {exit status, log}.
    std::pair<int, std::string> run_once(const std::filesystem::path& config);

    // Stored articles (the jsonl plugin's file) and the one whose title contains `needle`.
    std::vector<nlohmann::json> stored() const { return jsonl_articles(); }
    nlohmann::json stored_titled(const std::string& needle) const;  // null when none
    std::vector<std::string> stored_titles() const;                 // sorted

    // Serves generated_article(i) at `path` (same text as /gen/<i>.html of serve_generated_site).
    void serve_article(const std::string& path, int i);
    // generated_article(i) as a response, for sequences of answers.
    static gleaner::test::TestResponse article_response(int i);
    static std::string title_of(int i) { return "Generated story " + std::to_string(i); }
};

// Lines of `log` that contain every one of `needles`.
std::vector<std::string> log_lines_with(const std::string& log, const std::vector<std::string>& needles);
std::size_t occurrences(const std::string& haystack, const std::string& needle);
std::map<std::string, double> metrics_from_text(const std::string& text);

}  // namespace gleaner::testing
