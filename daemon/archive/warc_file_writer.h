// Appends WARC records to files in one folder, one gzip member per record. The file being written is
// named `gleaner-<UTC time>-<serial>.warc.gz.open`; it gets its final name (without `.open`) once
// full (`max_size`) or closed, after an fsync. Each record goes out in one write; a write that fails
// is cut back off. A crash can still leave a torn last member: `repair_open_files` (run before a
// writer starts) truncates it and gives the file its final name.
//
// Not thread-safe: one thread writes (see warc_archiver.h).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "archive/warc_record.h"

namespace gleaner::archive {

struct RepairReport {
    std::filesystem::path file;  // its final name
    std::uint64_t bytes_removed = 0;
};

// Truncates every `*.warc.gz.open` file in `dir` after its last complete gzip member and renames it
// to `*.warc.gz`; a file with no complete member is removed.
std::vector<RepairReport> repair_open_files(const std::filesystem::path& dir);

class WarcFileWriter {
public:
    // `info` is the warcinfo record's block fields ("software: ...\r\n..."), written first in each file.
    WarcFileWriter(std::filesystem::path dir, std::uint64_t max_size, std::string info);
    ~WarcFileWriter();  // closes the current file
    WarcFileWriter(const WarcFileWriter&) = delete;
    WarcFileWriter& operator=(const WarcFileWriter&) = delete;

    // Writes records that belong together into one file (a new one first when they would push the
    // current one over max_size), adding WARC-Warcinfo-ID to each. Throws std::runtime_error when the disk refuses them.
    void write(const std::vector<WarcRecord>& group);
    // Syncs and closes the current file under its final name; the next write opens a new one.
    void close();

    std::uint64_t files_closed() const { return files_closed_; }

private:
    void open_next();
    std::string encode(const std::vector<WarcRecord>& group) const;
    void append(const std::string& bytes);

    std::filesystem::path dir_;
    std::uint64_t max_size_;
    std::string info_;
    std::uint64_t next_serial_ = 0;
    int fd_ = -1;
    std::filesystem::path open_path_;
    std::uint64_t size_ = 0;          // bytes in the open file
    std::uint64_t warcinfo_size_ = 0;
    std::string warcinfo_id_;
    std::uint64_t files_closed_ = 0;
};

}  // namespace gleaner::archive
