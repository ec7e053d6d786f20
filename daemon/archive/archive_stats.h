// The WARC archive's counters, for /metrics (plain data, so the admin code need not see the writer).
#pragma once

#include <cstdint>

namespace gleaner::archive {

struct ArchiveStats {
    std::uint64_t records_written = 0;    // response/revisit and request records
    std::uint64_t exchanges_dropped = 0;  // the queue was full, or the disk refused them
    std::uint64_t files_closed = 0;
};

}  // namespace gleaner::archive
