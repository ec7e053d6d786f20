// See warc_input.h.
#include "archive/warc_input.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace gleaner::archive {
namespace {

constexpr std::size_t kInputSlice = 256 * 1024;
constexpr std::size_t kOutputSlice = 256 * 1024;
constexpr std::string_view kGzipMagic("\x1f\x8b\x08", 3);

}  // namespace

WarcInput::WarcInput(const std::filesystem::path& file) {
    fd_ = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw std::runtime_error("cannot open " + file.string() + ": " + std::strerror(errno));
    const off_t end = ::lseek(fd_, 0, SEEK_END);
    file_size_ = end > 0 ? static_cast<std::uint64_t>(end) : 0;
    char magic[2] = {};
    gzipped_ = ::pread(fd_, magic, 2, 0) == 2 && magic[0] == '\x1f' && magic[1] == '\x8b';
    if (gzipped_ && inflateInit2(&zs_, 16 + MAX_WBITS) != Z_OK) throw std::runtime_error("zlib cannot initialise");
    reset_stream(0);
}

WarcInput::~WarcInput() {
    if (gzipped_) inflateEnd(&zs_);
    ::close(fd_);
}

void WarcInput::reset_stream(std::uint64_t compressed_offset) {
    in_.clear();
    in_pos_ = 0;
    in_offset_ = compressed_offset;
    out_.clear();
    out_pos_ = 0;
    out_offset_ = gzipped_ ? 0 : compressed_offset;
    in_member_ = false;
    member_start_ = compressed_offset;
    member_output_ = out_offset_;
    boundaries_.assign(1, {out_offset_, compressed_offset});
    eof_ = false;
    error_.clear();
    if (gzipped_) inflateReset(&zs_);
}

bool WarcInput::refill_input() {
    if (in_pos_ > 0) {
        in_offset_ += in_pos_;
        in_.erase(0, in_pos_);
        in_pos_ = 0;
    }
    const std::size_t had = in_.size();
    in_.resize(had + kInputSlice);
    ssize_t got;
    do {
        got = ::pread(fd_, in_.data() + had, kInputSlice, static_cast<off_t>(in_offset_ + had));
    } while (got < 0 && errno == EINTR);
    in_.resize(had + static_cast<std::size_t>(std::max<ssize_t>(got, 0)));
    return got > 0;
}

bool WarcInput::fill() {
    if (eof_ || !error_.empty()) return false;
    // Drop what the reader consumed before adding more.
    if (out_pos_ > 0) {
        out_offset_ += out_pos_;
        out_.erase(0, out_pos_);
        out_pos_ = 0;
    }
    if (!gzipped_) {
        if (in_pos_ >= in_.size() && !refill_input()) {
            eof_ = true;
            return false;
        }
        out_.append(in_, in_pos_, std::string::npos);
        in_pos_ = in_.size();
        return true;
    }
    const std::size_t had = out_.size();
    out_.resize(had + kOutputSlice);
    zs_.next_out = reinterpret_cast<Bytef*>(out_.data() + had);
    zs_.avail_out = static_cast<uInt>(kOutputSlice);
    while (zs_.avail_out > 0) {
        if (in_pos_ >= in_.size()) {
            if (!refill_input()) {
                if (in_member_) error_ = "the file ends inside a gzip member (truncated)";
                else eof_ = true;
                break;
            }
        }
        if (!in_member_) {
            member_start_ = in_offset_ + in_pos_;
            member_output_ = out_offset_ + had + (kOutputSlice - zs_.avail_out);
            in_member_ = true;
        }
        zs_.next_in = reinterpret_cast<Bytef*>(in_.data() + in_pos_);
        zs_.avail_in = static_cast<uInt>(in_.size() - in_pos_);
        const int status = inflate(&zs_, Z_NO_FLUSH);
        in_pos_ = in_.size() - zs_.avail_in;
        if (status == Z_STREAM_END) {
            in_member_ = false;
            member_start_ = in_offset_ + in_pos_;
            boundaries_.emplace_back(out_offset_ + had + (kOutputSlice - zs_.avail_out), member_start_);
            inflateReset(&zs_);
            continue;
        }
        if (status != Z_OK && status != Z_BUF_ERROR) {
            error_ = std::string("corrupt gzip data: ") + (zs_.msg != nullptr ? zs_.msg : "inflate failed");
            break;
        }
    }
    out_.resize(had + (kOutputSlice - zs_.avail_out));
    if (!error_.empty()) {
        // Nothing of a damaged member is handed out: drop what it gave that is not read yet.
        const auto keep = std::max<std::uint64_t>(member_output_, out_offset_ + out_pos_) - out_offset_;
        if (keep < out_.size()) out_.resize(keep);
    }
    return out_.size() > had || (error_.empty() && !eof_);
}

std::string_view WarcInput::peek(std::size_t count) {
    while (out_.size() - out_pos_ < count && fill()) {
    }
    const std::size_t available = std::min(count, out_.size() - out_pos_);
    return std::string_view(out_).substr(out_pos_, available);
}

void WarcInput::consume(std::size_t count) {
    while (count > 0) {
        const std::size_t available = out_.size() - out_pos_;
        if (available == 0 && !fill()) return;
        const std::size_t step = std::min(count, out_.size() - out_pos_);
        out_pos_ += step;
        count -= step;
    }
}

bool WarcInput::at_end() { return peek(1).empty(); }

std::pair<std::uint64_t, bool> WarcInput::resume_point() {
    if (!gzipped_) return {out_offset_ + out_pos_, true};
    peek(1);  // the member that starts here may not be inflated yet
    const std::uint64_t position = out_offset_ + out_pos_;
    while (!boundaries_.empty() && boundaries_.front().first < position) boundaries_.pop_front();
    if (!boundaries_.empty() && boundaries_.front().first == position) return {boundaries_.front().second, true};
    return {position, false};
}

void WarcInput::seek(std::uint64_t offset, bool seekable) {
    if (seekable || !gzipped_) {
        reset_stream(offset);
        return;
    }
    reset_stream(0);
    consume(offset);
}

bool WarcInput::skip_damaged_member() {
    // Look for the next gzip header after the start of the damaged member.
    std::uint64_t from = member_start_ + 1;
    std::string window(kInputSlice + kGzipMagic.size(), '\0');
    while (from < file_size_) {
        const ssize_t got = ::pread(fd_, window.data(), window.size(), static_cast<off_t>(from));
        if (got <= 0) break;
        const auto found = std::string_view(window.data(), static_cast<std::size_t>(got)).find(kGzipMagic);
        if (found != std::string_view::npos) {
            reset_stream(from + found);
            return true;
        }
        from += kInputSlice;
    }
    reset_stream(file_size_);
    eof_ = true;
    return false;
}

}  // namespace gleaner::archive
