// See warc_record.h.
#include "archive/warc_record.h"

#include <openssl/rand.h>
#include <strings.h>

#include <array>
#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace gleaner::archive {

std::string_view WarcRecord::field(std::string_view name) const {
    for (const auto& [key, value] : fields)
        if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) return value;
    return {};
}

WarcRecord& WarcRecord::add(std::string name, std::string value) {
    fields.emplace_back(std::move(name), std::move(value));
    return *this;
}

std::string new_record_id() {
    std::array<unsigned char, 16> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
        throw std::runtime_error("OpenSSL's random generator failed");
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);  // version 4
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
    char text[64];
    std::snprintf(text, sizeof text,
                  "<urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x>", bytes[0],
                  bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10],
                  bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]);
    return text;
}

std::string warc_date(std::chrono::system_clock::time_point when) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

std::string serialize(const WarcRecord& record) {
    std::string out;
    out.reserve(record.block.size() + 512);
    out += record.version;
    out += "\r\n";
    for (const auto& [name, value] : record.fields) {
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    out += "Content-Length: ";
    out += std::to_string(record.block.size());
    out += "\r\n\r\n";
    out += record.block;
    out += "\r\n\r\n";
    return out;
}

}  // namespace gleaner::archive
