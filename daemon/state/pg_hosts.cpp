// The PostgreSQL crawl store's politeness across nodes: request slots and the next allowed request
// time per host, and the robots.txt cache.
//
// Acquiring slots locks the hosts' rows (in host order, so batches sharing hosts cannot deadlock),
// reads the live slots after the lock — a new statement sees what the previous lock holder
// committed — decides here which requests are granted, and writes the slots and next allowed times
// back: one transaction of a few set-wide statements however many hosts a batch names.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "state/pg_json.h"
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

// $1 JSON [host], sorted.
constexpr Statement kAddHosts{"host_add", R"SQL(
    INSERT INTO hosts (host) SELECT h FROM json_array_elements_text($1::json) AS h ORDER BY h
    ON CONFLICT (host) DO NOTHING)SQL"};

constexpr Statement kLockHosts{"host_lock", R"SQL(
    SELECT host, next_allowed_ms FROM hosts
    WHERE host = ANY(ARRAY(SELECT json_array_elements_text($1::json)))
    ORDER BY host FOR UPDATE)SQL"};

// $1 JSON [host], $2 now.
constexpr Statement kLiveSlots{"host_live_slots", R"SQL(
    SELECT host, slot, lease_until_ms FROM host_slots
    WHERE host = ANY(ARRAY(SELECT json_array_elements_text($1::json))) AND lease_until_ms > $2)SQL"};

// $1 JSON [{host, slot}] granted, $2 node, $3 lease until, $4 JSON [{host, next}] next allowed times.
constexpr Statement kGrant{"host_grant", R"SQL(
    WITH granted AS (
        INSERT INTO host_slots AS s (host, slot, node, lease_until_ms)
        SELECT g.host, g.slot, $2, $3 FROM json_to_recordset($1::json) AS g(host text, slot integer)
        ORDER BY g.host, g.slot
        ON CONFLICT (host, slot) DO UPDATE SET node = EXCLUDED.node, lease_until_ms = EXCLUDED.lease_until_ms
    ), later AS (
        SELECT * FROM json_to_recordset($4::json) AS n(host text, next bigint)
    )
    UPDATE hosts h SET next_allowed_ms = later.next FROM later
    WHERE h.host = later.host AND h.host = ANY(ARRAY(SELECT host FROM later)))SQL"};

// $1 JSON [{host, slot}], $2 node. Another node's slot is not given back in this one's name.
constexpr Statement kReleaseSlots{"host_release_slots", R"SQL(
    WITH released AS (
        SELECT * FROM json_to_recordset($1::json) AS r(host text, slot integer)
    )
    DELETE FROM host_slots h USING released r
    WHERE h.host = r.host AND h.slot = r.slot AND h.node = $2
      AND h.host = ANY(ARRAY(SELECT host FROM released)))SQL"};

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

// A host as the locked row and its live slots say, updated request by request.
struct HostState {
    std::int64_t next_allowed_ms = 0;
    std::map<int, std::int64_t> live;  // slot → lease until
    bool changed = false;
};

std::string dump(const nlohmann::json& json) {
    return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

HostSlot PgStore::acquire_host_slot(std::string_view host, std::string_view node, std::int64_t now_ms,
                                    std::int64_t delay_ms, int concurrency, std::int64_t lease_until_ms) {
    return acquire_host_slots({{std::string(host), delay_ms, concurrency}}, node, now_ms, lease_until_ms).front();
}

std::vector<HostSlot> PgStore::acquire_host_slots(const std::vector<HostSlotRequest>& requests, std::string_view node,
                                                  std::int64_t now_ms, std::int64_t lease_until_ms) {
    if (requests.empty()) return {};
    std::vector<std::string> names;
    for (const auto& r : requests) names.push_back(r.host);
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    const std::string hosts = pg::json_strings(names);

    return pool_.transaction([&](Connection& c) {
        c.run(kAddHosts, Params().text(hosts));
        std::map<std::string, HostState, std::less<>> state;
        auto locked = c.run(kLockHosts, Params().text(hosts));
        for (int i = 0; i < locked.rows(); ++i) state[locked.text(i, 0)].next_allowed_ms = locked.int64(i, 1);
        auto live = c.run(kLiveSlots, Params().text(hosts).int64(now_ms));
        for (int i = 0; i < live.rows(); ++i)
            state[live.text(i, 0)].live[static_cast<int>(live.int64(i, 1))] = live.int64(i, 2);

        // Each request in turn, as acquire_host_slot would answer it after the ones before it.
        std::vector<HostSlot> out;
        auto granted = nlohmann::json::array();
        for (const auto& r : requests) {
            HostState& h = state[r.host];
            HostSlot slot;
            if (h.next_allowed_ms > now_ms) {
                slot.retry_at_ms = h.next_allowed_ms;
            } else if (static_cast<int>(h.live.size()) >= std::max(r.concurrency, 1)) {
                std::int64_t soonest_free = lease_until_ms;
                for (const auto& [n, until] : h.live) soonest_free = std::min(soonest_free, until);
                slot.retry_at_ms = std::min(soonest_free, now_ms + std::max(r.delay_ms, kBusyHostPollMs));
            } else {
                int free = 0;
                while (h.live.count(free)) ++free;
                h.live[free] = lease_until_ms;
                h.next_allowed_ms = now_ms + r.delay_ms;
                h.changed = true;
                slot.granted = true;
                slot.slot = free;
                granted.push_back({{"host", r.host}, {"slot", free}});
            }
            out.push_back(slot);
        }
        if (!granted.empty()) {
            auto later = nlohmann::json::array();
            for (const auto& [host, h] : state)
                if (h.changed) later.push_back({{"host", host}, {"next", h.next_allowed_ms}});
            c.run(kGrant, Params().text(dump(granted)).text(node).int64(lease_until_ms).text(dump(later)));
        }
        return out;
    });
}

void PgStore::release_host_slot(std::string_view host, int slot, std::string_view node) {
    release_host_slots({{std::string(host), slot}}, node);
}

void PgStore::release_host_slots(const std::vector<HeldHostSlot>& slots, std::string_view node) {
    if (slots.empty()) return;
    auto json = nlohmann::json::array();
    for (const auto& s : slots) json.push_back({{"host", s.host}, {"slot", s.slot}});
    pool_.single([&](Connection& c) { c.run(kReleaseSlots, Params().text(dump(json)).text(node)); });
}

void PgStore::defer_host(std::string_view host, std::int64_t not_before_ms) {
    pool_.single([&](Connection& c) { c.run(kDefer, Params().text(host).int64(not_before_ms)); });
}

std::optional<RobotsRecord> PgStore::robots(std::string_view origin, std::int64_t now_ms) {
    return pool_.single([&](Connection& c) -> std::optional<RobotsRecord> {
        // Binary results: the body comes back as its bytes.
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
