// gzip.h — inflating gzip-compressed documents (sitemap.xml.gz) with zlib, with a size cap so that
// a small hostile file cannot expand into gigabytes. Internal to gleaner_sources.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gleaner::sources {

// True when the bytes start with the gzip magic number (1f 8b).
bool looks_gzipped(std::string_view bytes);

struct Inflated {
  std::string bytes;
  std::string error;  // "" on success; bytes are then complete
};

// Inflates every gzip member of `compressed`; fails once the output would exceed max_bytes.
Inflated gunzip(std::string_view compressed, std::size_t max_bytes);

}  // namespace gleaner::sources
