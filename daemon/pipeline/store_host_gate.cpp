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
    boost::asio::post(services_.pool, [this, alive = std::weak_ptr<int>(alive_), origin, reserve, concurrency,
                                       done = std::move(done)]() mutable {
        Grant grant;
        try {
            const auto now = services_.clock.now_ms();
            const auto slot = services_.store.acquire_host_slot(origin, services_.node, now, reserve, concurrency,
                                                                now + services_.lease.count());
            grant.granted = slot.granted;
            grant.slot = slot.slot;
            grant.retry_after = std::chrono::milliseconds(std::max<std::int64_t>(1, slot.retry_at_ms - now));
        } catch (const std::exception& e) {
            log::error("cannot ask the crawl state for a host slot", {{"HOST", origin}, {"ERROR", e.what()}});
            grant.retry_after = kStoreRetry;
        }
        boost::asio::post(services_.io, [alive, grant, done = std::move(done)] {
            if (!alive.expired()) done(grant);
        });
    });
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
