// Content fingerprints and article ids (SHA-256 through OpenSSL).
#pragma once

#include <string>
#include <string_view>

namespace gleaner::pipeline {

// Fingerprint of an article's text that ignores case, punctuation and whitespace differences, so the
// same story served with other markup, tracking snippets or line breaks gets the same value.
std::string content_fingerprint(std::string_view text);

// Hex SHA-256 of `data`, shortened to `hex_chars` characters.
std::string sha256_hex(std::string_view data, std::size_t hex_chars = 64);

// The article id plugins see: 32 hex characters of the SHA-256 of its canonical URL.
inline std::string article_id(std::string_view canonical_url) { return sha256_hex(canonical_url, 32); }

}  // namespace gleaner::pipeline
