// The daemon's share of file descriptors. Connections, the admin endpoint, the state database, plugin
// files and their children all draw on RLIMIT_NOFILE, whose soft value is often 1,024 while the hard
// one allows far more (systemd sets 1024:524288 unless the unit says otherwise). The daemon raises
// its soft limit to the hard one at start.
#pragma once

#include <cstdint>

namespace gleaner::service {

struct FileLimit {
    std::uint64_t before = 0;  // soft limit found
    std::uint64_t now = 0;     // soft limit after raising it (== before when it could not or need not)
};

FileLimit raise_open_file_limit();

}  // namespace gleaner::service
