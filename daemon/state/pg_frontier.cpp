// The PostgreSQL crawl store's URL frontier: listing URLs (ON CONFLICT DO NOTHING), claiming them
// host by host (FOR UPDATE SKIP LOCKED), and finishing them.
//
// Claims go through frontier_hosts, one row per host with queued or claimed URLs holding a lower
// bound of their due times. A claim locks the most overdue host rows it can (SKIP LOCKED: claimers
// on other nodes take other hosts), takes up to per_host due URLs of each, and writes the exact
// bound back, all in one transaction. Every write that makes a URL due earlier (listing, requeue,
// retry, return, release) lowers its host's bound in the same transaction, under that row's lock,
// so the bound never rises above a due URL; a bound that is too low costs one visit to the host.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "state/pg_json.h"
#include "state/pg_store.h"

namespace gleaner::state {
namespace {

using pg::Connection;
using pg::Params;
using pg::Statement;

// Lowers the claim-order bound of the hosts in `changed` (a CTE of host, due_ms rows), in host order
// so that concurrent writers lock host rows in the same order.
#define LOWER_HOST_BOUNDS(changed)                                                          \
    "INSERT INTO frontier_hosts AS fh (host, next_due_ms) "                                 \
    "SELECT host, min(due_ms) FROM " changed " GROUP BY host ORDER BY host "                \
    "ON CONFLICT (host) DO UPDATE SET next_due_ms = EXCLUDED.next_due_ms "                  \
    "WHERE fh.next_due_ms IS NULL OR fh.next_due_ms > EXCLUDED.next_due_ms"

// $1 source, $2 JSON [{key, url, host, title, author, published}], $3 now. New URLs only: those
// already in the frontier are left alone, and so are those delivered (under this or another URL).
// Inserted in key order, so concurrent listings of the same URLs cannot deadlock.
constexpr Statement kAddNew{"frontier_add", R"SQL(
    WITH added AS (
        INSERT INTO frontier (key, url, source, host, hint_title, hint_author, hint_published, due_ms, updated_ms)
        SELECT l.key, l.url, $1, l.host, coalesce(l.title, ''), coalesce(l.author, ''),
               coalesce(l.published, ''), $3, $3
        FROM json_to_recordset($2::json)
             AS l(key text, url text, host text, title text, author text, published text)
        WHERE NOT EXISTS (SELECT 1 FROM urls u WHERE u.canonical_url = l.key)
        ORDER BY l.key
        ON CONFLICT (key) DO NOTHING
        RETURNING host, due_ms
    ), bounds AS ()SQL" LOWER_HOST_BOUNDS("added") R"SQL()
    SELECT count(*) FROM added)SQL"};

// $1 JSON [key]: what the frontier and the dedup keys know of each (state -1: not in the frontier).
constexpr Statement kKnown{"frontier_known", R"SQL(
    SELECT k.key, coalesce(f.state, -1), u.canonical_url IS NOT NULL
    FROM json_array_elements_text($1::json) AS k(key)
    LEFT JOIN frontier f ON f.key = k.key
    LEFT JOIN urls u ON u.canonical_url = k.key)SQL"};

// $1 source, $2 JSON [key], $3 now: finished URLs queued again, to be fetched conditionally.
constexpr Statement kRequeue{"frontier_requeue", R"SQL(
    WITH requeued AS (
        UPDATE frontier SET state = 0, due_ms = $3, refetch = true, attempts = 0, source = $1, owner = '',
            last_error = '', http_status = 0, updated_ms = $3
        WHERE key IN (SELECT json_array_elements_text($2::json)) AND state >= 2
        RETURNING host, due_ms
    ), bounds AS ()SQL" LOWER_HOST_BOUNDS("requeued") R"SQL()
    SELECT count(*) FROM requeued)SQL"};

// $1 now, $2 how many, $3 JSON [host] already taken by this claim.
constexpr Statement kClaimHosts{"frontier_claim_hosts", R"SQL(
    SELECT host FROM frontier_hosts
    WHERE next_due_ms <= $1 AND host NOT IN (SELECT json_array_elements_text($3::json))
    ORDER BY next_due_ms LIMIT $2
    FOR UPDATE SKIP LOCKED)SQL"};

// $1 JSON [host] (locked by kClaimHosts in this transaction), $2 now, $3 node, $4 lease until,
// $5 per host, $6 limit. A claimed URL's due_ms becomes its lease expiry; each host's bound is set
// to the earliest due_ms it has left (this statement's snapshot was taken after the host rows were
// locked, so every URL listed for them since is in it or will lower the bound itself).
constexpr Statement kClaimUrls{"frontier_claim_urls", R"SQL(
    WITH taken AS (
        SELECT json_array_elements_text($1::json) AS host
    ), picked AS (
        SELECT c.id, c.due_ms FROM taken t CROSS JOIN LATERAL (
            SELECT f.id, f.due_ms FROM frontier f
            WHERE f.host = t.host AND f.state < 2 AND f.due_ms <= $2
            ORDER BY f.due_ms, f.id LIMIT $5
            FOR UPDATE SKIP LOCKED) c
        ORDER BY c.due_ms, c.id LIMIT $6
    ), claimed AS (
        UPDATE frontier f SET state = 1, owner = $3, due_ms = $4, updated_ms = $2
        FROM picked p WHERE f.id = p.id
        RETURNING f.id, f.url, f.key, f.source, f.host, f.hint_title, f.hint_author, f.hint_published,
                  f.attempts, f.refetch, p.due_ms AS was_due
    ), bounds AS (
        UPDATE frontier_hosts fh SET next_due_ms = (
            SELECT min(d) FROM (
                SELECT min(f.due_ms) AS d FROM frontier f
                WHERE f.host = fh.host AND f.state < 2 AND f.id NOT IN (SELECT id FROM picked)
                UNION ALL
                SELECT $4::bigint FROM claimed c WHERE c.host = fh.host) AS remaining)
        FROM taken t WHERE fh.host = t.host
    )
    SELECT id, url, key, source, host, hint_title, hint_author, hint_published, attempts, refetch, was_due
    FROM claimed)SQL"};

constexpr Statement kNextDue{"frontier_next_due", R"SQL(
    SELECT min(due_ms) FROM frontier WHERE state = 0 AND due_ms > $1)SQL"};

// $1 id, $2 node, $3 new state, $4 due, $5 attempts added, $6 error, $7 HTTP status, $8 now.
// Only the lease holder finishes a URL: one whose lease another node took over is that node's.
constexpr Statement kFinish{"frontier_finish", R"SQL(
    WITH finished AS (
        UPDATE frontier SET state = $3, due_ms = $4, attempts = attempts + $5, owner = '', last_error = $6,
            http_status = $7, updated_ms = $8
        WHERE id = $1 AND state = 1 AND owner = $2
        RETURNING host, due_ms, state
    ), requeued AS (
        SELECT host, due_ms FROM finished WHERE state = 0
    ), bounds AS ()SQL" LOWER_HOST_BOUNDS("requeued") R"SQL()
    SELECT 1)SQL"};

constexpr Statement kDelivered{"urls_delivered", R"SQL(
    SELECT 1 FROM urls WHERE canonical_url = $1)SQL"};

#undef LOWER_HOST_BOUNDS

enum State : int { kQueued = 0, kClaimed = 1, kDone = 2, kFailed = 3 };

std::string listed_json(const std::vector<const ListedUrl*>& urls) {
    auto rows = nlohmann::json::array();
    for (const auto* u : urls)
        rows.push_back({{"key", u->key},
                        {"url", u->url},
                        {"host", u->host},
                        {"title", u->hints.title},
                        {"author", u->hints.author},
                        {"published", u->hints.published_iso}});
    // Invalid UTF-8 in a listing's hints cannot reach the server as JSON text: it becomes U+FFFD.
    return rows.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::size_t insert_new(Connection& c, std::string_view source, const std::vector<const ListedUrl*>& urls,
                       std::int64_t now_ms) {
    if (urls.empty()) return 0;
    auto r = c.run(kAddNew, Params().text(source).text(listed_json(urls)).int64(now_ms));
    return static_cast<std::size_t>(r.int64(0, 0));
}

}  // namespace

AddUrlsResult PgStore::add_urls(std::string_view source, const std::vector<ListedUrl>& urls,
                                const AddUrlsOptions& options) {
    if (urls.empty()) return {};
    return pool_.transaction([&](Connection& c) {
        AddUrlsResult result;
        if (!options.requeue && options.limit == 0) {
            // The common case, one statement: every URL is either new or known.
            std::vector<const ListedUrl*> all;
            for (const auto& u : urls) all.push_back(&u);
            result.added = insert_new(c, source, all, options.now_ms);
            result.known = urls.size() - result.added;
            return result;
        }
        // Requeue or a limit: sort the URLs into new, requeued and known first, in listing order.
        struct Known {
            int state;
            bool delivered;
        };
        std::unordered_map<std::string, Known> known;
        {
            std::vector<std::string> keys;
            for (const auto& u : urls) keys.push_back(u.key);
            auto r = c.run(kKnown, Params().text(pg::json_strings(keys)));
            for (int i = 0; i < r.rows(); ++i)
                known[r.text(i, 0)] = {static_cast<int>(r.int64(i, 1)), r.boolean(i, 2)};
        }
        std::vector<const ListedUrl*> fresh;
        std::vector<std::string> requeue;
        std::unordered_set<std::string_view> seen;
        for (const auto& u : urls) {
            const auto& k = known[u.key];
            const bool is_new = k.state < 0 && !k.delivered;
            const bool finished = k.state >= kDone;
            if (!seen.insert(u.key).second || (!is_new && !(options.requeue && finished))) {
                ++result.known;
            } else if (options.limit != 0 && fresh.size() + requeue.size() >= options.limit) {
                ++result.over_limit;
            } else if (is_new) {
                fresh.push_back(&u);
            } else {
                requeue.push_back(u.key);
            }
        }
        const std::size_t inserted = insert_new(c, source, fresh, options.now_ms);
        std::size_t requeued = 0;
        if (!requeue.empty())
            requeued = static_cast<std::size_t>(
                c.run(kRequeue, Params().text(source).text(pg::json_strings(requeue)).int64(options.now_ms))
                    .int64(0, 0));
        // URLs another node listed or finished meanwhile are known after all.
        result.added = inserted + requeued;
        result.known += fresh.size() + requeue.size() - result.added;
        return result;
    });
}

std::vector<ClaimedUrl> PgStore::claim_urls(std::string_view node, std::int64_t now_ms, std::int64_t lease_until_ms,
                                            std::size_t limit, std::size_t per_host) {
    if (limit == 0) return {};
    if (per_host == 0) per_host = limit;
    return pool_.transaction([&](Connection& c) {
        std::vector<std::pair<std::int64_t, ClaimedUrl>> claimed;  // (due before the claim, URL)
        std::vector<std::string> visited;
        // A host whose bound was too low yields nothing: a few more rounds fill the batch from others.
        for (int round = 0; round < 4 && claimed.size() < limit; ++round) {
            const std::size_t want = limit - claimed.size();
            auto h = c.run(kClaimHosts, Params()
                                            .int64(now_ms)
                                            .int64(static_cast<std::int64_t>(want))
                                            .text(pg::json_strings(visited)));
            if (h.empty()) break;
            std::vector<std::string> hosts;
            for (int i = 0; i < h.rows(); ++i) hosts.push_back(h.text(i, 0));
            auto r = c.run(kClaimUrls, Params()
                                           .text(pg::json_strings(hosts))
                                           .int64(now_ms)
                                           .text(node)
                                           .int64(lease_until_ms)
                                           .int64(static_cast<std::int64_t>(per_host))
                                           .int64(static_cast<std::int64_t>(want)));
            for (int i = 0; i < r.rows(); ++i) {
                ClaimedUrl u;
                u.id = r.int64(i, 0);
                u.url = r.text(i, 1);
                u.key = r.text(i, 2);
                u.source = r.text(i, 3);
                u.host = r.text(i, 4);
                u.hints = {r.text(i, 5), r.text(i, 6), r.text(i, 7)};
                u.attempts = static_cast<int>(r.int64(i, 8));
                u.refetch = r.boolean(i, 9);
                claimed.emplace_back(r.int64(i, 10), std::move(u));
            }
            const bool more_hosts_due = hosts.size() == want;
            visited.insert(visited.end(), hosts.begin(), hosts.end());
            if (!more_hosts_due) break;
        }
        std::sort(claimed.begin(), claimed.end(), [](const auto& a, const auto& b) {
            return std::tie(a.first, a.second.id) < std::tie(b.first, b.second.id);
        });
        std::vector<ClaimedUrl> out;
        out.reserve(claimed.size());
        for (auto& [due, u] : claimed) out.push_back(std::move(u));
        return out;
    });
}

std::optional<std::int64_t> PgStore::next_url_due(std::int64_t now_ms) {
    return pool_.single([&](Connection& c) -> std::optional<std::int64_t> {
        auto r = c.run(kNextDue, Params().int64(now_ms));
        if (r.is_null(0, 0)) return std::nullopt;
        return r.int64(0, 0);
    });
}

void PgStore::finish_url(std::int64_t id, std::string_view node, const UrlOutcome& outcome, std::int64_t now_ms) {
    int state = kDone;
    std::int64_t due = now_ms;
    int attempts_added = 0;
    switch (outcome.kind) {
        case UrlOutcome::Kind::retry:
            state = kQueued;
            due = outcome.retry_at_ms;
            attempts_added = 1;
            break;
        case UrlOutcome::Kind::failed:
            state = kFailed;
            attempts_added = 1;
            break;
        case UrlOutcome::Kind::done:
            break;
        case UrlOutcome::Kind::returned:
            state = kQueued;
            break;
    }
    pool_.single([&](Connection& c) {
        c.run(kFinish, Params()
                           .int64(id)
                           .text(node)
                           .int64(state)
                           .int64(due)
                           .int64(attempts_added)
                           .text(outcome.error)
                           .int64(outcome.http_status)
                           .int64(now_ms));
    });
}

bool PgStore::delivered(std::string_view canonical_url) {
    return pool_.single([&](Connection& c) { return !c.run(kDelivered, Params().text(canonical_url)).empty(); });
}

}  // namespace gleaner::state
