// The PostgreSQL crawl store's article commits: dedup by canonical URL and exact content, the URL
// keys delivered (with aliases), the near-duplicate index, the outbox record with one delivery per
// target plugin, and the frontier URL marked done — one transaction.
//
// Two nodes may commit the same story at once (the same URL after a lease expired, or two URLs of
// one text). The transaction first takes advisory locks on the keys it decides by (the URL, its
// aliases, the fingerprint), in one order, so such commits run one after the other and the second
// sees the first's keys: each statement after the locks reads what committed before it.
#include <nlohmann/json.hpp>

#include "state/payload_checksum.h"
#include "state/pg_json.h"
#include "state/pg_store.h"

namespace gleaner::state {
namespace {

using pg::Connection;
using pg::Params;
using pg::Statement;

// $1 JSON [key]. Sorted in a subquery so every transaction takes the locks in the same order.
constexpr Statement kLockKeys{"article_lock_keys", R"SQL(
    SELECT pg_advisory_xact_lock(k) FROM (
        SELECT DISTINCT hashtextextended(key, 0) AS k FROM json_array_elements_text($1::json) AS key
        ORDER BY k OFFSET 0) AS keys)SQL"};

// $1 JSON [url], $2 source, $3 fingerprint, $4 now.
constexpr Statement kMarkDelivered{"article_mark_delivered", R"SQL(
    INSERT INTO urls (canonical_url, source, fingerprint, delivered_ms, last_seen_ms)
    SELECT u, $2, $3, $4, $4 FROM json_array_elements_text($1::json) AS u ORDER BY u
    ON CONFLICT (canonical_url) DO UPDATE SET last_seen_ms = EXCLUDED.last_seen_ms)SQL"};

// $1 fingerprint, $2 canonical URL: who delivered this content, and what this URL delivered.
constexpr Statement kKnownKeys{"article_known_keys", R"SQL(
    SELECT (SELECT canonical_url FROM fingerprints WHERE fingerprint = $1),
           (SELECT fingerprint FROM urls WHERE canonical_url = $2))SQL"};

constexpr Statement kSeenAgain{"article_seen_again", R"SQL(
    UPDATE urls SET last_seen_ms = $2 WHERE canonical_url = $1)SQL"};

// $1 frontier id (0: none), $2 now.
constexpr Statement kFrontierDone{"article_frontier_done", R"SQL(
    UPDATE frontier SET state = 2, owner = '', updated_ms = $2 WHERE id = $1)SQL"};

// $1 URL, $2 source, $3 fingerprint, $4 now, $5 frontier id. Returns the new article id.
constexpr Statement kAdd{"article_add", R"SQL(
    WITH url AS (
        INSERT INTO urls (canonical_url, source, fingerprint, delivered_ms, last_seen_ms)
        VALUES ($1, $2, $3, $4, $4)
        ON CONFLICT (canonical_url) DO UPDATE SET fingerprint = EXCLUDED.fingerprint,
            delivered_ms = EXCLUDED.delivered_ms, last_seen_ms = EXCLUDED.last_seen_ms
    ), content AS (
        INSERT INTO fingerprints (fingerprint, canonical_url, seen_ms) VALUES ($3, $1, $4)
        ON CONFLICT (fingerprint) DO UPDATE SET seen_ms = EXCLUDED.seen_ms
    ), counted AS (
        INSERT INTO sources AS s (name, articles) VALUES ($2, 1)
        ON CONFLICT (name) DO UPDATE SET articles = s.articles + 1
    ), done AS (
        UPDATE frontier SET state = 2, owner = '', updated_ms = $4 WHERE id = $5
    )
    SELECT nextval('article_ids'))SQL"};

// $1 URL, $2 cluster, $3 signature, $4 now, $5 cluster origin. An updated article's entry replaces
// the one its URL had.
constexpr Statement kIndex{"article_index", R"SQL(
    INSERT INTO near_articles (canonical_url, cluster_id, signature, stored_ms, cluster_origin)
    VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (canonical_url) DO UPDATE SET cluster_id = EXCLUDED.cluster_id,
        signature = EXCLUDED.signature, stored_ms = EXCLUDED.stored_ms,
        cluster_origin = EXCLUDED.cluster_origin)SQL"};
constexpr Statement kUnband{"article_unband", R"SQL(
    DELETE FROM near_bands WHERE canonical_url = $1)SQL"};
constexpr Statement kBand{"article_band", R"SQL(
    INSERT INTO near_bands (band, canonical_url)
    SELECT DISTINCT b::bigint, $1 FROM json_array_elements_text($2::json) AS b)SQL"};

// $1 id, $2 URL, $3 payload, $4 CRC-32, $5 bytes, $6 now, $7 JSON [{plugin, terms}].
constexpr Statement kOutbox{"article_outbox", R"SQL(
    WITH record AS (
        INSERT INTO outbox (id, canonical_url, payload, crc32, bytes, created_ms)
        VALUES ($1, $2, $3, $4, $5, $6)
    )
    INSERT INTO deliveries (plugin, article_id, matched_terms)
    SELECT t.plugin, $1, coalesce(t.terms, '')
    FROM json_to_recordset($7::json) AS t(plugin text, terms text)
    ON CONFLICT DO NOTHING)SQL"};

// $1 JSON [band], $2 since.
constexpr Statement kNearCandidates{"article_near_candidates", R"SQL(
    SELECT a.canonical_url, a.cluster_id, a.signature, a.stored_ms, a.cluster_origin
    FROM near_articles a
    WHERE a.stored_ms >= $2 AND a.canonical_url IN (
        SELECT b.canonical_url FROM near_bands b
        WHERE b.band = ANY(ARRAY(SELECT json_array_elements_text($1::json)::bigint)))
    ORDER BY a.stored_ms, a.canonical_url)SQL"};

std::string targets_json(const std::vector<NewArticle::Target>& targets) {
    auto rows = nlohmann::json::array();
    for (const auto& t : targets) rows.push_back({{"plugin", t.plugin}, {"terms", t.matched_terms}});
    return rows.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::int64_t> as_int64(const std::vector<std::uint64_t>& bands) {
    // Band keys are 64-bit patterns; bigint holds them bit for bit.
    std::vector<std::int64_t> out;
    out.reserve(bands.size());
    for (auto b : bands) out.push_back(static_cast<std::int64_t>(b));
    return out;
}

}  // namespace

CommitResult PgStore::commit_article(const NewArticle& a, std::string_view, std::int64_t now_ms) {
    std::vector<std::string> aliases;
    for (const auto& alias : a.aliases)
        if (!alias.empty() && alias != a.canonical_url) aliases.push_back(alias);
    std::vector<std::string> lock_keys{"url:" + a.canonical_url, "content:" + a.fingerprint};
    for (const auto& alias : aliases) lock_keys.push_back("url:" + alias);

    return pool_.transaction([&](Connection& c) {
        c.run(kLockKeys, Params().text(pg::json_strings(lock_keys)));
        auto mark_delivered = [&](const std::vector<std::string>& urls) {
            c.run(kMarkDelivered,
                  Params().text(pg::json_strings(urls)).text(a.source).text(a.fingerprint).int64(now_ms));
        };
        if (!aliases.empty()) mark_delivered(aliases);

        CommitResult result;
        auto known = c.run(kKnownKeys, Params().text(a.fingerprint).text(a.canonical_url));
        if (!known.is_null(0, 0) && known.text(0, 0) != a.canonical_url) {
            // The same text came under another URL; this URL will not be fetched again either.
            mark_delivered({a.canonical_url});
            c.run(kFrontierDone, Params().int64(a.frontier_id).int64(now_ms));
            result.outcome = AddOutcome::duplicate_content;
            result.existing_url = known.text(0, 0);
            return result;
        }
        if (!known.is_null(0, 1) && (!a.allow_update || known.text(0, 1) == a.fingerprint)) {
            c.run(kSeenAgain, Params().text(a.canonical_url).int64(now_ms));
            c.run(kFrontierDone, Params().int64(a.frontier_id).int64(now_ms));
            result.outcome = AddOutcome::duplicate_url;
            result.existing_url = a.canonical_url;
            return result;
        }

        const std::int64_t id = c.run(kAdd, Params()
                                                .text(a.canonical_url)
                                                .text(a.source)
                                                .text(a.fingerprint)
                                                .int64(now_ms)
                                                .int64(a.frontier_id))
                                    .int64(0, 0);
        if (!a.near.bands.empty() || !a.near.signature.empty()) {
            c.run(kIndex, Params()
                              .text(a.canonical_url)
                              .text(a.cluster_id)
                              .bytes(a.near.signature)
                              .int64(now_ms)
                              .text(a.cluster_origin));
            c.run(kUnband, Params().text(a.canonical_url));
            c.run(kBand, Params().text(a.canonical_url).text(pg::json_int64s(as_int64(a.near.bands))));
        }
        if (!a.targets.empty()) {
            c.run(kOutbox, Params()
                               .int64(id)
                               .text(a.canonical_url)
                               .bytes(a.payload)
                               .int64(payload_crc32(a.payload))
                               .int64(static_cast<std::int64_t>(a.payload.size()))
                               .int64(now_ms)
                               .text(targets_json(a.targets)));
            result.article_id = id;
        }
        result.outcome = AddOutcome::added;
        return result;
    });
}

std::vector<NearCandidate> PgStore::near_candidates(const std::vector<std::uint64_t>& bands, std::int64_t since_ms) {
    if (bands.empty()) return {};
    return pool_.single([&](Connection& c) {
        // Binary results: the signature comes back as its bytes.
        auto r = c.run(kNearCandidates, Params().text(pg::json_int64s(as_int64(bands))).int64(since_ms), true);
        std::vector<NearCandidate> out;
        for (int i = 0; i < r.rows(); ++i)
            out.push_back({std::string(r.bytes(i, 0)), std::string(r.bytes(i, 1)), std::string(r.bytes(i, 4)),
                           std::string(r.bytes(i, 2)), r.binary_int64(i, 3)});
        return out;
    });
}

}  // namespace gleaner::state
