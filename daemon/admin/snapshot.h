// Everything the admin endpoint and systemd STATUS= lines report, gathered at one moment.
#pragma once

#include <string>
#include <vector>

#include "admin/recent_articles.h"
#include "archive/archive_stats.h"
#include "fetch/fetch_types.h"
#include "pipeline/pipeline_stats.h"
#include "plugins/plugin_worker.h"
#include "render/renderer.h"
#include "state/crawl_store.h"

namespace gleaner::admin {

struct Snapshot {
    std::string version;
    double uptime_seconds = 0;
    std::int64_t now_ms = 0;
    std::size_t sources_configured = 0;
    fetch::FetchStats fetch;
    pipeline::PipelineStats pipeline;
    std::vector<pipeline::SourceStatus> sources;
    std::vector<plugins::PluginStats> plugins;
    state::OutboxStats spool;          // the outbox (kept under its old name in metrics)
    std::string node;                  // this daemon's identity in the crawl state
    std::string backend;               // sqlite | postgres
    state::StoreStats store;           // frontier, leases, outbox per plugin, nodes alive
    std::int64_t sqlite_memory_bytes = 0;  // SQLite's page caches and statements, all connections
    bool archiving = false;  // fetch.warc is set
    archive::ArchiveStats archive;
    render::RenderStats render;        // the headless browser (sources with `render`)
    RecentView recent;  // the newest articles and articles per hour (the dashboard)
};

// Prometheus text exposition format 0.0.4.
std::string render_metrics(const Snapshot& snapshot);
// JSON: version, uptime, per source its last and next pass and totals, per plugin its queue and
// deliveries, the newest articles and articles per hour — what the dashboard at / shows.
std::string render_status(const Snapshot& snapshot);
// One line for systemd's STATUS=.
std::string render_status_line(const Snapshot& snapshot);

}  // namespace gleaner::admin
