// The crawl state: everything the pipeline remembers, behind one interface with two backends —
// SQLite in state_dir (sqlite_store.*, the default, one node) and PostgreSQL (pg_store.*, shared by
// any number of nodes). What lives here:
//
//   nodes       each daemon's identity and heartbeat
//   sources     each source's schedule: next pass, last pass, totals, and which node runs a pass
//   frontier    every article URL a listing named: state, due time, attempts, last error, lease
//   hosts       per-host politeness for the cluster: next allowed request time, request slots,
//               crawl delay and the robots.txt cache
//   urls        dedup keys: canonical URLs delivered (and their aliases), content fingerprints,
//               near-duplicate index keys
//   validators  ETag / Last-Modified per document URL for conditional GETs
//   outbox      articles waiting for plugins, one delivery per plugin instance, with leases
//   archives    per archive source and file (warc sources), how far its records have been read
//
// Work is taken with leases, not locks: a node claims due work (a source's pass, frontier URLs,
// host slots, outbox deliveries) until `lease_until`, renews its claims while it works
// (renew_leases), and gives the work up by committing its outcome. A node that dies stops renewing;
// its leases expire and other nodes claim the work. A one-node store (SQLite: one daemon per
// state_dir) gives back every lease when it is opened, since no other process can hold one.
//
// Thread safety: every method may be called from any thread; each call is one transaction. Calls
// block on I/O, so the daemon makes them on its worker pool or plugin threads, never on the event
// loop.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gleaner::state {

class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// ---------------------------------------------------------------------------------------------
// Nodes

struct NodeRecord {
    std::string id;                    // "host:pid" unless node.name says otherwise
    std::int64_t started_ms = 0;
    std::int64_t heartbeat_ms = 0;
};

// ---------------------------------------------------------------------------------------------
// Sources

struct SourceRecord {
    std::int64_t next_due_ms = 0;      // 0: never ran
    std::int64_t last_run_ms = 0;
    std::string last_error;
    std::int64_t articles = 0;         // new articles stored from this source, all time
    std::int64_t passes = 0;
    std::string owner;                 // the node running a pass now ("" when none)
    std::int64_t lease_until_ms = 0;
};

struct PassOutcome {
    std::int64_t next_due_ms = 0;
    std::int64_t finished_ms = 0;
    std::string error;                 // empty when the pass went well
};

// ---------------------------------------------------------------------------------------------
// Frontier

// What a listing said about an article URL, used when the page itself says less.
struct EntryHints {
    std::string title;
    std::string author;
    std::string published_iso;

    bool operator==(const EntryHints&) const = default;
};

// An article URL a listing named.
struct ListedUrl {
    std::string url;                   // as listed (absolute)
    std::string key;                   // canonical form (sources::canonicalize_url): the frontier key
    std::string host;                  // origin (scheme://host:port), for politeness and partitioning
    EntryHints hints;
};

struct AddUrlsOptions {
    std::int64_t now_ms = 0;
    // Page sources: a URL already in the frontier is queued again (fetched conditionally) unless
    // it is queued or claimed now.
    bool requeue = false;
    // At most this many URLs newly added (0: no limit); the rest are ignored (max_articles).
    std::size_t limit = 0;
};

struct AddUrlsResult {
    std::size_t added = 0;             // new frontier rows (or requeued ones)
    std::size_t known = 0;             // already in the frontier, or already delivered under another URL
    std::size_t over_limit = 0;        // not added because of AddUrlsOptions::limit
};

// A frontier URL this node holds until lease_until.
struct ClaimedUrl {
    std::int64_t id = 0;
    std::string url;
    std::string key;
    std::string source;
    std::string host;
    EntryHints hints;
    int attempts = 0;                  // failed fetches so far
    bool refetch = false;              // queued again by a page source: fetch conditionally
};

// How a claimed URL ended without an article being stored.
struct UrlOutcome {
    enum class Kind {
        retry,      // a temporary failure: due again at retry_at_ms, attempts + 1
        failed,     // given up (a permanent failure, or too many attempts)
        done,       // fetched, nothing to store (not modified, no article, a duplicate, skipped)
        returned,   // not attempted (shutdown, max_articles): due again now, attempts unchanged
    };
    Kind kind = Kind::done;
    std::int64_t retry_at_ms = 0;
    std::string error;
    long http_status = 0;
};

struct FinishedUrl {
    std::int64_t id = 0;
    UrlOutcome outcome;
};

// ---------------------------------------------------------------------------------------------
// Articles

// Keys of the near-duplicate index: a few band/chunk keys and an opaque signature per article.
struct NearDuplicateKeys {
    std::vector<std::uint64_t> bands;
    std::string signature;
};

// A stored article similar enough by its index keys to be a candidate (the caller decides).
struct NearCandidate {
    std::string canonical_url;
    std::string cluster_id;
    std::string cluster_origin;        // canonical URL of the cluster's first-stored article
    std::string signature;
    std::int64_t stored_ms = 0;
};

struct NewArticle {
    std::int64_t frontier_id = 0;      // the claimed URL it came from (0: none, e.g. a WARC record)
    std::string canonical_url;
    std::string source;
    std::string fingerprint;           // exact-content fingerprint
    std::string payload;               // the article as JSON
    struct Target {
        std::string plugin;
        std::string matched_terms;
    };
    std::vector<Target> targets;       // plugins whose filters accepted it (may be empty)
    bool allow_update = false;         // re-deliver a known URL whose content changed
    // Other canonical URLs that led to this story (the requested URL when a redirect ended
    // elsewhere): marked delivered too, so a listing naming them is not fetched again.
    std::vector<std::string> aliases;
    NearDuplicateKeys near;            // indexed with the article when not empty
    std::string cluster_id;            // the story cluster it joins (empty: none)
    std::string cluster_origin;        // canonical URL of that cluster's first-stored article
};

enum class AddOutcome { added, duplicate_url, duplicate_content };

struct CommitResult {
    AddOutcome outcome = AddOutcome::added;
    std::int64_t article_id = 0;       // the outbox id when added with targets
    std::string existing_url;          // duplicate_content: the URL that delivered this content
};

// ---------------------------------------------------------------------------------------------
// Hosts

struct HostSlot {
    bool granted = false;
    int slot = -1;                     // which of the host's concurrency slots (release it)
    std::int64_t retry_at_ms = 0;      // not granted: when to ask again
};

struct HostSlotRequest {
    std::string host;
    std::int64_t delay_ms = 0;
    int concurrency = 1;
};

struct HeldHostSlot {
    std::string host;
    int slot = -1;
};

struct RobotsRecord {
    int status = 0;                    // the fetcher's RobotsStatus, as an integer
    std::string body;
    std::int64_t crawl_delay_ms = 0;
    std::int64_t expires_ms = 0;
};

// ---------------------------------------------------------------------------------------------
// Outbox

struct Delivery {
    std::int64_t article_id = 0;
    int attempts = 0;                  // failed attempts recorded (retry_delivery)
    int crashed = 0;                   // begun attempts that ended with no outcome: the process
                                       // died while delivering it (a crashing plugin, a dead node)
    std::string matched_terms;
};

struct OutboxStats {
    std::int64_t articles = 0;
    std::int64_t bytes = 0;
    std::int64_t deliveries = 0;
};

// ---------------------------------------------------------------------------------------------
// Archives (warc sources): how far each file has been read

struct ArchiveProgress {
    std::uint64_t offset = 0;          // where the next record starts (archive::WarcPosition)
    bool seekable = true;              // false: an offset into a whole-file gzip's uncompressed stream
    std::uint64_t file_size = 0;       // the file's size when the offset was saved
    bool finished = false;             // read to its end (at file_size)
    std::int64_t records = 0;          // records read so far

    bool operator==(const ArchiveProgress&) const = default;
};

// ---------------------------------------------------------------------------------------------
// Figures for /status and /metrics

struct StoreStats {
    std::int64_t frontier_queued = 0;   // due now
    std::int64_t frontier_waiting = 0;  // queued for later: a retry's time has not come
    std::int64_t frontier_claimed = 0;  // under a live lease
    std::int64_t frontier_expired = 0;  // claimed, lease expired (taken by the next claim)
    std::int64_t frontier_done = 0;
    std::int64_t frontier_failed = 0;
    std::int64_t leases_held = 0;       // by this node: frontier URLs, passes and deliveries
    std::vector<std::pair<std::string, std::int64_t>> outbox_by_plugin;
    std::int64_t nodes_alive = 0;
};

// ---------------------------------------------------------------------------------------------

class CrawlStore {
public:
    virtual ~CrawlStore() = default;

    virtual std::string_view backend() const = 0;  // "sqlite" | "postgres"
    // True when several nodes may share the store (cluster-wide politeness is then needed).
    virtual bool shared() const = 0;

    // --- nodes
    virtual void heartbeat(const NodeRecord& node) = 0;
    virtual std::vector<NodeRecord> nodes(std::int64_t alive_since_ms) = 0;
    // Gives back every lease `node` holds (clean shutdown; and at start for this node's own id,
    // since a killed process with the same identity cannot still be working).
    virtual void release_leases(std::string_view node) = 0;
    // Extends every lease `node` holds to lease_until_ms.
    virtual void renew_leases(std::string_view node, std::int64_t lease_until_ms) = 0;

    // --- sources
    virtual std::optional<SourceRecord> source(std::string_view name) = 0;
    // Takes the source's pass when it is due (no row, or next_due <= now) and no live lease holds
    // it. One node per interval: the others get false.
    virtual bool claim_pass(std::string_view source, std::string_view node, std::int64_t now_ms,
                            std::int64_t lease_until_ms) = 0;
    // Ends the pass `node` holds: the next due time, the outcome, and the lease given up.
    virtual void finish_pass(std::string_view source, std::string_view node, const PassOutcome& outcome) = 0;
    // Moves a source's next pass (reload changed its interval or URLs): due at `due_ms`.
    virtual void reschedule_source(std::string_view source, std::int64_t due_ms) = 0;

    // --- validators (document URLs: feeds, sitemaps, section pages, fixed pages)
    virtual std::optional<std::pair<std::string, std::string>> validators(std::string_view url) = 0;  // etag, last-modified
    virtual void save_validators(std::string_view url, std::string_view etag, std::string_view last_modified,
                                 std::int64_t now_ms) = 0;

    // --- frontier
    // Inserts the URLs (ON CONFLICT DO NOTHING), skipping those delivered under another URL.
    virtual AddUrlsResult add_urls(std::string_view source, const std::vector<ListedUrl>& urls,
                                   const AddUrlsOptions& options) = 0;
    // Claims up to `limit` due URLs (queued with due <= now, or claimed under an expired lease),
    // oldest due first, so that `node` holds at most `per_host` URLs of one host at once (the URLs
    // it already holds count): a slow or Crawl-delayed host cannot fill a node's hands.
    virtual std::vector<ClaimedUrl> claim_urls(std::string_view node, std::int64_t now_ms,
                                               std::int64_t lease_until_ms, std::size_t limit,
                                               std::size_t per_host) = 0;
    // Earliest due time of a queued URL after now (for the idle timer); nullopt: none queued.
    virtual std::optional<std::int64_t> next_url_due(std::int64_t now_ms) = 0;
    virtual void finish_url(std::int64_t id, std::string_view node, const UrlOutcome& outcome,
                            std::int64_t now_ms) = 0;
    // Batches, for nodes that finish or fetch many URLs a second: the same as the single calls in
    // turn, in one transaction where the backend can (PostgreSQL does: with a commit per URL the
    // database's commit rate, not its capacity, would bound the cluster's crawl rate).
    virtual void finish_urls(std::string_view node, const std::vector<FinishedUrl>& urls, std::int64_t now_ms) {
        for (const auto& u : urls) finish_url(u.id, node, u.outcome, now_ms);
    }
    // True once an article was delivered under this canonical URL (or it is an alias of one).
    virtual bool delivered(std::string_view canonical_url) = 0;

    // --- articles
    // One transaction: dedup (URL and exact content), the URL keys delivered, the near-duplicate
    // keys indexed, the article written to the outbox with one delivery per target, and the
    // frontier URL marked done.
    virtual CommitResult commit_article(const NewArticle& article, std::string_view node, std::int64_t now_ms) = 0;
    // Stored articles sharing any of `bands` stored at or after since_ms.
    virtual std::vector<NearCandidate> near_candidates(const std::vector<std::uint64_t>& bands,
                                                       std::int64_t since_ms) = 0;

    // --- hosts
    // A request slot for `host`: granted when fewer than `concurrency` slots are held and the host's
    // next allowed time has come; then pushes the next allowed time to now + delay_ms. The slot is
    // held until release_host_slot or lease_until_ms.
    virtual HostSlot acquire_host_slot(std::string_view host, std::string_view node, std::int64_t now_ms,
                                       std::int64_t delay_ms, int concurrency, std::int64_t lease_until_ms) = 0;
    virtual void release_host_slot(std::string_view host, int slot, std::string_view node) = 0;
    // Batches of the two above (see finish_urls); a host may be asked for more than once.
    virtual std::vector<HostSlot> acquire_host_slots(const std::vector<HostSlotRequest>& requests,
                                                     std::string_view node, std::int64_t now_ms,
                                                     std::int64_t lease_until_ms) {
        std::vector<HostSlot> out;
        for (const auto& r : requests)
            out.push_back(acquire_host_slot(r.host, node, now_ms, r.delay_ms, r.concurrency, lease_until_ms));
        return out;
    }
    virtual void release_host_slots(const std::vector<HeldHostSlot>& slots, std::string_view node) {
        for (const auto& s : slots) release_host_slot(s.host, s.slot, node);
    }
    // Pushes the host's next allowed time to at least `not_before_ms` (Retry-After, 429/503).
    virtual void defer_host(std::string_view host, std::int64_t not_before_ms) = 0;
    virtual std::optional<RobotsRecord> robots(std::string_view origin, std::int64_t now_ms) = 0;
    virtual void save_robots(std::string_view origin, const RobotsRecord& record) = 0;

    // --- outbox
    // Claims up to `limit` of `plugin`'s due deliveries (next_attempt <= now, no live lease), oldest
    // first.
    virtual std::vector<Delivery> claim_deliveries(std::string_view plugin, std::string_view node,
                                                   std::int64_t now_ms, std::int64_t lease_until_ms,
                                                   std::size_t limit) = 0;
    // Counts an attempt on each article durably, before the plugin sees them: a plugin that crashes
    // the process on an article leaves an attempt with no outcome behind (Delivery::crashed).
    virtual void begin_attempts(std::string_view plugin, const std::vector<std::int64_t>& article_ids) = 0;
    // The payload if its checksum holds; a corrupt record is quarantined and nullopt returned.
    virtual std::optional<std::string> payload(std::int64_t article_id) = 0;
    virtual void acknowledge(std::string_view plugin, const std::vector<std::int64_t>& article_ids) = 0;
    // Records a failed attempt and gives the lease up: due again at next_attempt_ms.
    virtual void retry_delivery(std::string_view plugin, std::int64_t article_id, std::int64_t next_attempt_ms,
                                std::string_view error) = 0;
    // Earliest next_attempt of `plugin`'s deliveries not due yet; nullopt: none waiting.
    virtual std::optional<std::int64_t> next_delivery_due(std::string_view plugin, std::int64_t now_ms) = 0;
    virtual std::int64_t pending(std::string_view plugin) = 0;
    // Start-up: verifies every outbox record's checksum, quarantining bad ones. Returns how many.
    virtual std::int64_t verify_outbox() = 0;
    // Drops deliveries for plugins not in `plugins` (one-node stores only: in a cluster another
    // node may run them). Returns how many were dropped.
    virtual std::int64_t drop_plugins_except(const std::set<std::string>& plugins) = 0;
    virtual OutboxStats outbox_stats() = 0;

    // --- operators
    // Puts articles back in the outbox for one plugin (dead letters replayed), due now, attempts
    // afresh: each (canonical URL, payload JSON) a new outbox record with one delivery. One transaction.
    virtual void requeue(std::string_view plugin, const std::vector<std::pair<std::string, std::string>>& articles,
                         std::int64_t now_ms) = 0;
    // Forgets what a source ingested (every source's when `source` is empty) so that its next pass
    // ingests it again: its delivered URL keys with their content fingerprints and near-duplicate
    // keys, its frontier URLs, how far it read its WARC files (warc sources read them from the
    // start), and every document validator (each document is read in full once); the source is
    // due now. Articles still waiting in the outbox are delivered as before. Returns how many
    // delivered URL keys were forgotten.
    virtual std::int64_t forget(std::string_view source) = 0;

    // --- archives
    // How far `source` has read `file` (an absolute path); nullopt: never begun.
    virtual std::optional<ArchiveProgress> archive_progress(std::string_view source, std::string_view file) = 0;
    // Saved after the records before `offset` were committed: a restart goes on from there, and a
    // record read twice after a crash is caught by the URL dedup.
    virtual void save_archive_progress(std::string_view source, std::string_view file,
                                       const ArchiveProgress& progress, std::int64_t now_ms) = 0;

    // --- maintenance
    // Forgets finished frontier URLs, dedup keys, index keys and validators not seen since cutoff.
    virtual std::int64_t prune(std::int64_t cutoff_ms) = 0;
    virtual StoreStats stats(std::string_view node, std::int64_t now_ms, std::int64_t alive_since_ms) = 0;
};

struct StoreSettings {
    std::string backend = "sqlite";            // sqlite | postgres
    std::filesystem::path state_dir;           // sqlite: gleaner.db here; quarantine/ for both
    std::string conninfo;                      // postgres
};

// Opens (creating and migrating the schema of) the configured backend. Throws StoreError with a
// message naming the database when it cannot be opened, or was written by a newer Gleaner.
std::unique_ptr<CrawlStore> open_store(const StoreSettings& settings);

}  // namespace gleaner::state
