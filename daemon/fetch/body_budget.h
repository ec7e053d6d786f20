// The bytes of response bodies in memory because of the fetcher: those being received, and those
// handed to callers and not yet let go (a Response's body_lease). fetch.max_bytes_in_flight bounds
// them, not only the number of transfers: fifteen-megabyte pages fetched faster than they are
// extracted would otherwise pile up by the gigabyte.
//
// Over the limit, no transfer starts and running ones pause (curl stops reading their sockets),
// except the leader — the running transfer started first — so that one always finishes; when the
// bodies handed out alone fill the budget, the leader waits too, until callers let go. Everything
// runs on the fetcher's thread except a lease's release, which may happen anywhere.
// Internal to daemon/fetch.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>

namespace gleaner::fetch {

class BodyBudget : public std::enable_shared_from_this<BodyBudget> {
public:
    // `on_release` is called (from any thread) when leased bytes come back: paused transfers may go on.
    BodyBudget(std::size_t limit, std::function<void()> on_release)
        : limit_(limit), on_release_(std::move(on_release)) {}

    void set_limit(std::size_t limit) { limit_ = limit; }

    // A transfer starts / stops receiving (its bytes stay charged until discard or hand_over).
    void started(std::uint64_t transfer) { receiving_.insert(transfer); }
    void stopped(std::uint64_t transfer) {
        receiving_.erase(transfer);
        paused_.erase(transfer);
    }

    // May `transfer` take `bytes` more now? If so they are charged to it (`charged` is its count);
    // if not, it is marked paused (see paused()).
    bool take(std::uint64_t transfer, std::size_t bytes, std::size_t& charged);
    // Transfers that were refused bytes and wait, in start order; resumed() when one goes on.
    const std::set<std::uint64_t>& paused() const { return paused_; }
    void resumed(std::uint64_t transfer) { paused_.erase(transfer); }
    // The transfer's body was thrown away (a retry, a redirect, a 304).
    void discard(std::size_t& charged);
    // The body leaves with a Response: counted until the last copy of the lease is gone.
    std::shared_ptr<const void> hand_over(std::size_t& charged);

    // Whether a transfer may start, or a paused one go on (`transfer` 0: one not started yet).
    bool may_receive(std::uint64_t transfer) const;
    std::size_t used() const { return receiving_bytes_ + leased_.load(); }

private:
    std::size_t limit_;
    std::function<void()> on_release_;
    std::set<std::uint64_t> receiving_;   // ids in start order: the first is the leader
    std::set<std::uint64_t> paused_;
    std::size_t receiving_bytes_ = 0;      // charged to transfers still in the fetcher
    std::atomic<std::size_t> leased_{0};  // handed over with Responses
};

}  // namespace gleaner::fetch
