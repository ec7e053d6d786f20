// The fetcher's archive: receives every HTTP exchange on the I/O thread (fetch::ExchangeSink), and
// builds, digests, compresses and writes its WARC records on a thread of its own, so the event loop
// never waits for the disk. At start it repairs files a crash left open (warc_file_writer.h).
//
// Memory is bounded: exchanges waiting for the writer thread take at most `queue_limit` bytes; past
// that an exchange is dropped, logged and counted (the fetch itself goes on).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>

#include "archive/archive_stats.h"
#include "fetch/exchange.h"

namespace gleaner::archive {

struct ArchiverSettings {
    std::filesystem::path dir;
    std::uint64_t max_size = 1024ull * 1024 * 1024;
    std::string user_agent;  // named in each file's warcinfo record
    std::size_t queue_limit = 256 * 1024 * 1024;
};

class WarcArchiver : public fetch::ExchangeSink {
public:
    explicit WarcArchiver(ArchiverSettings settings);  // repairs open files, starts the thread
    ~WarcArchiver() override;                            // writes what is queued, closes the file
    WarcArchiver(const WarcArchiver&) = delete;
    WarcArchiver& operator=(const WarcArchiver&) = delete;

    void record(fetch::Exchange exchange) override;
    ArchiveStats stats() const;
    const ArchiverSettings& settings() const { return settings_; }

private:
    void run();

    ArchiverSettings settings_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<fetch::Exchange> queue_;
    std::size_t queued_bytes_ = 0;
    bool stopping_ = false;
    std::atomic<std::uint64_t> records_written_{0}, dropped_{0}, files_closed_{0};
    std::thread thread_;
};

}  // namespace gleaner::archive
