// Crawl-store conformance: archive progress, how far a warc source has read each of its files, kept
// across restarts and per source. Runs against every backend (crawl_store_fixture.h).
#include "crawl_store_fixture.h"

namespace gleaner::testing {
namespace {

using state::ArchiveProgress;

constexpr std::int64_t T0 = 1'700'000'000'000;

template <class Backend>
using WarcProgress = CrawlStoreTest<Backend>;
TYPED_TEST_SUITE(WarcProgress, Backends, BackendNames);

ArchiveProgress progress(std::uint64_t offset, bool seekable, std::uint64_t size, bool finished, std::int64_t records) {
    ArchiveProgress p;
    p.offset = offset;
    p.seekable = seekable;
    p.file_size = size;
    p.finished = finished;
    p.records = records;
    return p;
}

TYPED_TEST(WarcProgress, AFileNeverBegunHasNoProgress) {
    EXPECT_FALSE(this->store().archive_progress("archive", "/data/a.warc.gz"));
}

TYPED_TEST(WarcProgress, ProgressSurvivesARestartAndALaterSaveReplacesIt) {
    const auto first = progress(4096, true, 1'000'000, false, 12);
    this->store().save_archive_progress("archive", "/data/a.warc.gz", first, T0);
    this->reopen();
    EXPECT_EQ(this->store().archive_progress("archive", "/data/a.warc.gz"), first);

    const auto done = progress(1'000'000, true, 1'000'000, true, 250);
    this->store().save_archive_progress("archive", "/data/a.warc.gz", done, T0 + 1);
    EXPECT_EQ(this->store().archive_progress("archive", "/data/a.warc.gz"), done);
}

TYPED_TEST(WarcProgress, ProgressIsKeptPerSourceAndPerFile) {
    auto& s = this->store();
    s.save_archive_progress("archive", "/data/a.warc.gz", progress(10, true, 100, false, 1), T0);
    s.save_archive_progress("archive", "/data/b.warc", progress(20, true, 200, false, 2), T0);
    s.save_archive_progress("other", "/data/a.warc.gz", progress(30, true, 100, false, 3), T0);
    EXPECT_EQ(s.archive_progress("archive", "/data/a.warc.gz")->offset, 10u);
    EXPECT_EQ(s.archive_progress("archive", "/data/b.warc")->offset, 20u);
    EXPECT_EQ(s.archive_progress("other", "/data/a.warc.gz")->offset, 30u);
    EXPECT_FALSE(s.archive_progress("other", "/data/b.warc"));
}

// CC-NEWS files are about 1 GB each, and a whole-file gzip's uncompressed offsets run past 4 GiB.
TYPED_TEST(WarcProgress, OffsetsPastFourGigabytesAndUnseekablePositionsRoundTrip) {
    const auto deep = progress(7'000'000'123ULL, false, 2'500'000'000ULL, false, 90'000);
    this->store().save_archive_progress("archive", "/data/whole.warc.gz", deep, T0);
    this->reopen();
    EXPECT_EQ(this->store().archive_progress("archive", "/data/whole.warc.gz"), deep);
}

// An existing store from before archive progress (SQLite schema 3, PostgreSQL migration 2) is
// migrated in place when opened: what it held is kept, and progress can be saved.
TYPED_TEST(WarcProgress, AStoreFromBeforeItIsMigratedKeepingWhatItHeld) {
    this->store().commit_article(article("https://news.example/kept", "fp-kept"), "n1", T0);
    this->store().reschedule_source("archive", T0 + 60'000);
    this->store_.reset();
    this->backend_.make_schema_before_archives();
    this->store_ = this->open();
    EXPECT_TRUE(this->store().delivered("https://news.example/kept"));
    EXPECT_EQ(this->store().source("archive")->next_due_ms, T0 + 60'000);
    EXPECT_FALSE(this->store().archive_progress("archive", "/data/a.warc.gz"));
    const auto saved = progress(512, true, 4096, false, 3);
    this->store().save_archive_progress("archive", "/data/a.warc.gz", saved, T0);
    this->reopen();  // migrated once: opening again finds the current version
    EXPECT_EQ(this->store().archive_progress("archive", "/data/a.warc.gz"), saved);
}

}  // namespace
}  // namespace gleaner::testing
