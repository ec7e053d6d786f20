// Counters and per-source status the pipeline exposes to logs, systemd STATUS= lines and the admin
// endpoint. Plain data.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace gleaner::pipeline {

// Upper bounds (seconds) of the extraction-time histogram buckets; the last bucket is +Inf.
inline constexpr std::array<double, 10> kExtractBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0};

struct PipelineCounters {
    std::atomic<std::uint64_t> pages_fetched{0};       // article pages fetched successfully
    std::atomic<std::uint64_t> documents_fetched{0};   // feeds, sitemaps, section pages
    std::atomic<std::uint64_t> fetch_failures{0};
    std::atomic<std::uint64_t> not_modified{0};
    std::atomic<std::uint64_t> articles_extracted{0};
    std::atomic<std::uint64_t> articles_spooled{0};    // new articles committed to the outbox
    std::atomic<std::uint64_t> duplicates{0};          // known URL or known content
    std::atomic<std::uint64_t> story_clusters{0};      // stored articles that began a story cluster
    std::atomic<std::uint64_t> story_copies{0};        // stored articles that joined an earlier one's cluster
    std::atomic<std::uint64_t> no_article{0};          // pages where no article text was found
    std::atomic<std::uint64_t> extract_errors{0};
    std::atomic<std::uint64_t> skipped_known{0};       // entries skipped before fetching (already delivered)
    std::array<std::atomic<std::uint64_t>, kExtractBuckets.size() + 1> extract_buckets{};
    std::atomic<std::uint64_t> extract_micros_total{0};

    void observe_extract_seconds(double seconds);
};

struct PipelineStats {
    std::uint64_t pages_fetched = 0, documents_fetched = 0, fetch_failures = 0, not_modified = 0;
    std::uint64_t articles_extracted = 0, articles_spooled = 0, duplicates = 0, no_article = 0;
    std::uint64_t extract_errors = 0, skipped_known = 0;
    std::uint64_t story_clusters = 0, story_copies = 0;
    std::array<std::uint64_t, kExtractBuckets.size() + 1> extract_buckets{};  // non-cumulative
    double extract_seconds_total = 0;
    std::uint64_t sources_due = 0;       // passes running now
    std::uint64_t work_in_flight = 0;    // fetches and extractions not finished
    bool spool_full = false;
};

struct SourceStatus {
    std::string name;
    std::string type;
    bool running = false;                // a pass is under way
    std::int64_t last_run_ms = 0;        // when the last pass finished (any node)
    std::int64_t next_due_ms = 0;
    std::string last_error;              // the last failure of any fetch of this source
    std::int64_t last_error_ms = 0;
    std::uint64_t articles = 0;          // new articles stored from this source, all time (the store's count)
    std::uint64_t failures = 0;
};

}  // namespace gleaner::pipeline
