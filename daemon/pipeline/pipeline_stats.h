// Counters and per-source status the pipeline exposes to logs, systemd STATUS= lines and the admin
// endpoint. Plain data.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "fetch/fetch_types.h"

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
    std::atomic<std::uint64_t> archive_pages{0};       // HTML responses read from WARC files (warc sources)
    std::atomic<std::uint64_t> archive_damaged{0};     // damaged WARC records skipped
    // Pages not handed to plugins because extract.page_types does not list their type, by
    // extract::PageType (article, listing, forum, other).
    std::array<std::atomic<std::uint64_t>, 4> skipped_by_type{};
    std::array<std::atomic<std::uint64_t>, kExtractBuckets.size() + 1> extract_buckets{};
    std::atomic<std::uint64_t> extract_micros_total{0};

    void observe_extract_seconds(double seconds);
};

struct PipelineStats {
    std::uint64_t pages_fetched = 0, documents_fetched = 0, fetch_failures = 0, not_modified = 0;
    std::uint64_t articles_extracted = 0, articles_spooled = 0, duplicates = 0, no_article = 0;
    std::uint64_t extract_errors = 0, skipped_known = 0;
    std::uint64_t story_clusters = 0, story_copies = 0;
    std::uint64_t archive_pages = 0, archive_damaged = 0;
    std::array<std::uint64_t, 4> skipped_by_type{};  // by extract::PageType
    std::array<std::uint64_t, kExtractBuckets.size() + 1> extract_buckets{};  // non-cumulative
    double extract_seconds_total = 0;
    std::uint64_t sources_due = 0;       // passes running now
    std::uint64_t work_in_flight = 0;    // fetches and extractions not finished
    bool spool_full = false;
};

// What became of an article URL a source listed; the names are the `outcome` label values of
// gleaner_source_articles_total and the words of the `run --once` summary.
enum class ArticleFate : std::size_t {
    added,              // a new article, handed to the plugins
    unchanged,          // fetched again (page sources) or answered 304: nothing new
    already_listed,     // listed before (in the frontier, or delivered): not fetched again
                        // (`gleaner state forget` re-ingests)
    duplicate_content,  // the same story as one delivered under another URL
    no_article,         // the page held no article text
    skipped_by_type,    // its page type (listing, forum, ...) is not in extract.page_types
    extraction_failed,  // the extractor refused the page (too large, ...)
    max_articles,       // beyond the source's max_articles for this pass
    robots,             // robots.txt disallows it (an expected refusal, not a failure)
    fetch_failed,       // the fetch failed (counted by kind in the source's failures)
    store_failed,       // the crawl state refused the commit: fetched again later
};
inline constexpr std::size_t kArticleFateCount = static_cast<std::size_t>(ArticleFate::store_failed) + 1;
inline constexpr std::array<std::string_view, kArticleFateCount> kArticleFateNames = {
    "new", "unchanged", "already_listed", "duplicate_content", "no_article", "skipped_by_type",
    "extraction_failed", "max_articles", "robots", "fetch_failed", "store_failed"};

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
    std::string last_pass_error;         // the last failure of the last finished pass ("" when clean)
    std::uint64_t last_pass_new = 0;     // new articles stored since the last pass began
    std::uint64_t documents = 0;         // feeds, sitemaps, section pages read since the daemon started
    std::array<std::uint64_t, kArticleFateCount> fates{};  // since the daemon started
    std::array<std::uint64_t, fetch::kFailureKindCount> failures_by_kind{};

    void count(ArticleFate fate) { fates[static_cast<std::size_t>(fate)]++; }
};

}  // namespace gleaner::pipeline
