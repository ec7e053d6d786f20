// The daemon's configuration as plain data, filled by config_loader from one YAML file.
// Every field here has one entry in the schema table (config_schema.cpp), which also provides its
// default, its documentation and its validation; this header only holds the values. The initializers
// below mirror the schema's defaults (tests/config checks they agree), so a default-constructed Config
// is what an empty file loads to, paths aside (the loader makes them absolute).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gleaner::config {

using Duration = std::chrono::milliseconds;

struct LogConfig {
    std::string level = "info";   // trace | debug | info | warn | error
    std::string format = "text";  // text | json (journald is chosen automatically under systemd)

    bool operator==(const LogConfig&) const = default;
};

struct RetryConfig {
    int max_attempts = 4;                       // including the first try
    Duration base_delay = std::chrono::seconds(2);
    Duration max_delay = std::chrono::minutes(10);

    bool operator==(const RetryConfig&) const = default;
};

// Archiving every HTTP exchange as WARC/1.1 (daemon/archive).
struct WarcConfig {
    std::filesystem::path dir;                  // empty: nothing is archived
    std::int64_t max_size = 1024LL * 1024 * 1024;  // a file is closed and a new one begun past this size

    bool operator==(const WarcConfig&) const = default;
};

// Pages that need JavaScript, rendered in one long-lived headless browser (daemon/render).
struct RenderConfig {
    std::string browser = "chromium-headless-shell";  // a path, or a name looked up in PATH
    int concurrency = 2;                        // tabs rendering at once
    Duration timeout = std::chrono::seconds(20);  // per page

    bool operator==(const RenderConfig&) const = default;
};

struct FetchConfig {
    std::string user_agent = "Gleaner/0.1 (+https://github.com/gleaner)";
    int concurrency = 32;                       // global limit of transfers in flight
    int per_host_concurrency = 2;
    Duration per_host_delay = std::chrono::milliseconds(0);  // minimum gap between requests to one host
    Duration timeout = std::chrono::seconds(30);             // total transfer time
    Duration connect_timeout = std::chrono::seconds(10);
    int low_speed_limit = 100;                  // bytes/s; slower than this for low_speed_time aborts
    Duration low_speed_time = std::chrono::seconds(20);
    std::int64_t max_body_bytes = 16 * 1024 * 1024;
    std::int64_t max_bytes_in_flight = 256LL * 1024 * 1024;  // bodies received and not yet let go
    int max_redirects = 5;
    bool respect_robots = true;
    bool allow_private_networks = false;
    bool verify_tls = true;
    std::string proxy;                          // empty: curl's environment defaults
    std::map<std::string, std::string> headers; // sent with every request
    RetryConfig retry;
    WarcConfig warc;
    RenderConfig render;

    bool operator==(const FetchConfig&) const = default;
};

struct ExtractConfig {
    std::int64_t max_input_bytes = 32 * 1024 * 1024;
    int workers = 0;                            // 0: one per CPU core
    std::filesystem::path site_rules;           // folder of ftr-site-config rule files; empty: none
    std::vector<std::string> page_types = {"article"};  // page types handed to plugins; others skipped

    bool operator==(const ExtractConfig&) const = default;
};

// What a source's URLs are. Each kind has one component in daemon/pipeline/source_kinds.
enum class SourceType { page, feed, sitemap, section, warc };

struct SourceConfig {
    std::string name;
    SourceType type = SourceType::page;
    std::vector<std::string> urls;              // every type but warc
    std::vector<std::string> paths;             // warc: files or glob patterns (absolute)
    Duration interval = std::chrono::minutes(15);
    Duration jitter = std::chrono::seconds(0);  // up to this much is added to each interval at random
    std::optional<Duration> max_age;            // entries older than this are skipped (feed, sitemap)
    int max_articles = 0;                       // per pass; 0: no limit
    std::vector<std::string> include;           // section: regexes a link must match
    std::vector<std::string> exclude;           // section: regexes that reject a link
    bool discover = false;                      // find feeds from the site URL(s)
    std::string user_agent;                     // empty: fetch.user_agent
    std::map<std::string, std::string> headers; // added to fetch.headers for this source
    std::string render = "never";               // never | auto | always: pages rendered in a browser

    bool operator==(const SourceConfig&) const = default;
};

struct PluginFilterConfig {
    std::vector<std::string> sources;           // empty: every source
    std::vector<std::string> languages;         // empty: every language
    int min_words = 0;
    std::vector<std::string> keywords;          // any of these words (case-insensitive) in title or text
    std::vector<std::string> patterns;          // any of these RE2 regexes matches title or text
    std::vector<std::string> exclude_keywords;
    std::vector<std::string> exclude_patterns;
    std::string duplicates = "keep";            // keep | drop: copies of a story stored earlier elsewhere

    bool operator==(const PluginFilterConfig&) const = default;
};

struct PluginConfig {
    std::string name;                           // instance name, unique
    std::string type;                           // plugin type name; empty when `path` is given
    std::filesystem::path path;                 // explicit shared object (absolute); empty when `type` is given
    std::string config_json = "{}";             // the `config:` mapping as a JSON object (see config_loader.h)
    int config_line = 0;                        // 1-based position of the `config:` value (of the entry
                                                // when there is none), for messages
    int config_column = 0;
    PluginFilterConfig filter;
    int batch_size = 64;                        // articles per flush
    int queue_capacity = 256;                   // articles held in memory; the rest wait in the spool
    // Redeliveries outlast an ordinary outage: 5 s doubling up to 30 min, 20 tries (about 6 hours).
    RetryConfig retry{20, std::chrono::seconds(5), std::chrono::minutes(30)};

    bool operator==(const PluginConfig&) const = default;
};

// A plugin `type:` is a bare name (letters, digits, `_`, `-`) looked up as gleaner_<type>.so in the
// plugin folders: nothing in it may lead out of them (`../`, `/`). A file elsewhere is named by `path:`.
inline bool is_plugin_type_name(std::string_view type) {
    if (type.empty()) return false;
    for (const char c : type) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                           c == '-';
        if (!plain) return false;
    }
    return true;
}

struct DeliveryConfig {
    std::int64_t spool_max_bytes = 1024LL * 1024 * 1024;  // fetching pauses when the spool is this large
    std::filesystem::path dead_letter;          // empty: <state_dir>/dead-letter.jsonl

    bool operator==(const DeliveryConfig&) const = default;
};

// Near-duplicate stories (daemon/stories): how far back and how similar a copy is looked for.
struct DedupConfig {
    Duration window = std::chrono::hours(24 * 7);
    double near_threshold = 0.3;                // estimated Jaccard similarity of word shingles

    bool operator==(const DedupConfig&) const = default;
};

struct StateConfig {
    Duration prune_after = std::chrono::hours(24 * 90);    // forget seen URLs not seen for this long
    std::string backend = "sqlite";             // sqlite | postgres
    std::string conninfo;                       // postgres: libpq connection string
    Duration lease = std::chrono::seconds(60);  // how long a claim lives without renewal

    bool operator==(const StateConfig&) const = default;
};

struct NodeConfig {
    std::string name;                           // empty: "<host name>:<pid>"

    bool operator==(const NodeConfig&) const = default;
};

struct AdminConfig {
    std::string listen;                         // "127.0.0.1:9464"; empty: off
    bool allow_remote = false;                  // a non-loopback listen address must be opted into
    std::string token;                          // non-empty: requests need "Authorization: Bearer <token>"

    bool operator==(const AdminConfig&) const = default;
};

struct Config {
    std::filesystem::path file;                 // the file this came from (absolute)
    std::filesystem::path state_dir = "var/state";
    std::filesystem::path plugin_dir;           // extra folder searched for plugin types
    std::filesystem::path control_socket;       // empty: <state_dir>/control.sock
    Duration shutdown_timeout = std::chrono::seconds(30);
    LogConfig log;
    FetchConfig fetch;
    ExtractConfig extract;
    DedupConfig dedup;
    StateConfig state;
    DeliveryConfig delivery;
    AdminConfig admin;
    NodeConfig node;
    std::vector<SourceConfig> sources;
    std::vector<PluginConfig> plugins;

    bool operator==(const Config&) const = default;
};

std::string_view to_string(SourceType type);  // "page", "feed", "sitemap", "section", "warc"

}  // namespace gleaner::config
