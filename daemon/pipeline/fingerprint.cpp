#include "pipeline/fingerprint.h"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

namespace gleaner::pipeline {

std::string sha256_hex(std::string_view data, std::size_t hex_chars) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out += kHex[digest[i] >> 4];
        out += kHex[digest[i] & 0xf];
    }
    if (hex_chars < out.size()) out.resize(hex_chars);
    return out;
}

std::string content_fingerprint(std::string_view text) {
    // Keep letters and digits (any byte >= 0x80 counts, so non-Latin scripts survive), lower-case
    // ASCII, and collapse every run of anything else into one space.
    std::string normal;
    normal.reserve(text.size());
    bool gap = false;
    for (unsigned char c : text) {
        const bool word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
        if (!word) {
            gap = !normal.empty();
            continue;
        }
        if (gap) normal += ' ';
        gap = false;
        normal += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return sha256_hex(normal, 32);
}

}  // namespace gleaner::pipeline
