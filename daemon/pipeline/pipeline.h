// The pipeline: source → fetch → extract → dedup/state → delivery. Runs the sources on their
// schedules on the I/O thread (timers and fetches), and does everything that parses or touches the
// database on the worker pool, posting results back to the I/O thread. State of sources lives on the
// I/O thread only.
//
//   pipeline.cpp       scheduling, passes, work accounting, reload, shutdown
//   document_jobs.cpp  feeds, sitemaps, section pages and feed discovery → article URLs
//   article_jobs.cpp   one article URL → dedup check → fetch → extract → spool
//   listed_urls.cpp    URLs documents listed → admission, the surplus through a backlog on disk
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "fetch/fetch_types.h"
#include "pipeline/article_admission.h"
#include "pipeline/entry_hints.h"
#include "pipeline/pipeline_stats.h"

namespace boost::asio {
class io_context;
class thread_pool;
}  // namespace boost::asio

namespace gleaner::fetch {
class Fetcher;
}
namespace gleaner::state {
class CrawlState;
class Spool;
}  // namespace gleaner::state
namespace gleaner::plugins {
class Delivery;
}

namespace gleaner::pipeline {

// A fetched article page on its way to the worker pool.
struct ArticleFetch {
    fetch::Response response;
    EntryHints hints;
    std::string source;          // copied on the I/O thread: the source's config may change meanwhile
    bool allow_update = false;   // page sources re-deliver changed content
};

struct Services {
    boost::asio::io_context& io;
    boost::asio::thread_pool& pool;
    fetch::Fetcher& fetcher;
    state::CrawlState& state;
    state::Spool& spool;
    plugins::Delivery& delivery;
};

class Pipeline {
public:
    Pipeline(Services services, const config::Config& config, bool once);
    ~Pipeline();

    // Schedules every source (immediately with --once, else where the state says they were due).
    void start();
    // Called (on the I/O thread) when --once has finished every pass and all its work.
    void on_passes_done(std::function<void()> callback) { passes_done_ = std::move(callback); }
    // Stop scheduling new passes; work in flight goes on. Call on the I/O thread.
    void stop_scheduling();
    // Fetches and extractions not yet finished (readable from any thread).
    std::uint64_t work_in_flight() const { return in_flight_.load(); }
    // Applies a new configuration: sources added, removed or changed; in-flight work is kept.
    void reconfigure(const config::Config& config);

    PipelineStats stats() const;
    std::vector<SourceStatus> source_status() const;  // call on the I/O thread

private:
    struct Source;
    using SourcePtr = std::shared_ptr<Source>;

    // pipeline.cpp
    void schedule(const SourcePtr& source, std::int64_t due_ms);
    void run_pass(const SourcePtr& source);
    void begin_work(const SourcePtr& source);
    void end_work(const SourcePtr& source);
    void finish_pass(const SourcePtr& source);
    void check_spool_budget();
    void note_failure(const SourcePtr& source, const std::string& error);

    // document_jobs.cpp
    void start_documents(const SourcePtr& source);
    void fetch_document(const SourcePtr& source, const std::string& url,
                        std::function<void(std::string body, std::string final_url, std::string content_type)> on_body);
    void handle_feed(const SourcePtr& source, const std::string& body, const std::string& url);
    void handle_sitemap(const SourcePtr& source, const std::string& body, const std::string& url, int depth);
    void handle_section(const SourcePtr& source, const std::string& body, const std::string& url,
                        const std::string& content_type);
    void handle_discovery(const SourcePtr& source, const std::string& body, const std::string& url,
                          const std::string& content_type);

    // listed_urls.cpp
    void accept_urls(const SourcePtr& source, std::vector<ListedUrl> urls);
    void write_to_backlog(const SourcePtr& source, std::vector<ListedUrl> urls);
    void read_from_backlog(const SourcePtr& source);

    // article_jobs.cpp
    static std::size_t admission_slots(const config::Config& config);
    void enqueue_article(const SourcePtr& source, std::string url, EntryHints hints);
    void end_article(const SourcePtr& source);  // end_work for an admitted article URL
    void check_and_fetch(const SourcePtr& source, std::string url, EntryHints hints, bool refetch);
    void fetch_article(const SourcePtr& source, std::string url, EntryHints hints, std::string etag,
                       std::string last_modified);
    void process_article(const SourcePtr& source, ArticleFetch fetched);

    Services services_;
    config::Config config_;
    bool once_;
    bool stopping_ = false;
    std::map<std::string, SourcePtr> sources_;
    std::function<void()> passes_done_;
    struct Timers;
    std::unique_ptr<Timers> timers_;
    std::atomic<bool> spool_full_{false};
    std::atomic<std::uint64_t> in_flight_{0};
    std::atomic<std::uint64_t> passes_running_{0};
    ArticleAdmission admission_;  // I/O thread only
    std::filesystem::path backlog_dir_;
    std::uint64_t backlog_files_ = 0;  // names the next backlog file (I/O thread only)
    std::atomic<std::uint64_t> urls_backlogged_{0};
    PipelineCounters counters_;
};

}  // namespace gleaner::pipeline
