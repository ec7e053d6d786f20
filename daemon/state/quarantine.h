// Where an outbox record that fails its checksum goes: its bytes into <state_dir>/quarantine/ for an
// operator to look at, before the store forgets it. Both backends use it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

namespace gleaner::state {

// Writes `payload` to <dir>/outbox-<id>.bin and returns the file. Throws StoreError when the bytes
// cannot be kept there (the caller then keeps the record rather than lose it).
std::filesystem::path quarantine_payload(const std::filesystem::path& dir, std::int64_t id, std::string_view payload);

}  // namespace gleaner::state
