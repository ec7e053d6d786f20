// Rendering of the admin snapshot: Prometheus metrics, the /status JSON and the systemd STATUS= line.
#include <nlohmann/json.hpp>

#include <sstream>

#include "admin/snapshot.h"

namespace gleaner::admin {
namespace {

// Label values escape backslash, double quote and newline (exposition format).
std::string label(const std::string& value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

class Writer {
public:
    void family(const char* name, const char* type, const char* help) {
        out_ << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
    }
    template <typename T>
    void sample(const std::string& name, const std::string& labels, T value) {
        out_ << name;
        if (!labels.empty()) out_ << '{' << labels << '}';
        out_ << ' ' << value << '\n';
    }
    std::string str() const { return out_.str(); }

private:
    std::ostringstream out_;
};

std::string iso_ms(std::int64_t ms) {
    if (ms <= 0) return {};
    const std::time_t seconds = ms / 1000;
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

}  // namespace

std::string render_metrics(const Snapshot& s) {
    Writer w;
    w.family("gleaner_build_info", "gauge", "Version of the running daemon.");
    w.sample("gleaner_build_info", "version=\"" + label(s.version) + "\"", 1);
    w.family("gleaner_uptime_seconds", "gauge", "Seconds since the daemon started.");
    w.sample("gleaner_uptime_seconds", "", s.uptime_seconds);

    w.family("gleaner_fetches_total", "counter", "Finished fetches by outcome (ok or the failure kind).");
    for (std::size_t i = 0; i < fetch::kFailureKindCount; ++i) {
        const auto kind = static_cast<fetch::FailureKind>(i);
        const std::string outcome = kind == fetch::FailureKind::none ? "ok" : std::string(fetch::to_string(kind));
        w.sample("gleaner_fetches_total", "outcome=\"" + outcome + "\"", s.fetch.completed_by_failure[i]);
    }
    w.family("gleaner_http_responses_total", "counter", "HTTP responses received, by status class.");
    for (int c = 1; c <= 5; ++c)
        w.sample("gleaner_http_responses_total", "class=\"" + std::to_string(c) + "xx\"",
                 s.fetch.responses_by_status_class[static_cast<std::size_t>(c)]);
    w.family("gleaner_fetch_bytes_total", "counter", "Bytes received on the wire.");
    w.sample("gleaner_fetch_bytes_total", "", s.fetch.bytes_received);
    w.family("gleaner_fetch_retries_total", "counter", "Transfers retried after a temporary failure.");
    w.sample("gleaner_fetch_retries_total", "", s.fetch.retries);
    w.family("gleaner_robots_fetches_total", "counter", "robots.txt files fetched.");
    w.sample("gleaner_robots_fetches_total", "", s.fetch.robots_fetches);
    if (s.archiving) {
        w.family("gleaner_warc_records_total", "counter", "WARC records written (responses, revisits, requests).");
        w.sample("gleaner_warc_records_total", "", s.archive.records_written);
        w.family("gleaner_warc_exchanges_dropped_total", "counter",
                 "HTTP exchanges not archived: the WARC writer was behind, or the disk refused them.");
        w.sample("gleaner_warc_exchanges_dropped_total", "", s.archive.exchanges_dropped);
        w.family("gleaner_warc_files_total", "counter", "WARC files completed (synced and renamed).");
        w.sample("gleaner_warc_files_total", "", s.archive.files_closed);
    }
    w.family("gleaner_fetch_in_flight", "gauge", "Transfers running now.");
    w.sample("gleaner_fetch_in_flight", "", s.fetch.in_flight);
    w.family("gleaner_fetch_queued", "gauge", "Requests waiting for a host slot, a politeness delay or a retry.");
    w.sample("gleaner_fetch_queued", "", s.fetch.queued);

    const auto& p = s.pipeline;
    w.family("gleaner_pages_fetched_total", "counter", "Article pages fetched successfully.");
    w.sample("gleaner_pages_fetched_total", "", p.pages_fetched);
    w.family("gleaner_documents_fetched_total", "counter", "Feeds, sitemaps and section pages fetched.");
    w.sample("gleaner_documents_fetched_total", "", p.documents_fetched);
    w.family("gleaner_not_modified_total", "counter", "Conditional requests answered 304 (no parse).");
    w.sample("gleaner_not_modified_total", "", p.not_modified);
    w.family("gleaner_articles_extracted_total", "counter", "Pages from which an article was extracted.");
    w.sample("gleaner_articles_extracted_total", "", p.articles_extracted);
    w.family("gleaner_articles_spooled_total", "counter", "New articles handed to delivery.");
    w.sample("gleaner_articles_spooled_total", "", p.articles_spooled);
    w.family("gleaner_duplicates_total", "counter", "Articles already delivered under this URL or with this content.");
    w.sample("gleaner_duplicates_total", "", p.duplicates);
    w.family("gleaner_story_clusters_total", "counter",
             "Stored articles that began a story cluster (no near-duplicate stored within dedup.window).");
    w.sample("gleaner_story_clusters_total", "", p.story_clusters);
    w.family("gleaner_story_copies_total", "counter",
             "Stored articles that are near-duplicates of a story stored earlier (duplicate_of set).");
    w.sample("gleaner_story_copies_total", "", p.story_copies);
    w.family("gleaner_known_urls_skipped_total", "counter", "Entry URLs skipped before fetching: already delivered.");
    w.sample("gleaner_known_urls_skipped_total", "", p.skipped_known);
    w.family("gleaner_no_article_total", "counter", "Pages on which no article text was found.");
    w.sample("gleaner_no_article_total", "", p.no_article);
    w.family("gleaner_extract_errors_total", "counter", "Pages the extractor refused (too large, ...).");
    w.sample("gleaner_extract_errors_total", "", p.extract_errors);

    w.family("gleaner_extraction_seconds", "histogram", "Time to extract one page.");
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < p.extract_buckets.size(); ++i) {
        cumulative += p.extract_buckets[i];
        std::ostringstream le;
        if (i < pipeline::kExtractBuckets.size()) le << pipeline::kExtractBuckets[i];
        else le << "+Inf";
        w.sample("gleaner_extraction_seconds_bucket", "le=\"" + le.str() + "\"", cumulative);
    }
    w.sample("gleaner_extraction_seconds_sum", "", p.extract_seconds_total);
    w.sample("gleaner_extraction_seconds_count", "", cumulative);

    w.family("gleaner_sources", "gauge", "Configured sources.");
    w.sample("gleaner_sources", "", s.sources_configured);
    w.family("gleaner_sources_due", "gauge", "Sources with a pass under way.");
    w.sample("gleaner_sources_due", "", p.sources_due);
    w.family("gleaner_work_in_flight", "gauge", "Fetches and extractions not finished.");
    w.sample("gleaner_work_in_flight", "", p.work_in_flight);

    const auto node = "node=\"" + label(s.node) + "\"";
    w.family("gleaner_node_info", "gauge", "This node's identity and state backend (always 1).");
    w.sample("gleaner_node_info", node + ",backend=\"" + label(s.backend) + "\"", 1);
    w.family("gleaner_nodes_alive", "gauge", "Nodes whose heartbeat in the crawl state is recent.");
    w.sample("gleaner_nodes_alive", "", s.store.nodes_alive);
    w.family("gleaner_frontier_urls", "gauge", "Article URLs in the frontier, by state.");
    w.sample("gleaner_frontier_urls", "state=\"queued\"", s.store.frontier_queued);
    w.sample("gleaner_frontier_urls", "state=\"waiting\"", s.store.frontier_waiting);
    w.sample("gleaner_frontier_urls", "state=\"claimed\"", s.store.frontier_claimed);
    w.sample("gleaner_frontier_urls", "state=\"expired\"", s.store.frontier_expired);
    w.sample("gleaner_frontier_urls", "state=\"done\"", s.store.frontier_done);
    w.sample("gleaner_frontier_urls", "state=\"failed\"", s.store.frontier_failed);
    w.family("gleaner_leases_held", "gauge", "Claims this node holds now: passes, frontier URLs, deliveries.");
    w.sample("gleaner_leases_held", node, s.store.leases_held);
    w.family("gleaner_outbox_depth", "gauge", "Deliveries waiting in the outbox, by plugin (all nodes).");
    for (const auto& [plugin, depth] : s.store.outbox_by_plugin)
        w.sample("gleaner_outbox_depth", "plugin=\"" + label(plugin) + "\"", depth);

    w.family("gleaner_queue_depth", "gauge", "Articles waiting in the spool for each plugin.");
    for (const auto& pl : s.plugins) w.sample("gleaner_queue_depth", "plugin=\"" + label(pl.name) + "\"", pl.pending);
    w.family("gleaner_plugin_delivered_total", "counter", "Articles acknowledged by each plugin.");
    for (const auto& pl : s.plugins) w.sample("gleaner_plugin_delivered_total", "plugin=\"" + label(pl.name) + "\"", pl.delivered);
    w.family("gleaner_plugin_retried_total", "counter", "RETRY answers per plugin.");
    for (const auto& pl : s.plugins) w.sample("gleaner_plugin_retried_total", "plugin=\"" + label(pl.name) + "\"", pl.retried);
    w.family("gleaner_plugin_failed_total", "counter", "Articles dead-lettered per plugin.");
    for (const auto& pl : s.plugins) w.sample("gleaner_plugin_failed_total", "plugin=\"" + label(pl.name) + "\"", pl.failed);
    w.family("gleaner_plugin_events_total", "counter", "Counters plugins report through the host API.");
    for (const auto& pl : s.plugins)
        for (const auto& [name, value] : pl.plugin_counters)
            w.sample("gleaner_plugin_events_total", "plugin=\"" + label(pl.name) + "\",name=\"" + label(name) + "\"", value);

    w.family("gleaner_spool_articles", "gauge", "Articles in the spool.");
    w.sample("gleaner_spool_articles", "", s.spool.articles);
    w.family("gleaner_spool_bytes", "gauge", "Bytes of article payload in the spool.");
    w.sample("gleaner_spool_bytes", "", s.spool.bytes);
    w.family("gleaner_spool_deliveries", "gauge", "Deliveries not yet acknowledged, all plugins together.");
    w.sample("gleaner_spool_deliveries", "", s.spool.deliveries);
    w.family("gleaner_spool_full", "gauge", "1 while fetching is paused because the spool is over its budget.");
    w.sample("gleaner_spool_full", "", p.spool_full ? 1 : 0);
    return w.str();
}

std::string render_status(const Snapshot& s) {
    nlohmann::ordered_json j;
    j["version"] = s.version;
    j["uptime_seconds"] = s.uptime_seconds;
    j["sources"] = nlohmann::json::array();
    for (const auto& src : s.sources) {
        j["sources"].push_back({{"name", src.name},
                                {"type", src.type},
                                {"running", src.running},
                                {"last_fetch", iso_ms(src.last_run_ms)},
                                {"next_due", iso_ms(src.next_due_ms)},
                                {"last_error", src.last_error},
                                {"last_error_at", iso_ms(src.last_error_ms)},
                                {"articles", src.articles},
                                {"failures", src.failures}});
    }
    j["plugins"] = nlohmann::json::array();
    for (const auto& p : s.plugins)
        j["plugins"].push_back({{"name", p.name},
                                {"type", p.type},
                                {"delivered", p.delivered},
                                {"retried", p.retried},
                                {"failed", p.failed},
                                {"pending", p.pending},
                                {"last_error", p.last_error}});
    j["spool"] = {{"articles", s.spool.articles}, {"bytes", s.spool.bytes}, {"deliveries", s.spool.deliveries}};
    j["fetch"] = {{"in_flight", s.fetch.in_flight}, {"queued", s.fetch.queued}};
    nlohmann::ordered_json outbox = nlohmann::ordered_json::object();
    for (const auto& [plugin, depth] : s.store.outbox_by_plugin) outbox[plugin] = depth;
    j["node"] = {{"name", s.node},
                 {"backend", s.backend},
                 {"nodes_alive", s.store.nodes_alive},
                 {"leases_held", s.store.leases_held}};
    j["frontier"] = {{"queued", s.store.frontier_queued},
                     {"waiting", s.store.frontier_waiting},
                     {"claimed", s.store.frontier_claimed},
                     {"expired", s.store.frontier_expired},
                     {"done", s.store.frontier_done},
                     {"failed", s.store.frontier_failed}};
    j["outbox"] = outbox;
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string render_status_line(const Snapshot& s) {
    std::ostringstream line;
    line << s.pipeline.articles_spooled << " new articles, " << s.fetch.in_flight << " fetching, "
         << s.pipeline.sources_due << "/" << s.sources_configured << " sources running, " << s.spool.deliveries
         << " deliveries pending";
    return line.str();
}

}  // namespace gleaner::admin
