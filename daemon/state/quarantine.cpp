#include "state/quarantine.h"

#include <fstream>
#include <string>

#include "state/crawl_store.h"

namespace gleaner::state {

std::filesystem::path quarantine_payload(const std::filesystem::path& dir, std::int64_t id, std::string_view payload) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    const auto file = dir / ("outbox-" + std::to_string(id) + ".bin");
    std::ofstream out(file, std::ios::binary);
    out.write(payload.data(), static_cast<std::streamsize>(payload.size()));
    out.close();
    if (!out) throw StoreError("cannot write the quarantined outbox record " + std::to_string(id) + " to " + file.string());
    return file;
}

}  // namespace gleaner::state
