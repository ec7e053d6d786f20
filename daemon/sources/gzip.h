// gzip.h — inflating gzip-compressed documents (sitemap.xml.gz) with zlib, with a size cap so that
// a small hostile file cannot expand into gigabytes. GunzipReader hands the inflated bytes out a
// piece at a time, so a streaming parser never holds the whole document; gunzip() collects them.
// Internal to gleaner_sources.
#pragma once

#include <zlib.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace gleaner::sources {

// True when the bytes start with the gzip magic number (1f 8b).
bool looks_gzipped(std::string_view bytes);

class GunzipReader {
public:
  // `compressed` must outlive the reader. Every gzip member is inflated, one after another.
  GunzipReader(std::string_view compressed, std::size_t max_bytes);
  ~GunzipReader();
  GunzipReader(const GunzipReader&) = delete;
  GunzipReader& operator=(const GunzipReader&) = delete;

  // Up to `size` more inflated bytes into `buffer`: how many, 0 at the end, -1 on failure (past
  // max_bytes, corrupt or truncated data; error() says which).
  int read(char* buffer, int size);
  const std::string& error() const { return error_; }

private:
  z_stream stream_{};
  std::string_view input_;
  std::size_t max_bytes_;
  std::size_t produced_ = 0;
  bool initialised_ = false;
  bool one_member_done_ = false;
  bool finished_ = false;
  std::string error_;
};

struct Inflated {
  std::string bytes;
  std::string error;  // "" on success; bytes are then complete
};

// Inflates every gzip member of `compressed`; fails once the output would exceed max_bytes.
Inflated gunzip(std::string_view compressed, std::size_t max_bytes);

}  // namespace gleaner::sources
