// gzip.cpp — see gzip.h.
#include "sources/gzip.h"

#include <algorithm>
#include <array>

namespace gleaner::sources {

bool looks_gzipped(std::string_view bytes) { return bytes.starts_with("\x1f\x8b"); }

GunzipReader::GunzipReader(std::string_view compressed, std::size_t max_bytes)
    : input_(compressed), max_bytes_(max_bytes) {
  constexpr int kGzipWindow = 16 + MAX_WBITS;  // 16: expect a gzip header, not zlib's
  initialised_ = inflateInit2(&stream_, kGzipWindow) == Z_OK;
  if (!initialised_) error_ = "gzip: zlib cannot initialise";
}

GunzipReader::~GunzipReader() {
  if (initialised_) inflateEnd(&stream_);
}

int GunzipReader::read(char* buffer, int size) {
  if (!error_.empty()) return -1;
  if (finished_ || size <= 0) return 0;
  stream_.next_out = reinterpret_cast<Bytef*>(buffer);
  stream_.avail_out = static_cast<uInt>(size);
  while (stream_.avail_out > 0) {
    if (stream_.avail_in == 0 && !input_.empty()) {
      // zlib's counters are 32-bit: the input goes in slices.
      const std::size_t slice = std::min<std::size_t>(input_.size(), std::size_t{1} << 30);
      stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input_.data()));
      stream_.avail_in = static_cast<uInt>(slice);
      input_.remove_prefix(slice);
    }
    const int status = inflate(&stream_, Z_NO_FLUSH);
    const bool input_left = stream_.avail_in > 0 || !input_.empty();
    if (status == Z_STREAM_END) {
      one_member_done_ = true;
      if (!input_left) {
        finished_ = true;
        break;
      }
      inflateReset(&stream_);  // concatenated gzip members are one valid file
      continue;
    }
    if (status == Z_OK) continue;
    // Like gzip(1): bytes that are no gzip member after a complete one are trailing garbage, ignored.
    if (one_member_done_ && status == Z_DATA_ERROR) {
      finished_ = true;
      break;
    }
    // Output space is always offered, so a buffer error means the input ended mid-stream.
    error_ = status == Z_BUF_ERROR ? "gzip: truncated data"
                                   : std::string("gzip: ") + (stream_.msg != nullptr ? stream_.msg : "corrupt data");
    return -1;
  }
  const std::size_t got = static_cast<std::size_t>(size) - stream_.avail_out;
  if (produced_ + got > max_bytes_) {
    error_ = "gzip: more than " + std::to_string(max_bytes_) + " bytes once inflated";
    return -1;
  }
  produced_ += got;
  return static_cast<int>(got);
}

Inflated gunzip(std::string_view compressed, std::size_t max_bytes) {
  GunzipReader reader(compressed, max_bytes);
  Inflated result;
  std::array<char, 64 * 1024> chunk{};
  for (;;) {
    const int got = reader.read(chunk.data(), static_cast<int>(chunk.size()));
    if (got <= 0) break;
    result.bytes.append(chunk.data(), static_cast<std::size_t>(got));
  }
  result.error = reader.error();
  if (!result.error.empty()) result.bytes.clear();
  return result;
}

}  // namespace gleaner::sources
