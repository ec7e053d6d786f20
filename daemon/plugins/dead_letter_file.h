// The dead-letter file read back: `gleaner dead-letters list` shows its records, `replay` takes one
// plugin's records out of it and puts them back in the outbox. The daemon appends to the file
// (DeadLetter::write) while these commands may rewrite it, so both hold an exclusive lock on
// FILE.lock (flock) while they touch it; a rewrite goes to a temporary file renamed over the old one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"

namespace gleaner::state {
class CrawlStore;
}

namespace gleaner::plugins {

struct DeadLetterRecord {
    std::size_t line = 0;        // 1-based line in the file
    std::int64_t time_ms = 0;    // when it was dead-lettered
    std::string plugin;
    std::string reason;
    int attempts = 0;
    std::string title;
    std::string url;             // the article's canonical URL (its URL when it has none)
    std::string payload;         // the article as JSON; "" when the record holds none
};

struct DeadLetterFile {
    std::vector<DeadLetterRecord> records;
    std::vector<std::string> problems;  // "FILE:LINE: ..." for lines that are not records
};

// delivery.dead_letter, or state_dir/dead-letter.jsonl when it is not set.
std::filesystem::path dead_letter_path(const config::Config& config);

// Holds the dead-letter file's lock (FILE.lock, created when missing) while alive.
class DeadLetterLock {
public:
    explicit DeadLetterLock(const std::filesystem::path& file);
    ~DeadLetterLock();
    DeadLetterLock(const DeadLetterLock&) = delete;
    DeadLetterLock& operator=(const DeadLetterLock&) = delete;

private:
    int fd_ = -1;
};

// Every record of the file, in order (a missing file has none). Call it with the lock held when the
// file may be rewritten meanwhile.
DeadLetterFile read_dead_letters(const std::filesystem::path& file);

struct ReplayResult {
    std::size_t replayed = 0;
    std::size_t kept = 0;  // the plugin's records without an article to replay (left in the file)
};

// Puts `plugin`'s dead-lettered articles back in the outbox (store.requeue, due now), then rewrites
// the file without them, all under the file's lock. When the store refuses, the file is left as it
// was and the error is thrown. A crash between the two replays those articles again next time (a
// duplicate delivery, never a lost one).
ReplayResult replay_dead_letters(state::CrawlStore& store, const std::filesystem::path& file, std::string_view plugin,
                                 std::int64_t now_ms);
// "replayed N article(s) of plugin P" (and how many could not be), for the CLI and the control socket.
std::string replay_summary(std::string_view plugin, const ReplayResult& result);

}  // namespace gleaner::plugins
