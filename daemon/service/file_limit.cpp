// raise_open_file_limit — see file_limit.h.
#include "service/file_limit.h"

#include <sys/resource.h>

namespace gleaner::service {

FileLimit raise_open_file_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return {};
    FileLimit result{limit.rlim_cur, limit.rlim_cur};
    // Only when there is something to gain: under systemd's SystemCallFilter even asking costs nothing,
    // but an unchanged limit needs no call at all.
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &limit) == 0) result.now = limit.rlim_cur;
    }
    return result;
}

}  // namespace gleaner::service
