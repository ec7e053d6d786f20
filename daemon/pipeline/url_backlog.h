// Article URLs a source listed beyond what it may keep waiting in memory. A sitemap can list tens of
// thousands of URLs; the pipeline keeps a few hundred per source waiting for admission and writes
// the rest to a backlog file in state_dir/backlog, read back a slice at a time as the source's
// waiting URLs run low, so memory does not grow with the size of the listings.
//
// The files are scratch space of one run (a restarted daemon lists the URLs again on its next pass)
// and are removed when read to their end; clear_backlog_dir removes what a killed run left.
// Blocking file I/O: call these on the worker pool, never on the I/O thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "pipeline/entry_hints.h"

namespace gleaner::pipeline {

// One backlog file and how far it has been read.
struct BacklogFile {
    std::filesystem::path path;
    std::uint64_t offset = 0;    // bytes already read
    std::size_t remaining = 0;   // entries not yet read
};

// Writes `urls` to a new file `dir/<name>` (one JSON array per line). Throws std::runtime_error
// naming the file when it cannot be written.
BacklogFile write_backlog(const std::filesystem::path& dir, const std::string& name, std::span<const ListedUrl> urls);

// Reads up to `limit` entries from where `file` was left, advancing it; once every entry has been
// read the file is removed. A file that cannot be read or holds a malformed line throws
// std::runtime_error naming the file (and the byte offset); the caller drops it (remove_backlog).
std::vector<ListedUrl> read_backlog(BacklogFile& file, std::size_t limit);

void remove_backlog(const BacklogFile& file) noexcept;

// Removes the backlog files an earlier run left in `dir` and makes sure `dir` exists.
void clear_backlog_dir(const std::filesystem::path& dir);

}  // namespace gleaner::pipeline
