// One pass of an archive source (warc): its files read one after another, each from where the crawl
// state says the last pass stopped, so a restart continues and a file read to its end is not read
// again (unless it grew). Every HTML `response` record becomes an ArticleJob with no frontier URL —
// its URL from WARC-Target-URI, its fetch time from WARC-Date, the file and record offset in its
// provenance — committed like a fetched page (dedup, stories, plugins). A damaged record is logged
// with its file and offset and skipped.
//
// Records go in slices of at most kSlice pages: a slice is read on the worker pool (memory holds one
// slice, however large the file), its pages are extracted and committed in parallel on the pool, and
// once every one of them is committed the file's progress is saved. A crash re-reads at most one
// slice, whose committed pages the URL dedup then drops: nothing is lost and nothing delivered twice.
//
// I/O thread, with file reading, extraction and store calls on the worker pool.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "pipeline/article_job.h"
#include "pipeline/services.h"
#include "pipeline/source_kind.h"
#include "state/crawl_store.h"

namespace gleaner::archive {
class WarcReader;
}

namespace gleaner::pipeline {

struct PassReport;

class ArchivePass : public std::enable_shared_from_this<ArchivePass> {
public:
    static constexpr std::size_t kSlice = 32;

    // `on_article` hears of each page committed, like the article flow's jobs.
    ArchivePass(Services& services, std::shared_ptr<const config::Config> config, const config::SourceConfig& source,
                const SourceKind& kind, ArticleFinished on_article, std::function<void(PassReport)> on_done);
    ~ArchivePass();

    void start();
    // No further slice is read; the one under way is committed and its progress saved.
    void stop() { stopped_ = true; }
    std::uint64_t in_flight() const { return in_flight_; }

private:
    struct Slice {
        std::vector<ArticleJob> jobs;
        state::ArchiveProgress progress;  // after the slice's last record
        std::uint64_t damaged = 0, other = 0;
        std::string error;                // the file could not be read on
    };

    void next_file();
    void open_file(std::size_t limit);    // pool
    void read_slice(std::size_t limit);   // pool: at most `limit` pages
    std::size_t slice_limit() const;      // kSlice, or what max_articles still allows
    void slice_read(Slice slice);
    void job_finished(const ArticleJob& job, const ArticleOutcome& outcome);
    void slice_committed();
    void end_file(std::string error);
    void finish();

    Services& services_;
    std::shared_ptr<const config::Config> config_;
    const config::SourceConfig& source_;
    const SourceKind& kind_;
    ArticleFinished on_article_;
    std::function<void(PassReport)> on_done_;
    std::vector<std::filesystem::path> files_;
    std::size_t next_ = 0;
    std::filesystem::path file_;
    std::unique_ptr<archive::WarcReader> reader_;  // used by one pool task at a time
    state::ArchiveProgress progress_;             // of file_, as committed
    state::ArchiveProgress pending_;              // of file_, once the slice in hand is committed
    std::size_t uncommitted_ = 0;                 // jobs of the slice in hand still running
    bool slice_failed_ = false;                   // a page of the slice could not be stored
    std::uint64_t damaged_in_slice_ = 0;          // reported by the reader (pool)
    std::uint64_t pages_ = 0, damaged_ = 0, other_ = 0, files_read_ = 0, failures_ = 0;
    std::string error_;
    std::uint64_t in_flight_ = 0;
    bool stopped_ = false;
};

}  // namespace gleaner::pipeline
