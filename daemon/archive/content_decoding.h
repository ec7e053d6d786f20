// Undoing an HTTP Content-Encoding (gzip, x-gzip, deflate, br, zstd, identity, or a list of them) on a
// body read from an archive, with an output cap so a small hostile body cannot expand without end.
// zlib, Brotli and Zstandard do the work.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gleaner::archive {

struct Decoded {
    std::string bytes;
    std::string error;  // "" on success
};

Decoded decode_content(std::string body, std::string_view content_encoding, std::size_t max_bytes);

}  // namespace gleaner::archive
