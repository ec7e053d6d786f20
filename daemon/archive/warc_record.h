// A WARC record as plain data (version line, named fields in order, the block) and the pieces every
// record needs: record IDs, WARC-Date values, and the record's bytes as they go into a file.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gleaner::archive {

struct WarcRecord {
    std::string version = "WARC/1.1";
    std::vector<std::pair<std::string, std::string>> fields;  // Content-Length is added when written
    std::string block;

    // The first field of that name (case-insensitive), or "" when absent.
    std::string_view field(std::string_view name) const;
    WarcRecord& add(std::string name, std::string value);
};

// "<urn:uuid:...>": a random (version 4) UUID from OpenSSL's generator.
std::string new_record_id();

// "2025-01-02T03:04:05Z" (UTC, whole seconds, as WARC 1.0 readers expect too).
std::string warc_date(std::chrono::system_clock::time_point when);

// The record as it is stored: version line, fields, Content-Length, blank line, block, two CRLFs.
std::string serialize(const WarcRecord& record);

}  // namespace gleaner::archive
