// The CRC-32 that outbox (spool) records carry over their payload: a record whose payload no longer
// matches it is quarantined, never delivered. Both crawl-state backends use it.
#pragma once

#include <cstdint>
#include <string_view>

namespace gleaner::state {

std::uint32_t payload_crc32(std::string_view payload);

}  // namespace gleaner::state
