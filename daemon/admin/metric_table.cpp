// The metric table (see metric_table.h). One row per metric family; a row's collector turns the
// snapshot's figures into samples, labelled in the order the row declares.
#include "admin/metric_table.h"

#include <sstream>
#include <stdexcept>

#include "extract/page_type/page_type_verdict.h"

namespace gleaner::admin {
namespace {

template <class Number>
void one(std::vector<Sample>& out, Number value) {
    out.push_back({{}, static_cast<double>(value)});
}

// One sample per source: `read(source)`.
template <class Read>
void per_source(const Snapshot& s, std::vector<Sample>& out, Read read) {
    for (const auto& source : s.sources) out.push_back({{source.name}, static_cast<double>(read(source))});
}

template <class Read>
void per_plugin(const Snapshot& s, std::vector<Sample>& out, Read read) {
    for (const auto& plugin : s.plugins) out.push_back({{plugin.name}, static_cast<double>(read(plugin))});
}

double seconds(std::int64_t ms) { return static_cast<double>(ms) / 1000.0; }

void extraction_histogram(const Snapshot& s, std::vector<Sample>& out) {
    const auto& p = s.pipeline;
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < p.extract_buckets.size(); ++i) {
        cumulative += p.extract_buckets[i];
        std::ostringstream le;
        if (i < pipeline::kExtractBuckets.size()) le << pipeline::kExtractBuckets[i];
        else le << "+Inf";
        out.push_back({{le.str()}, static_cast<double>(cumulative), "_bucket"});
    }
    out.push_back({{}, p.extract_seconds_total, "_sum"});
    out.push_back({{}, static_cast<double>(cumulative), "_count"});
}

std::vector<MetricSpec> build_table() {
    using K = MetricKind;
    return {
        // ---- the process
        {"gleaner_build_info", K::gauge, "Version of the running daemon.", {"version"}, "",
         [](const Snapshot& s, std::vector<Sample>& out) { out.push_back({{s.version}, 1}); }},
        {"gleaner_uptime_seconds", K::gauge, "Seconds since the daemon started.", {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.uptime_seconds); }},
        {"gleaner_sqlite_memory_bytes", K::gauge,
         "Memory SQLite holds in this process (page caches, statements), every connection together.", {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, static_cast<double>(s.sqlite_memory_bytes)); }},

        // ---- fetching, all sources together
        {"gleaner_fetches_total", K::counter, "Finished fetches by outcome (ok or the failure kind).", {"outcome"}, "",
         [](const Snapshot& s, std::vector<Sample>& out) {
             for (std::size_t i = 0; i < fetch::kFailureKindCount; ++i) {
                 const auto kind = static_cast<fetch::FailureKind>(i);
                 const std::string outcome = kind == fetch::FailureKind::none ? "ok" : std::string(fetch::to_string(kind));
                 out.push_back({{outcome}, static_cast<double>(s.fetch.completed_by_failure[i])});
             }
         }},
        {"gleaner_http_responses_total", K::counter, "HTTP responses received, by status class.", {"class"}, "",
         [](const Snapshot& s, std::vector<Sample>& out) {
             for (std::size_t c = 1; c <= 5; ++c)
                 out.push_back({{std::to_string(c) + "xx"}, static_cast<double>(s.fetch.responses_by_status_class[c])});
         }},
        {"gleaner_fetch_bytes_total", K::counter, "Bytes received on the wire.", {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.fetch.bytes_received); }},
        {"gleaner_fetch_retries_total", K::counter, "Transfers retried after a temporary failure.", {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.fetch.retries); }},
        {"gleaner_robots_fetches_total", K::counter, "robots.txt files fetched.", {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.fetch.robots_fetches); }},
        // ---- the WARC archive (only when fetch.warc is set)
        {"gleaner_warc_records_total", K::counter, "WARC records written (responses, revisits, requests).", {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) {
             if (s.archiving) one(out, s.archive.records_written);
         }},
        {"gleaner_warc_exchanges_dropped_total", K::counter,
         "HTTP exchanges not archived: the WARC writer was behind, or the disk refused them.", {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) {
             if (s.archiving) one(out, s.archive.exchanges_dropped);
         }},
        {"gleaner_warc_files_total", K::counter, "WARC files completed (synced and renamed).", {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) {
             if (s.archiving) one(out, s.archive.files_closed);
         }},
        // ---- the headless browser (sources with `render`)
        {"gleaner_render_pages_total", K::counter, "Pages rendered in the headless browser.", {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.render.rendered); }},
        {"gleaner_render_failures_total", K::counter,
         "Pages the browser could not render (the page as fetched was extracted instead).", {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.render.failed); }},
        {"gleaner_render_seconds_total", K::counter, "Time spent rendering pages, queueing included.", {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.render.render_seconds); }},
        {"gleaner_render_browser_starts_total", K::counter, "Headless browser starts (restarts after a crash included).",
         {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.render.browser_starts); }},
        {"gleaner_render_requests_refused_total", K::counter,
         "Requests of rendered pages refused by the private-network guard.", {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.render.requests_refused); }},
        {"gleaner_render_requests_blocked_total", K::counter, "Image, font and media requests of rendered pages blocked.",
         {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.render.requests_blocked); }},
        {"gleaner_render_in_flight", K::gauge, "Pages rendering now.", {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.render.in_flight); }},
        {"gleaner_render_queued", K::gauge, "Pages waiting for a browser tab.", {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.render.queued); }},
        {"gleaner_fetch_in_flight", K::gauge, "Transfers running now.", {}, "in_flight",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.fetch.in_flight); }},
        {"gleaner_fetch_queued", K::gauge, "Requests waiting for a host slot, a politeness delay or a retry.", {}, "queued",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.fetch.queued); }},

        // ---- the pipeline, all sources together
        {"gleaner_pages_fetched_total", K::counter, "Article pages fetched successfully.", {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.pipeline.pages_fetched); }},
        {"gleaner_documents_fetched_total", K::counter, "Feeds, sitemaps and section pages fetched.", {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.pipeline.documents_fetched); }},
        {"gleaner_not_modified_total", K::counter, "Conditional requests answered 304 (no parse).", {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.pipeline.not_modified); }},
        {"gleaner_articles_extracted_total", K::counter, "Pages from which an article was extracted.", {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.pipeline.articles_extracted); }},
        {"gleaner_articles_spooled_total", K::counter, "New articles handed to delivery.", {}, "new_articles",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.pipeline.articles_spooled); }},
        {"gleaner_pages_skipped_by_type_total", K::counter,
         "Pages not handed to plugins: their page type is not in extract.page_types.", {"page_type"}, "",
         [](const Snapshot& s, std::vector<Sample>& out) {
             for (const auto type : {extract::PageType::article, extract::PageType::listing,
                                     extract::PageType::forum, extract::PageType::other})
                 out.push_back({{std::string(extract::page_type_name(type))},
                                static_cast<double>(s.pipeline.skipped_by_type[static_cast<std::size_t>(type)])});
         }},
        {"gleaner_story_clusters_total", K::counter,
         "Stored articles that began a story cluster (no near-duplicate stored within dedup.window).", {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.pipeline.story_clusters); }},
        {"gleaner_story_copies_total", K::counter,
         "Stored articles that are near-duplicates of a story stored earlier (duplicate_of set).", {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.pipeline.story_copies); }},
        {"gleaner_archive_pages_total", K::counter, "HTML responses read from WARC files (warc sources).", {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.pipeline.archive_pages); }},
        {"gleaner_archive_damaged_records_total", K::counter, "Damaged WARC records skipped (warc sources).", {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.pipeline.archive_damaged); }},
        {"gleaner_extraction_seconds", K::histogram, "Time to extract one page.", {"le"}, "", &extraction_histogram},
        {"gleaner_sources", K::gauge, "Configured sources.", {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.sources_configured); }},
        {"gleaner_sources_due", K::gauge, "Sources with a pass under way.", {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.pipeline.sources_due); }},
        {"gleaner_work_in_flight", K::gauge, "Fetches and extractions not finished.", {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.pipeline.work_in_flight); }},

        // ---- the crawl-state store (all nodes sharing it, unless said otherwise)
        {"gleaner_node_info", K::gauge, "This node's identity and state backend (always 1).", {"node", "backend"}, "",
         [](const Snapshot& s, std::vector<Sample>& out) { out.push_back({{s.node, s.backend}, 1}); }},
        {"gleaner_nodes_alive", K::gauge, "Nodes whose heartbeat in the crawl state is recent.", {}, "nodes_alive",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.store.nodes_alive); }},
        {"gleaner_frontier_urls", K::gauge, "Article URLs in the frontier, by state.", {"state"}, "",
         [](const Snapshot& s, std::vector<Sample>& out) {
             const auto& f = s.store;
             for (const auto& [state, n] : {std::pair{"queued", f.frontier_queued}, {"waiting", f.frontier_waiting},
                                            {"claimed", f.frontier_claimed}, {"expired", f.frontier_expired},
                                            {"done", f.frontier_done}, {"failed", f.frontier_failed}})
                 out.push_back({{state}, static_cast<double>(n)});
         }},
        {"gleaner_leases_held", K::gauge, "Claims this node holds now: passes, frontier URLs, deliveries.", {"node"}, "",
         [](const Snapshot& s, std::vector<Sample>& out) {
             out.push_back({{s.node}, static_cast<double>(s.store.leases_held)});
         }},
        {"gleaner_outbox_depth", K::gauge, "Deliveries waiting in the outbox, by plugin (all nodes).", {"plugin"}, "",
         [](const Snapshot& s, std::vector<Sample>& out) {
             for (const auto& [plugin, depth] : s.store.outbox_by_plugin)
                 out.push_back({{plugin}, static_cast<double>(depth)});
         }},

        // ---- per source
        {"gleaner_source_documents_total", K::counter, "Feeds, sitemaps and section pages fetched, per source.",
         {"source"}, "documents",
         [](const Snapshot& s, std::vector<Sample>& out) { per_source(s, out, [](const auto& src) { return src.documents; }); }},
        {"gleaner_source_articles_total", K::counter,
         "Article URLs per source by what became of them: new, unchanged, or the reason they were skipped.",
         {"source", "outcome"}, "articles",
         [](const Snapshot& s, std::vector<Sample>& out) {
             for (const auto& src : s.sources)
                 for (std::size_t i = 0; i < pipeline::kArticleFateCount; ++i)
                     out.push_back({{src.name, std::string(pipeline::kArticleFateNames[i])},
                                    static_cast<double>(src.fates[i])});
         }},
        {"gleaner_source_failures_total", K::counter, "Failed fetches per source, by kind.", {"source", "kind"},
         "failures",
         [](const Snapshot& s, std::vector<Sample>& out) {
             for (const auto& src : s.sources)
                 for (std::size_t i = 1; i < fetch::kFailureKindCount; ++i)
                     out.push_back({{src.name, std::string(fetch::to_string(static_cast<fetch::FailureKind>(i)))},
                                    static_cast<double>(src.failures_by_kind[i])});
         }},
        {"gleaner_source_stored_articles", K::gauge,
         "New articles a source produced since its state began (kept across restarts).", {"source"}, "stored",
         [](const Snapshot& s, std::vector<Sample>& out) { per_source(s, out, [](const auto& src) { return src.articles; }); }},
        {"gleaner_source_last_pass_timestamp_seconds", K::gauge, "When the source's last pass finished (Unix time).",
         {"source"}, "",
         [](const Snapshot& s, std::vector<Sample>& out) {
             per_source(s, out, [](const auto& src) { return seconds(src.last_run_ms); });
         }},
        {"gleaner_source_last_pass_ok", K::gauge, "1 when the source's last pass had no error, 0 when it had one.",
         {"source"}, "",
         [](const Snapshot& s, std::vector<Sample>& out) {
             per_source(s, out, [](const auto& src) { return src.last_pass_error.empty() ? 1 : 0; });
         }},
        {"gleaner_source_next_pass_timestamp_seconds", K::gauge, "When the source's next pass is due (Unix time).",
         {"source"}, "",
         [](const Snapshot& s, std::vector<Sample>& out) {
             per_source(s, out, [](const auto& src) { return seconds(src.next_due_ms); });
         }},

        // ---- per plugin
        {"gleaner_queue_depth", K::gauge, "Articles waiting in the outbox for each plugin (this node's view).", {"plugin"}, "queue_depth",
         [](const Snapshot& s, std::vector<Sample>& out) { per_plugin(s, out, [](const auto& p) { return p.pending; }); }},
        {"gleaner_plugin_delivered_total", K::counter, "Articles acknowledged by each plugin.", {"plugin"}, "delivered",
         [](const Snapshot& s, std::vector<Sample>& out) { per_plugin(s, out, [](const auto& p) { return p.delivered; }); }},
        {"gleaner_plugin_retried_total", K::counter, "RETRY answers per plugin (the article is offered again later).",
         {"plugin"}, "retried",
         [](const Snapshot& s, std::vector<Sample>& out) { per_plugin(s, out, [](const auto& p) { return p.retried; }); }},
        {"gleaner_plugin_dead_lettered_total", K::counter, "Articles a plugin refused for good (dead-letter file).",
         {"plugin"}, "dead_lettered",
         [](const Snapshot& s, std::vector<Sample>& out) { per_plugin(s, out, [](const auto& p) { return p.failed; }); }},
        {"gleaner_plugin_events_total", K::counter, "What plugins count through the host API, by name.",
         {"plugin", "name"}, "events",
         [](const Snapshot& s, std::vector<Sample>& out) {
             for (const auto& p : s.plugins)
                 for (const auto& [name, value] : p.plugin_counters)
                     out.push_back({{p.name, name}, static_cast<double>(value)});
         }},

        // ---- the outbox (named spool in metrics since before the crawl-state store)
        {"gleaner_spool_articles", K::gauge, "Articles in the outbox.", {}, "spool_articles",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.spool.articles); }},
        {"gleaner_spool_bytes", K::gauge, "Bytes of article payload in the outbox.", {}, "spool_bytes",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.spool.bytes); }},
        {"gleaner_spool_deliveries", K::gauge, "Deliveries not yet acknowledged, all plugins together.", {},
         "spool_deliveries", [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.spool.deliveries); }},
        {"gleaner_spool_full", K::gauge, "1 while fetching is paused because the outbox is over its budget.", {}, "",
         [](const Snapshot& s, std::vector<Sample>& out) { one(out, s.pipeline.spool_full ? 1 : 0); }},
    };
}

}  // namespace

const std::vector<MetricSpec>& metric_table() {
    static const std::vector<MetricSpec> table = build_table();
    return table;
}

const MetricSpec& metric(std::string_view name) {
    for (const MetricSpec& spec : metric_table())
        if (spec.name == name) return spec;
    throw std::out_of_range("no metric named " + std::string(name));
}

std::vector<Sample> samples(const MetricSpec& spec, const Snapshot& snapshot) {
    std::vector<Sample> out;
    spec.collect(snapshot, out);
    return out;
}

}  // namespace gleaner::admin
