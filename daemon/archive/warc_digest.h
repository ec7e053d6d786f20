// WARC digests: SHA-1 (OpenSSL) written as "sha1:" and the RFC 4648 base32 of the 20 bytes, the form
// WARC-Block-Digest and WARC-Payload-Digest take in every common tool.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace gleaner::archive {

// Incremental SHA-1 over pieces of a block.
class Sha1 {
public:
    Sha1();
    ~Sha1();
    Sha1(const Sha1&) = delete;
    Sha1& operator=(const Sha1&) = delete;
    void update(std::string_view bytes);
    std::string label();  // "sha1:" + base32; ends the digest

private:
    struct Context;
    std::unique_ptr<Context> context_;
};

std::string sha1_label(std::string_view bytes);

// RFC 4648 base32 (upper case, '=' padding). Written here: OpenSSL has none, and Debian's
// libbaseencode returns "" for any input whose first byte is 0 (1 digest in 256).
std::string base32(std::string_view bytes);

}  // namespace gleaner::archive
