// The PostgreSQL crawl store's politeness across nodes: request slots and the next allowed request
// time per host (the function acquire_host_slot in pg_schema.cpp, one round trip under the host
// row's lock), and the robots.txt cache.
#include <algorithm>

#include "state/pg_store.h"

namespace gleaner::state {
namespace {

using pg::Connection;
using pg::Params;
using pg::Statement;

// When every slot is taken, the caller asks again after the host's delay but at least this long, or
// when the soonest slot lease runs out if that comes first: slots are usually given back long before
// their leases end, and nobody can tell the caller when.
constexpr std::int64_t kBusyHostPollMs = 250;

constexpr Statement kAcquireSlot{"host_acquire_slot", R"SQL(
    SELECT o_granted, o_slot, o_next_allowed, o_soonest_free
    FROM acquire_host_slot($1, $2, $3, $4, $5, $6))SQL"};

constexpr Statement kReleaseSlot{"host_release_slot", R"SQL(
    DELETE FROM host_slots WHERE host = $1 AND slot = $2 AND node = $3)SQL"};

constexpr Statement kDefer{"host_defer", R"SQL(
    INSERT INTO hosts AS h (host, next_allowed_ms) VALUES ($1, $2)
    ON CONFLICT (host) DO UPDATE SET next_allowed_ms = EXCLUDED.next_allowed_ms
    WHERE h.next_allowed_ms < EXCLUDED.next_allowed_ms)SQL"};

constexpr Statement kRobots{"robots_get", R"SQL(
    SELECT status, body, crawl_delay_ms, expires_ms FROM robots WHERE origin = $1 AND expires_ms > $2)SQL"};

constexpr Statement kSaveRobots{"robots_save", R"SQL(
    INSERT INTO robots (origin, status, body, crawl_delay_ms, expires_ms) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (origin) DO UPDATE SET status = EXCLUDED.status, body = EXCLUDED.body,
        crawl_delay_ms = EXCLUDED.crawl_delay_ms, expires_ms = EXCLUDED.expires_ms)SQL"};

}  // namespace

HostSlot PgStore::acquire_host_slot(std::string_view host, std::string_view node, std::int64_t now_ms,
                                    std::int64_t delay_ms, int concurrency, std::int64_t lease_until_ms) {
    return pool_.single([&](Connection& c) {
        auto r = c.run(kAcquireSlot, Params()
                                         .text(host)
                                         .text(node)
                                         .int64(now_ms)
                                         .int64(delay_ms)
                                         .int64(std::max(concurrency, 1))
                                         .int64(lease_until_ms));
        HostSlot slot;
        slot.granted = r.boolean(0, 0);
        const std::int64_t next_allowed = r.int64(0, 2);
        if (slot.granted) {
            slot.slot = static_cast<int>(r.int64(0, 1));
        } else if (next_allowed > now_ms) {
            slot.retry_at_ms = next_allowed;
        } else {
            const std::int64_t soonest_free = r.int64(0, 3);
            slot.retry_at_ms = std::min(soonest_free, now_ms + std::max(delay_ms, kBusyHostPollMs));
        }
        return slot;
    });
}

void PgStore::release_host_slot(std::string_view host, int slot, std::string_view node) {
    pool_.single([&](Connection& c) { c.run(kReleaseSlot, Params().text(host).int64(slot).text(node)); });
}

void PgStore::defer_host(std::string_view host, std::int64_t not_before_ms) {
    pool_.single([&](Connection& c) { c.run(kDefer, Params().text(host).int64(not_before_ms)); });
}

std::optional<RobotsRecord> PgStore::robots(std::string_view origin, std::int64_t now_ms) {
    return pool_.single([&](Connection& c) -> std::optional<RobotsRecord> {
        auto r = c.run(kRobots, Params().text(origin).int64(now_ms), true);
        if (r.empty()) return std::nullopt;
        RobotsRecord record;
        record.status = static_cast<int>(r.binary_int32(0, 0));
        record.body = std::string(r.bytes(0, 1));
        record.crawl_delay_ms = r.binary_int64(0, 2);
        record.expires_ms = r.binary_int64(0, 3);
        return record;
    });
}

void PgStore::save_robots(std::string_view origin, const RobotsRecord& record) {
    pool_.single([&](Connection& c) {
        c.run(kSaveRobots, Params()
                               .text(origin)
                               .int64(record.status)
                               .bytes(record.body)
                               .int64(record.crawl_delay_ms)
                               .int64(record.expires_ms));
    });
}

}  // namespace gleaner::state
