// The bytes of a WARC file as a stream, whatever its layout: plain, one gzip member per record (the
// usual `.warc.gz`), or the whole file as one gzip stream. It knows, for the next byte, the offset a
// reader can come back to: the compressed offset of a gzip member that starts there, else the
// position in the uncompressed stream. Reads in fixed slices, so memory does not grow with the file.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <deque>
#include <filesystem>
#include <string>
#include <string_view>

namespace gleaner::archive {

class WarcInput {
public:
    explicit WarcInput(const std::filesystem::path& file);  // throws std::runtime_error if it cannot be opened
    ~WarcInput();
    WarcInput(const WarcInput&) = delete;
    WarcInput& operator=(const WarcInput&) = delete;

    bool gzipped() const { return gzipped_; }
    // Makes at least `count` bytes available (fewer at the end, or when the data is damaged: see
    // error()). Returns what is available.
    std::string_view peek(std::size_t count);
    void consume(std::size_t count);
    bool at_end();

    // Where the next unread byte can be found again: {offset, true} when a gzip member starts with it
    // (or the file is plain), {uncompressed position, false} inside a gzip stream.
    std::pair<std::uint64_t, bool> resume_point();
    // Goes to an offset from resume_point(). Inside a gzip stream (second == false) it reads from the
    // start and skips; otherwise it jumps there.
    void seek(std::uint64_t offset, bool seekable);

    // A gzip member that does not inflate (or is cut off by the end of the file): what and where (the
    // member's compressed offset). Nothing of that member is handed out; once the bytes before it are
    // read, failed() is true and the stream stops until skip_damaged_member() finds the next member.
    const std::string& error() const { return error_; }
    bool failed() const { return !error_.empty() && out_pos_ == out_.size(); }
    std::uint64_t error_offset() const { return member_start_; }
    bool skip_damaged_member();  // false when no further member is found
    std::uint64_t file_size() const { return file_size_; }

private:
    bool fill();  // decompresses (or reads) one more slice into out_; false at the end or on error
    bool refill_input();
    void reset_stream(std::uint64_t compressed_offset);

    int fd_ = -1;
    std::uint64_t file_size_ = 0;
    bool gzipped_ = false;
    z_stream zs_{};
    std::string in_;                 // compressed bytes read, not yet inflated: in_[in_pos_..]
    std::size_t in_pos_ = 0;
    std::uint64_t in_offset_ = 0;    // file offset of in_[0]
    std::string out_;                // bytes ready for the reader: out_[out_pos_..]
    std::size_t out_pos_ = 0;
    std::uint64_t out_offset_ = 0;   // uncompressed (or plain) position of out_[0]
    bool in_member_ = false;         // a gzip member has begun and not ended
    std::uint64_t member_start_ = 0; // compressed offset of the current (or next) member
    std::uint64_t member_output_ = 0;  // uncompressed position where the current member's output begins
    // Where members start, as {uncompressed position, compressed offset}, from the read position on.
    std::deque<std::pair<std::uint64_t, std::uint64_t>> boundaries_;
    bool eof_ = false;
    std::string error_;
};

}  // namespace gleaner::archive
