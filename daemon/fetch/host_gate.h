// Politeness shared by several fetchers. When daemons share one crawl (crawl state in PostgreSQL),
// each host's Crawl-delay, per-host concurrency and per-host delay must hold for all of them
// together. Before a transfer to a host starts, the Fetcher asks its gate (when it has one) for one
// of the host's request slots; the gate grants it when fewer than `concurrency` are held across the
// cluster and the host's next allowed time has come, and pushes that time forward by `delay`.
// Without a gate the Fetcher's own per-host bookkeeping is the whole story (one daemon).
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace gleaner::fetch {

class HostGate {
public:
    struct Grant {
        bool granted = false;
        int slot = -1;                          // give it back with release()
        std::chrono::milliseconds retry_after{0};  // not granted: ask again this much later
    };

    virtual ~HostGate() = default;
    // Asks for a request slot of `origin` (scheme://host:port). `done` runs later on the Fetcher's
    // I/O thread, never from inside acquire().
    virtual void acquire(const std::string& origin, std::chrono::milliseconds delay, int concurrency,
                         std::function<void(Grant)> done) = 0;
    virtual void release(const std::string& origin, int slot) = 0;
    // The host asked for a pause (Retry-After, 429/503): no node asks it before then.
    virtual void defer(const std::string& origin, std::chrono::milliseconds pause) = 0;
};

}  // namespace gleaner::fetch
