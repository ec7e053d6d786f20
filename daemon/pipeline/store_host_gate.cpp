#include "pipeline/store_host_gate.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "log/log.h"
#include "pipeline/clock.h"
#include "state/crawl_store.h"

namespace gleaner::pipeline {
namespace {

// A store that cannot be asked (database down) is asked again this much later.
constexpr std::chrono::milliseconds kStoreRetry{1000};

}  // namespace

void StoreHostGate::acquire(const std::string& origin, std::chrono::milliseconds delay, int concurrency,
                            std::function<void(Grant)> done) {
    const std::int64_t reserve = delay.count() > 0 ? (delay + kMargin).count() : 0;
    boost::asio::post(services_.pool, [this, alive = std::weak_ptr<int>(alive_), origin, delay, reserve, concurrency,
                                       done = std::move(done)]() mutable {
        Grant grant;
        std::int64_t reserved_at = 0;
        try {
            reserved_at = services_.clock.now_ms();
            const auto slot = services_.store.acquire_host_slot(origin, services_.node, reserved_at, reserve, concurrency,
                                                                reserved_at + services_.lease.count());
            grant.granted = slot.granted;
            grant.slot = slot.slot;
            grant.retry_after = std::chrono::milliseconds(std::max<std::int64_t>(1, slot.retry_at_ms - reserved_at));
        } catch (const std::exception& e) {
            log::error("cannot ask the crawl state for a host slot", {{"HOST", origin}, {"ERROR", e.what()}});
            grant.retry_after = kStoreRetry;
        }
        boost::asio::post(services_.io, [this, alive, origin, delay, reserve, reserved_at, grant,
                                         done = std::move(done)]() mutable {
            if (alive.expired()) return;
            done(on_arrival(origin, delay, reserve, reserved_at, grant));
        });
    });
}

fetch::HostGate::Grant StoreHostGate::on_arrival(const std::string& origin, std::chrono::milliseconds delay,
                                                 std::int64_t reserve, std::int64_t reserved_at, Grant grant) {
    if (!grant.granted || reserve == 0) return grant;
    // The reservation counted on the request leaving within kMargin. On a busy node it may not: past
    // the margin, the host's next request (any node's) is pushed to a whole delay after this one; past
    // the whole reservation, other nodes may already be on the host, so the slot goes back and is asked
    // for again.
    const std::int64_t late = services_.clock.now_ms() - reserved_at;
    if (late >= reserve) {
        release(origin, grant.slot);
        return Grant{false, -1, std::chrono::milliseconds(1)};
    }
    if (late > kMargin.count()) defer(origin, delay);
    return grant;
}

void StoreHostGate::release(const std::string& origin, int slot) {
    boost::asio::post(services_.pool, [this, origin, slot] {
        try {
            services_.store.release_host_slot(origin, slot, services_.node);
        } catch (const std::exception& e) {
            log::warn("cannot give a host slot back; it lapses with its lease", {{"HOST", origin}, {"ERROR", e.what()}});
        }
    });
}

void StoreHostGate::defer(const std::string& origin, std::chrono::milliseconds pause) {
    boost::asio::post(services_.pool, [this, origin, pause] {
        try {
            services_.store.defer_host(origin, services_.clock.now_ms() + pause.count());
        } catch (const std::exception& e) {
            log::warn("cannot record a host's pause", {{"HOST", origin}, {"ERROR", e.what()}});
        }
    });
}

}  // namespace gleaner::pipeline
