// The pipeline: source → fetch → extract → dedup/state → delivery, around the crawl-state store.
//
//   pipeline.cpp        sources' schedules: each pass claimed in the store (one node per interval),
//                       run, and finished; reload; shutdown; figures
//   source_pass.cpp     one pass: documents fetched and read by the source's kind (kinds/), their
//                       URLs put into the frontier
//   archive_pass.cpp    one pass of a warc source: its files' records extracted and committed
//   article_flow.cpp    frontier URLs claimed under a lease and run as ArticleJobs
//   article_commit.cpp  extract, build the record, commit (dedup, outbox, URL done) in one transaction
//
// Configuration is an immutable snapshot (shared_ptr<const Config>) swapped whole on reload; every
// pass and job keeps the snapshot it started with, so worker-pool code never reads a configuration
// the I/O thread is replacing. The store, the network and the clock come in through Services, so
// the pipeline is tested without a network or a database server.
//
// I/O thread only.
#pragma once

#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "pipeline/pipeline_stats.h"
#include "pipeline/services.h"
#include "pipeline/source_kind.h"

namespace gleaner::siterules {
class RuleSet;
}

namespace gleaner::pipeline {

class ArticleFlow;
class SourcePass;
struct ArticleJob;
struct ArticleOutcome;
struct PassReport;

class Pipeline {
public:
    Pipeline(Services services, std::shared_ptr<const config::Config> config, bool once);
    ~Pipeline();

    // Schedules every source (at once with --once, else when the store says it is due) and starts
    // taking URLs from the frontier.
    void start();
    // --once: called when every source has had its pass and the frontier has nothing due.
    void on_passes_done(std::function<void()> callback) { passes_done_ = std::move(callback); }
    // Called on the I/O thread for each new article stored (the dashboard's newest articles).
    struct StoredArticle {
        std::string title;
        std::string url;
        std::string source;
    };
    void on_article_stored(std::function<void(const StoredArticle&)> callback) { article_stored_ = std::move(callback); }
    // Stop scheduling passes and claiming URLs; work in hand goes on.
    void stop_scheduling();
    // Documents and article jobs not finished.
    std::uint64_t work_in_flight() const;
    // Applies a new configuration: sources added, removed or changed; work in hand keeps its snapshot.
    void reconfigure(std::shared_ptr<const config::Config> config);
    // The site rules (extract.site_rules) for article jobs started from now on; null: none.
    void set_site_rules(std::shared_ptr<const siterules::RuleSet> rules);

    PipelineStats stats() const;
    std::vector<SourceStatus> source_status() const;

private:
    struct Source {
        Source(boost::asio::io_context& io, const config::SourceConfig& c) : config(&c), timer(io) {
            status.name = c.name;
            status.type = std::string(config::to_string(c.type));
        }
        const config::SourceConfig* config;  // into Pipeline::config_ (re-pointed on reload)
        boost::asio::steady_timer timer;
        std::shared_ptr<SourcePass> pass;    // the pass running now
        SourceMemory memory;
        SourceStatus status;
        bool removed = false;
        bool ran = false;                    // finished a pass since the daemon started
        std::int64_t kept_due_ms = 0;        // --once: the schedule's due time, restored after the pass
    };
    using SourcePtr = std::shared_ptr<Source>;

    void load_schedule(const SourcePtr& source);
    void schedule(const SourcePtr& source, std::int64_t due_ms);
    void claim_pass(const SourcePtr& source);
    void run_pass(const SourcePtr& source);
    void finish_pass(const SourcePtr& source, PassReport report);
    void count_job(const ArticleJob& job, const ArticleOutcome& outcome);
    void check_outbox_budget();
    void check_once_done();

    Services services_;
    std::shared_ptr<const config::Config> config_;
    bool once_;
    bool stopping_ = false;
    std::map<std::string, SourcePtr> sources_;
    std::vector<std::shared_ptr<SourcePass>> retired_;  // passes of removed sources, finishing
    std::unique_ptr<ArticleFlow> flow_;
    std::function<void()> passes_done_;
    std::function<void(const StoredArticle&)> article_stored_;
    boost::asio::steady_timer budget_timer_;
    std::atomic<bool> outbox_full_{false};
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // posted handlers check it
};

}  // namespace gleaner::pipeline
