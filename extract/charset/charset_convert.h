// Conversion of page bytes to valid UTF-8 with glibc iconv; undecodable bytes become U+FFFD.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace gleaner::extract {

struct ConversionResult {
    std::string utf8;                  // always valid UTF-8
    std::size_t invalid_sequences = 0; // how many U+FFFD were substituted for bad input
    bool converter_available = true;   // false if iconv does not know the encoding (utf8 is then empty)
};

// Converts bytes in the iconv encoding `iconv_name` to UTF-8. Each byte iconv rejects is replaced by
// U+FFFD and decoding resumes at the next byte; a truncated sequence at the end becomes one U+FFFD.
ConversionResult convert_to_utf8(std::string_view bytes, const char* iconv_name);

// Number of invalid sequences if `bytes` were read as UTF-8 (0 means valid UTF-8), counting at most
// `stop_after` of them.
std::size_t count_invalid_utf8(std::string_view bytes, std::size_t stop_after = SIZE_MAX);

// Whether `bytes` are valid UTF-8: the same verdict as count_invalid_utf8(bytes, 1) == 0 (iconv's),
// in one pass that skips ASCII a word at a time and hands iconv only the stretches holding other bytes.
bool is_valid_utf8(std::string_view bytes);

// Length of the ASCII prefix of `bytes`.
std::size_t ascii_prefix_length(std::string_view bytes);

}  // namespace gleaner::extract
