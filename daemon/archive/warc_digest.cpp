// See warc_digest.h.
#include "archive/warc_digest.h"

#include <openssl/evp.h>

#include <cstdint>
#include <stdexcept>

namespace gleaner::archive {

struct Sha1::Context {
    EVP_MD_CTX* md = nullptr;
};

Sha1::Sha1() : context_(std::make_unique<Context>()) {
    context_->md = EVP_MD_CTX_new();
    if (context_->md == nullptr || EVP_DigestInit_ex(context_->md, EVP_sha1(), nullptr) != 1)
        throw std::runtime_error("OpenSSL cannot start a SHA-1 digest");
}

Sha1::~Sha1() { EVP_MD_CTX_free(context_->md); }

void Sha1::update(std::string_view bytes) {
    if (!bytes.empty()) EVP_DigestUpdate(context_->md, bytes.data(), bytes.size());
}

std::string Sha1::label() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(context_->md, digest, &length);
    return "sha1:" + base32(std::string_view(reinterpret_cast<const char*>(digest), length));
}

std::string base32(std::string_view bytes) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    std::string out;
    out.reserve((bytes.size() + 4) / 5 * 8);
    std::uint32_t buffer = 0;  // bits not yet written, in the low `bits` bits
    int bits = 0;
    for (const char c : bytes) {
        buffer = (buffer << 8) | static_cast<unsigned char>(c);
        bits += 8;
        while (bits >= 5) {
            out += kAlphabet[(buffer >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
    while (out.size() % 8 != 0) out += '=';
    return out;
}

std::string sha1_label(std::string_view bytes) {
    Sha1 sha1;
    sha1.update(bytes);
    return sha1.label();
}

}  // namespace gleaner::archive
