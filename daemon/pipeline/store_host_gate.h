// The fetcher's HostGate (fetch/host_gate.h) over the crawl-state store, for daemons that share a
// crawl: a host's request slots and next allowed time live in the store, so Crawl-delay, per-host
// concurrency and per-host delay hold for the cluster as a whole. Store calls run on the worker
// pool; answers come back on the I/O thread.
#pragma once

#include <cstdint>
#include <memory>

#include "fetch/host_gate.h"
#include "pipeline/services.h"

namespace gleaner::pipeline {

class StoreHostGate final : public fetch::HostGate {
public:
    // A granted slot reserves the host for `delay` plus this margin, which covers the time between
    // the reservation in the store and the request leaving this node (a grant that arrives later
    // pushes the host's next time back, or is given back: see on_arrival).
    static constexpr std::chrono::milliseconds kMargin{100};

    explicit StoreHostGate(Services& services) : services_(services) {}

    void acquire(const std::string& origin, std::chrono::milliseconds delay, int concurrency,
                 std::function<void(Grant)> done) override;
    void release(const std::string& origin, int slot) override;
    void defer(const std::string& origin, std::chrono::milliseconds pause) override;

private:
    // A grant as it reaches the I/O thread, `reserved_at` being when the store reserved the host.
    Grant on_arrival(const std::string& origin, std::chrono::milliseconds delay, std::int64_t reserve,
                     std::int64_t reserved_at, Grant grant);

    Services& services_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace gleaner::pipeline
