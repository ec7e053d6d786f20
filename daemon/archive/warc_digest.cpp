// See warc_digest.h.
#include "archive/warc_digest.h"

#include <openssl/evp.h>

#include <cstdlib>
#include <stdexcept>

extern "C" {
#include <baseencode.h>
}

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
    baseencode_error_t error = SUCCESS;
    char* encoded = base32_encode(digest, length, &error);
    if (encoded == nullptr || error != SUCCESS) {
        std::free(encoded);
        throw std::runtime_error("base32 encoding of a digest failed");
    }
    std::string label = std::string("sha1:") + encoded;
    std::free(encoded);
    return label;
}

std::string sha1_label(std::string_view bytes) {
    Sha1 sha1;
    sha1.update(bytes);
    return sha1.label();
}

}  // namespace gleaner::archive
