// Reads WARC/1.0 and WARC/1.1 records one at a time from a file of any layout (warc_input.h), with
// memory bounded by one record's block (blocks over `max_block` are skipped, not read). A damaged
// record is reported with its offset and skipped: the reader goes on at the next gzip member, or at
// the next "WARC/1." line of a plain file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "archive/warc_input.h"
#include "archive/warc_record.h"

namespace gleaner::archive {

// Where a record starts, in a form the reader can go back to (see WarcInput::resume_point).
struct WarcPosition {
    std::uint64_t offset = 0;
    bool seekable = true;  // false: an offset in the uncompressed stream of a whole-file gzip

    std::string to_string() const;  // "1234", or "1234 (uncompressed)"
};

struct ReadRecord {
    WarcPosition position;
    WarcRecord record;
    bool block_skipped = false;  // over max_block: `record.block` is empty
};

struct ReadError {
    WarcPosition position;
    std::string message;
};

class WarcReader {
public:
    using ErrorHandler = std::function<void(const ReadError&)>;

    WarcReader(const std::filesystem::path& file, ErrorHandler on_error,
               std::size_t max_block = 64 * 1024 * 1024);  // throws when the file cannot be opened

    // The next record, or nullopt at the end of the file.
    std::optional<ReadRecord> next();
    // Where the next record starts: save it to continue later with seek().
    WarcPosition position() { return to_position(input_.resume_point()); }
    void seek(const WarcPosition& position) { input_.seek(position.offset, position.seekable); }
    std::uint64_t file_size() const { return input_.file_size(); }

private:
    static WarcPosition to_position(std::pair<std::uint64_t, bool> point) { return {point.first, point.second}; }
    bool read_head(WarcRecord& record, std::size_t& content_length, std::string& problem);
    void resync();

    WarcInput input_;
    ErrorHandler on_error_;
    std::size_t max_block_;
};

}  // namespace gleaner::archive
