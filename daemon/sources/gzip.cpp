// gzip.cpp — see gzip.h.
#include "sources/gzip.h"

#include <zlib.h>

#include <algorithm>
#include <array>

namespace gleaner::sources {

bool looks_gzipped(std::string_view bytes) { return bytes.starts_with("\x1f\x8b"); }

Inflated gunzip(std::string_view compressed, std::size_t max_bytes) {
  z_stream stream{};
  constexpr int kGzipWindow = 16 + MAX_WBITS;  // 16: expect a gzip header, not zlib's
  if (inflateInit2(&stream, kGzipWindow) != Z_OK) return {{}, "gzip: zlib cannot initialise"};
  Inflated result;
  std::array<unsigned char, 64 * 1024> chunk{};
  std::string_view input = compressed;
  bool one_member_done = false;
  for (;;) {
    if (stream.avail_in == 0 && !input.empty()) {
      // zlib's counters are 32-bit: the input goes in slices.
      const std::size_t slice = std::min<std::size_t>(input.size(), std::size_t{1} << 30);
      stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
      stream.avail_in = static_cast<uInt>(slice);
      input.remove_prefix(slice);
    }
    stream.next_out = chunk.data();
    stream.avail_out = static_cast<uInt>(chunk.size());
    const int status = inflate(&stream, Z_NO_FLUSH);
    const std::size_t produced = chunk.size() - stream.avail_out;
    if (result.bytes.size() + produced > max_bytes) {
      result.error = "gzip: more than " + std::to_string(max_bytes) + " bytes once inflated";
      break;
    }
    result.bytes.append(reinterpret_cast<const char*>(chunk.data()), produced);
    const bool input_left = stream.avail_in > 0 || !input.empty();
    if (status == Z_STREAM_END) {
      one_member_done = true;
      if (!input_left) break;
      inflateReset(&stream);  // concatenated gzip members are one valid file
      continue;
    }
    if (status == Z_OK) continue;
    // Like gzip(1): bytes that are no gzip member after a complete one are trailing garbage,
    // ignored.
    if (one_member_done && status == Z_DATA_ERROR) break;
    // Output space is always offered, so a buffer error means the input ended mid-stream.
    result.error =
        status == Z_BUF_ERROR
            ? "gzip: truncated data"
            : std::string("gzip: ") + (stream.msg != nullptr ? stream.msg : "corrupt data");
    break;
  }
  inflateEnd(&stream);
  if (!result.error.empty()) result.bytes.clear();
  return result;
}

}  // namespace gleaner::sources
