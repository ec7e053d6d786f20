// The PostgreSQL crawl store's URL frontier: listing URLs (ON CONFLICT DO NOTHING), claiming them
// host by host (FOR UPDATE SKIP LOCKED), and finishing them.
//
// Claims go through frontier_hosts, one row per host with queued or claimed URLs, holding when the
// host's turn comes: no later than its earliest due URL, and for a host just visited, not before
// that visit — so hosts take turns, and nodes spread over hosts instead of piling onto the one with
// the oldest backlog. A claim locks the hosts whose turn is oldest (SKIP LOCKED: claimers on other
// nodes take other hosts), takes due URLs of each until the node holds per_host of that host, and
// writes each host's next turn, all in one transaction. Every write that makes a URL due earlier
// (listing, requeue, retry, return, release) brings its host's turn forward in the same
// transaction, under that row's lock, so no due URL waits behind a later turn; a turn that is
// too early costs one visit to the host.
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

// The CTEs every statement that makes URLs due earlier ends with: `turns`, each changed host's
// earliest new due time (from the CTE `changed` of host, due_ms rows), and `new_hosts`, the hosts
// that had no turn row yet, inserted in host order (concurrent writers wait on each other's new
// rows in one order). The statement returns `turns` as JSON for PgStore::hosts_turn_forward, which
// brings the existing hosts' turns forward in a second statement (see there why a second).
#define HOST_TURNS(changed)                                                                          \
    "turns AS (SELECT host, min(due_ms) AS due FROM " changed " GROUP BY host), "                    \
    "new_hosts AS (INSERT INTO frontier_hosts (host, next_due_ms) SELECT host, due FROM turns "      \
    "ORDER BY host ON CONFLICT (host) DO NOTHING)"
#define TURNS_JSON "(SELECT coalesce(json_agg(json_build_object('host', host, 'due', due)), '[]') FROM turns)"

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
    ), )SQL" HOST_TURNS("added") R"SQL(
    SELECT (SELECT count(*) FROM added), )SQL" TURNS_JSON};

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
        WHERE key = ANY(ARRAY(SELECT json_array_elements_text($2::json))) AND state >= 2
        RETURNING host, due_ms
    ), )SQL" HOST_TURNS("requeued") R"SQL(
    SELECT (SELECT count(*) FROM requeued), )SQL" TURNS_JSON};

// $1 now, $2 how many, $3 JSON [host] already taken by this claim, $4 node, $5 per host. Hosts of
// which the node holds per_host URLs already are passed over.
constexpr Statement kClaimHosts{"frontier_claim_hosts", R"SQL(
    SELECT fh.host FROM frontier_hosts fh
    WHERE fh.next_due_ms <= $1 AND fh.host <> ALL(ARRAY(SELECT json_array_elements_text($3::json)))
      AND (SELECT count(*) FROM frontier f WHERE f.state = 1 AND f.owner = $4 AND f.host = fh.host) < $5
    ORDER BY fh.next_due_ms LIMIT $2
    FOR UPDATE SKIP LOCKED)SQL"};

// $1 JSON [host] (locked by kClaimHosts in this transaction), $2 now, $3 node, $4 lease until,
// $5 per host, $6 limit. A claimed URL's due_ms becomes its lease expiry. Each host's next turn is
// its earliest due_ms left — for a host served now, not before now: it goes behind the hosts still
// waiting; one left out (the batch was full) keeps its place. This statement's snapshot was taken
// after the host rows were locked, so every URL listed for them since is in it or brings the turn
// forward itself.
constexpr Statement kClaimUrls{"frontier_claim_urls", R"SQL(
    WITH taken AS (
        SELECT json_array_elements_text($1::json) AS host
    ), held AS (
        SELECT f.host, count(*) AS n FROM frontier f
        WHERE f.state = 1 AND f.owner = $3 AND f.host = ANY(ARRAY(SELECT host FROM taken))
        GROUP BY f.host
    ), picked AS (
        SELECT c.id, c.due_ms FROM taken t
        LEFT JOIN held h ON h.host = t.host
        CROSS JOIN LATERAL (
            SELECT f.id, f.due_ms FROM frontier f
            WHERE f.host = t.host AND f.state < 2 AND f.due_ms <= $2
            ORDER BY f.due_ms, f.id LIMIT GREATEST($5 - coalesce(h.n, 0), 0)
            FOR UPDATE SKIP LOCKED) c
        ORDER BY c.due_ms, c.id LIMIT $6
    ), claimed AS (
        UPDATE frontier f SET state = 1, owner = $3, due_ms = $4, updated_ms = $2
        FROM picked p WHERE f.id = p.id
        RETURNING f.id, f.url, f.key, f.source, f.host, f.hint_title, f.hint_author, f.hint_published,
                  f.attempts, f.refetch, p.due_ms AS was_due
    ), turns AS (
        UPDATE frontier_hosts fh SET next_due_ms = (
            SELECT CASE WHEN bool_or(served) THEN GREATEST(min(d), $2) ELSE min(d) END FROM (
                SELECT min(f.due_ms) AS d, false AS served FROM frontier f
                WHERE f.host = fh.host AND f.state < 2 AND f.id NOT IN (SELECT id FROM picked)
                UNION ALL
                SELECT $4::bigint, true FROM claimed c WHERE c.host = fh.host) AS remaining)
        WHERE fh.host = ANY(ARRAY(SELECT host FROM taken))
    )
    SELECT id, url, key, source, host, hint_title, hint_author, hint_published, attempts, refetch, was_due
    FROM claimed)SQL"};

// The next time a URL becomes claimable: a queued URL's due time, or a claim's lease expiry (a
// dead node's URLs come back then). Host by host along frontier_host_due: an index on due_ms alone
// would cost every listing, claim and finish one more index entry for this call an idle node makes.
constexpr Statement kNextDue{"frontier_next_due", R"SQL(
    SELECT min(next.due_ms) FROM frontier_hosts fh CROSS JOIN LATERAL (
        SELECT f.due_ms FROM frontier f
        WHERE f.host = fh.host AND f.state < 2 AND f.due_ms > $1
        ORDER BY f.due_ms LIMIT 1) AS next
    WHERE fh.next_due_ms IS NOT NULL)SQL"};

// $1 node, $2 JSON [{id, state, due, added, error, status}], $3 now. Only the lease holder
// finishes a URL: one whose lease another node took over is that node's.
constexpr Statement kFinish{"frontier_finish", R"SQL(
    WITH finished AS (
        UPDATE frontier f SET state = o.state, due_ms = o.due, attempts = f.attempts + o.added, owner = '',
            last_error = coalesce(o.error, ''), http_status = o.status, updated_ms = $3
        FROM json_to_recordset($2::json)
             AS o(id bigint, state smallint, due bigint, added integer, error text, status integer)
        WHERE f.id = o.id AND f.state = 1 AND f.owner = $1
        RETURNING f.host, f.due_ms, f.state
    ), requeued AS (
        SELECT host, due_ms FROM finished WHERE state = 0
    ), )SQL" HOST_TURNS("requeued") R"SQL(
    SELECT )SQL" TURNS_JSON};

constexpr Statement kDelivered{"urls_delivered", R"SQL(
    SELECT 1 FROM urls WHERE canonical_url = $1)SQL"};

#undef HOST_TURNS
#undef TURNS_JSON

// $1 JSON [{host, due}] (HOST_TURNS): brings the hosts' turns forward to `due` where it is later.
// A separate statement from the change itself, so that its snapshot sees every host row the first
// one found (a conflicting row inserted by a concurrent writer is committed by then). The rows are
// locked FOR KEY SHARE: writers do not wait for each other (only those moving the same turn do),
// but a claim cannot take such a host before this transaction's URLs are committed and visible
// to it — nor could one that took it first (this statement waited for it) have moved the turn past
// them: the UPDATE reads the turn the claim left.
constexpr Statement kTurnForward{"frontier_turn_forward", R"SQL(
    WITH turns AS (
        SELECT host, due FROM json_to_recordset($1::json) AS t(host text, due bigint)
    ), locked AS MATERIALIZED (
        SELECT fh.host FROM frontier_hosts fh WHERE fh.host = ANY(ARRAY(SELECT host FROM turns))
        ORDER BY fh.host FOR KEY SHARE
    )
    UPDATE frontier_hosts fh SET next_due_ms = t.due FROM turns t
    WHERE fh.host = t.host AND fh.host IN (SELECT host FROM locked)
      AND (fh.next_due_ms IS NULL OR fh.next_due_ms > t.due))SQL"};

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
    PgStore::hosts_turn_forward(c, r.text(0, 1));
    return static_cast<std::size_t>(r.int64(0, 0));
}

}  // namespace

void PgStore::hosts_turn_forward(Connection& c, const std::string& turns) {
    if (turns != "[]") c.run(kTurnForward, Params().text(turns));
}

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
        if (!requeue.empty()) {
            auto r = c.run(kRequeue, Params().text(source).text(pg::json_strings(requeue)).int64(options.now_ms));
            requeued = static_cast<std::size_t>(r.int64(0, 0));
            hosts_turn_forward(c, r.text(0, 1));
        }
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
        // A host visited too early, or one the node holds enough of, yields nothing: a few more rounds
        // fill the batch from other hosts.
        for (int round = 0; round < 4 && claimed.size() < limit; ++round) {
            const std::size_t want = limit - claimed.size();
            auto h = c.run(kClaimHosts, Params()
                                            .int64(now_ms)
                                            .int64(static_cast<std::int64_t>(want))
                                            .text(pg::json_strings(visited))
                                            .text(node)
                                            .int64(static_cast<std::int64_t>(per_host)));
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
    finish_urls(node, {{id, outcome}}, now_ms);
}

void PgStore::finish_urls(std::string_view node, const std::vector<FinishedUrl>& urls, std::int64_t now_ms) {
    if (urls.empty()) return;
    auto rows = nlohmann::json::array();
    for (const auto& [id, outcome] : urls) {
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
        rows.push_back({{"id", id},
                        {"state", state},
                        {"due", due},
                        {"added", attempts_added},
                        {"error", outcome.error},
                        {"status", outcome.http_status}});
    }
    const std::string batch = rows.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    pool_.transaction([&](Connection& c) {
        hosts_turn_forward(c, c.run(kFinish, Params().text(node).text(batch).int64(now_ms)).text(0, 0));
    });
}

bool PgStore::delivered(std::string_view canonical_url) {
    return pool_.single([&](Connection& c) { return !c.run(kDelivered, Params().text(canonical_url)).empty(); });
}

}  // namespace gleaner::state
