// CRC-32 of outbox payloads (see payload_checksum.h), by zlib.
#include "state/payload_checksum.h"

#include <zlib.h>

#include <algorithm>

namespace gleaner::state {

std::uint32_t payload_crc32(std::string_view payload) {
    uLong crc = crc32(0L, Z_NULL, 0);
    // zlib takes uInt lengths: feed large payloads in pieces.
    while (!payload.empty()) {
        const auto piece = static_cast<uInt>(std::min<std::size_t>(payload.size(), 1u << 30));
        crc = crc32(crc, reinterpret_cast<const Bytef*>(payload.data()), piece);
        payload.remove_prefix(piece);
    }
    return static_cast<std::uint32_t>(crc);
}

}  // namespace gleaner::state
