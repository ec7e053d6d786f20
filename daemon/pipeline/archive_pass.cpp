// See archive_pass.h. The pass moves between the I/O thread (its state) and the worker pool (file
// reading, extraction, store calls), one slice of a file at a time.
#include "pipeline/archive_pass.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <algorithm>
#include <utility>

#include "archive/archived_page.h"
#include "archive/warc_reader.h"
#include "log/log.h"
#include "pipeline/article_commit.h"
#include "pipeline/clock.h"
#include "pipeline/pipeline_stats.h"
#include "pipeline/source_pass.h"
#include "sources/url.h"

namespace gleaner::pipeline {
namespace {

// Records may hold a little more than the page itself (HTTP headers, chunk sizes).
constexpr std::size_t kRecordOverhead = 1024 * 1024;

ArticleJob archived_job(archive::ArchivedPage page, const archive::WarcPosition& position,
                        const std::filesystem::path& file, const std::shared_ptr<const config::Config>& config,
                        const config::SourceConfig& source) {
    ArticleJob job;
    job.config = config;
    job.source = &source;
    job.url.key = sources::canonicalize_url(page.url).value_or(page.url);
    job.url.url = page.url;
    job.url.source = source.name;
    job.response.requested_url = std::move(page.url);
    job.response.http_status = page.http_status;
    job.response.content_type = std::move(page.content_type);
    job.response.body = std::move(page.body);
    job.response.fetched_at = page.fetched_at;
    job.response.robots = "not-checked";
    job.archived = ArchiveOrigin{file.string(), position.offset, position.seekable, std::move(page.warc_date)};
    return job;
}

}  // namespace

ArchivePass::ArchivePass(Services& services, std::shared_ptr<const config::Config> config,
                         const config::SourceConfig& source, const SourceKind& kind, ArticleFinished on_article,
                         std::function<void(PassReport)> on_done)
    : services_(services),
      config_(std::move(config)),
      source_(source),
      kind_(kind),
      on_article_(std::move(on_article)),
      on_done_(std::move(on_done)) {}

ArchivePass::~ArchivePass() = default;

void ArchivePass::start() {
    ++in_flight_;  // the pass itself, until finish()
    boost::asio::post(services_.pool, [self = shared_from_this()] {
        std::vector<std::filesystem::path> files;
        std::string error;
        try {
            files = self->kind_.archive_files(self->source_);
        } catch (const std::exception& e) {
            error = std::string("cannot list the source's files: ") + e.what();
        }
        boost::asio::post(self->services_.io, [self, files = std::move(files), error = std::move(error)]() mutable {
            self->files_ = std::move(files);
            if (!error.empty()) {
                self->failures_++;
                self->error_ = error;
                log::warn(error, {{"SOURCE", self->source_.name}});
            }
            self->next_file();
        });
    });
}

void ArchivePass::next_file() {
    if (stopped_ || next_ >= files_.size()) return finish();
    file_ = files_[next_++];
    boost::asio::post(services_.pool, [self = shared_from_this(), limit = slice_limit()] { self->open_file(limit); });
}

// max_articles counts the pages a pass hands on: a pass stops at it, and the next goes on from there.
std::size_t ArchivePass::slice_limit() const {
    if (source_.max_articles <= 0) return kSlice;
    const auto cap = static_cast<std::uint64_t>(source_.max_articles);
    return pages_ >= cap ? 0 : static_cast<std::size_t>(std::min<std::uint64_t>(kSlice, cap - pages_));
}

// On the pool: where the last pass left the file, then the first slice.
void ArchivePass::open_file(std::size_t limit) {
    const std::string name = file_.string();
    try {
        const auto size = static_cast<std::uint64_t>(std::filesystem::file_size(file_));
        const auto saved = services_.store.archive_progress(source_.name, name);
        if (saved && saved->finished && saved->file_size == size) {
            boost::asio::post(services_.io, [self = shared_from_this()] { self->next_file(); });
            return;  // read to its end, unchanged since
        }
        progress_ = saved.value_or(state::ArchiveProgress{});
        if (saved && size < saved->file_size) {
            log::warn("WARC file is smaller than when it was last read; reading it from its start",
                      {{"SOURCE", source_.name}, {"FILE", name}});
            progress_ = {};
        }
        const auto max_block = static_cast<std::size_t>(config_->extract.max_input_bytes) + kRecordOverhead;
        reader_ = std::make_unique<archive::WarcReader>(
            file_,
            [this, name](const archive::ReadError& error) {
                ++damaged_in_slice_;
                log::warn("damaged WARC record skipped", {{"SOURCE", source_.name},
                                                          {"FILE", name},
                                                          {"OFFSET", error.position.to_string()},
                                                          {"ERROR", error.message}});
            },
            max_block);
        if (progress_.offset > 0) reader_->seek({progress_.offset, progress_.seekable});
        progress_.finished = false;
        progress_.file_size = size;
        if (saved && saved->offset > 0)
            log::info("WARC file continued", {{"SOURCE", source_.name}, {"FILE", name},
                                              {"OFFSET", archive::WarcPosition{progress_.offset, progress_.seekable}.to_string()}});
    } catch (const std::exception& e) {
        reader_.reset();
        boost::asio::post(services_.io, [self = shared_from_this(), error = "cannot read " + name + ": " + e.what()] {
            self->end_file(error);
        });
        return;
    }
    read_slice(limit);
}

// On the pool: up to kSlice pages, and where the file goes on after them.
void ArchivePass::read_slice(std::size_t limit) {
    Slice slice;
    slice.progress = progress_;
    const auto max_body = static_cast<std::size_t>(config_->extract.max_input_bytes);
    try {
        bool at_end = false;
        while (slice.jobs.size() < limit) {
            auto read = reader_->next();
            if (!read) {
                at_end = true;
                break;
            }
            slice.progress.records++;
            auto reading = archive::read_archived_page(*read, max_body);
            if (reading.verdict == archive::PageVerdict::page && reading.page.url.empty()) {
                reading.verdict = archive::PageVerdict::unreadable;
                reading.error = "response record without a WARC-Target-URI";
            }
            if (reading.verdict == archive::PageVerdict::unreadable) {
                slice.damaged++;
                log::warn("damaged WARC record skipped", {{"SOURCE", source_.name},
                                                          {"FILE", file_.string()},
                                                          {"OFFSET", read->position.to_string()},
                                                          {"ERROR", reading.error}});
            } else if (reading.verdict != archive::PageVerdict::page) {
                slice.other++;
            } else {
                slice.jobs.push_back(archived_job(std::move(reading.page), read->position, file_, config_, source_));
            }
        }
        const auto position = reader_->position();
        slice.progress.offset = position.offset;
        slice.progress.seekable = position.seekable;
        slice.progress.finished = at_end;
    } catch (const std::exception& e) {
        slice.error = "cannot read " + file_.string() + ": " + e.what();
    }
    slice.damaged += damaged_in_slice_;
    damaged_in_slice_ = 0;
    boost::asio::post(services_.io, [self = shared_from_this(), slice = std::move(slice)]() mutable {
        self->slice_read(std::move(slice));
    });
}

void ArchivePass::slice_read(Slice slice) {
    damaged_ += slice.damaged;
    other_ += slice.other;
    services_.counters.archive_damaged += slice.damaged;
    if (!slice.error.empty()) return end_file(slice.error);  // what came before is saved
    pending_ = slice.progress;
    uncommitted_ = slice.jobs.size();
    slice_failed_ = false;
    pages_ += slice.jobs.size();
    services_.counters.archive_pages += slice.jobs.size();
    if (uncommitted_ == 0) return slice_committed();
    for (auto& job : slice.jobs) {
        ++in_flight_;
        boost::asio::post(services_.pool, [self = shared_from_this(), job = std::move(job)]() mutable {
            const auto outcome = commit_article_job(job, self->services_);
            job.response.body.clear();
            job.response.body.shrink_to_fit();
            boost::asio::post(self->services_.io, [self, job = std::move(job), outcome] {
                --self->in_flight_;
                self->job_finished(job, outcome);
            });
        });
    }
}

void ArchivePass::job_finished(const ArticleJob& job, const ArticleOutcome& outcome) {
    if (on_article_) on_article_(job, outcome);
    if (outcome.result == ArticleResult::store_failed) {
        slice_failed_ = true;
        error_ = outcome.error;
    }
    if (--uncommitted_ == 0) slice_committed();
}

// Every page of the slice is committed: its end is where the file goes on from, now and after a
// restart. A page the store refused keeps the progress where it was, so the next pass reads it again.
void ArchivePass::slice_committed() {
    if (slice_failed_) return end_file("a page could not be stored; the next pass reads the file on from " +
                                       archive::WarcPosition{progress_.offset, progress_.seekable}.to_string());
    boost::asio::post(services_.pool, [self = shared_from_this()] {
        try {
            self->services_.store.save_archive_progress(self->source_.name, self->file_.string(), self->pending_,
                                                        self->services_.clock.now_ms());
        } catch (const std::exception& e) {
            // The pages are committed: a pass that reads them again finds them delivered.
            log::error("cannot save how far a WARC file was read",
                       {{"SOURCE", self->source_.name}, {"FILE", self->file_.string()}, {"ERROR", e.what()}});
        }
        self->progress_ = self->pending_;
        boost::asio::post(self->services_.io, [self] {
            const auto limit = self->slice_limit();
            if (self->progress_.finished || self->stopped_ || limit == 0) {
                if (limit == 0) self->stopped_ = true;  // max_articles reached: the next pass goes on
                return self->end_file({});
            }
            boost::asio::post(self->services_.pool, [self, limit] { self->read_slice(limit); });
        });
    });
}

void ArchivePass::end_file(std::string error) {
    reader_.reset();
    files_read_++;
    if (!error.empty()) {
        failures_++;
        error_ = error;
        log::warn("WARC file not read to its end", {{"SOURCE", source_.name}, {"FILE", file_.string()}, {"ERROR", error}});
    } else {
        log::info(progress_.finished ? "WARC file read" : "WARC file read in part",
                  {{"SOURCE", source_.name},
                   {"FILE", file_.string()},
                   {"RECORDS", std::to_string(progress_.records)},
                   {"OFFSET", archive::WarcPosition{progress_.offset, progress_.seekable}.to_string()}});
    }
    next_file();
}

void ArchivePass::finish() {
    PassReport report;
    report.documents = files_read_;
    report.failures = failures_;
    report.error = error_;
    report.archive_pages = pages_;
    report.archive_damaged = damaged_;
    --in_flight_;
    // Let go of the callback: it holds the SourcePass that holds this pass.
    auto done = std::exchange(on_done_, nullptr);
    if (done) done(std::move(report));
}

}  // namespace gleaner::pipeline
