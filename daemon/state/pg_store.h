// The PostgreSQL crawl store: CrawlStore (crawl_store.h) on libpq, shared by any number of nodes.
// Every method is one transaction on a pooled connection, with statements prepared per connection.
// The methods are defined by concern:
//   pg_store.cpp     opening, nodes, sources, validators, archive progress, leases, maintenance, figures
//   pg_frontier.cpp  the URL frontier (listing, claiming, finishing URLs)
//   pg_articles.cpp  committing articles: dedup keys, the near-duplicate index, the outbox record
//   pg_hosts.cpp     politeness across nodes (host slots, next allowed time) and the robots.txt cache
//   pg_outbox.cpp    deliveries to plugins, payload checksums and quarantine
// How claims scale (host-ordered claiming, SKIP LOCKED, partial indexes): docs/scaling.md.
#pragma once

#include <filesystem>
#include <string>

#include "state/crawl_store.h"
#include "state/pg_pool.h"

namespace gleaner::state {

class PgStore final : public CrawlStore {
public:
    static constexpr const char* kDefaultSchema = "gleaner";

    // Connects, creates or migrates the store's tables in `schema` (several crawls can share one
    // database in schemas of their own), and keeps up to `max_connections` connections for the
    // threads calling it. Corrupt outbox records are quarantined under quarantine_dir.
    PgStore(const std::string& conninfo, std::filesystem::path quarantine_dir,
            const std::string& schema = kDefaultSchema, std::size_t max_connections = 16);

    std::string_view backend() const override { return "postgres"; }
    bool shared() const override { return true; }

    void heartbeat(const NodeRecord& node) override;
    std::vector<NodeRecord> nodes(std::int64_t alive_since_ms) override;
    void release_leases(std::string_view node) override;
    void renew_leases(std::string_view node, std::int64_t lease_until_ms) override;

    std::optional<SourceRecord> source(std::string_view name) override;
    bool claim_pass(std::string_view source, std::string_view node, std::int64_t now_ms,
                    std::int64_t lease_until_ms) override;
    void finish_pass(std::string_view source, std::string_view node, const PassOutcome& outcome) override;
    void reschedule_source(std::string_view source, std::int64_t due_ms) override;

    std::optional<std::pair<std::string, std::string>> validators(std::string_view url) override;
    void save_validators(std::string_view url, std::string_view etag, std::string_view last_modified,
                         std::int64_t now_ms) override;

    AddUrlsResult add_urls(std::string_view source, const std::vector<ListedUrl>& urls,
                           const AddUrlsOptions& options) override;
    std::vector<ClaimedUrl> claim_urls(std::string_view node, std::int64_t now_ms, std::int64_t lease_until_ms,
                                       std::size_t limit, std::size_t per_host) override;
    std::optional<std::int64_t> next_url_due(std::int64_t now_ms) override;
    void finish_url(std::int64_t id, std::string_view node, const UrlOutcome& outcome, std::int64_t now_ms) override;
    void finish_urls(std::string_view node, const std::vector<FinishedUrl>& urls, std::int64_t now_ms) override;
    bool delivered(std::string_view canonical_url) override;

    CommitResult commit_article(const NewArticle& article, std::string_view node, std::int64_t now_ms) override;
    std::vector<NearCandidate> near_candidates(const std::vector<std::uint64_t>& bands,
                                               std::int64_t since_ms) override;

    HostSlot acquire_host_slot(std::string_view host, std::string_view node, std::int64_t now_ms,
                               std::int64_t delay_ms, int concurrency, std::int64_t lease_until_ms) override;
    void release_host_slot(std::string_view host, int slot, std::string_view node) override;
    std::vector<HostSlot> acquire_host_slots(const std::vector<HostSlotRequest>& requests, std::string_view node,
                                             std::int64_t now_ms, std::int64_t lease_until_ms) override;
    void release_host_slots(const std::vector<HeldHostSlot>& slots, std::string_view node) override;
    void defer_host(std::string_view host, std::int64_t not_before_ms) override;
    std::optional<RobotsRecord> robots(std::string_view origin, std::int64_t now_ms) override;
    void save_robots(std::string_view origin, const RobotsRecord& record) override;

    std::vector<Delivery> claim_deliveries(std::string_view plugin, std::string_view node, std::int64_t now_ms,
                                           std::int64_t lease_until_ms, std::size_t limit) override;
    void begin_attempts(std::string_view plugin, const std::vector<std::int64_t>& article_ids) override;
    std::optional<std::string> payload(std::int64_t article_id) override;
    void acknowledge(std::string_view plugin, const std::vector<std::int64_t>& article_ids) override;
    void retry_delivery(std::string_view plugin, std::int64_t article_id, std::int64_t next_attempt_ms,
                        std::string_view error) override;
    std::optional<std::int64_t> next_delivery_due(std::string_view plugin, std::int64_t now_ms) override;
    std::int64_t pending(std::string_view plugin) override;
    std::int64_t verify_outbox() override;
    std::int64_t drop_plugins_except(const std::set<std::string>& plugins) override;
    OutboxStats outbox_stats() override;

    void requeue(std::string_view plugin, const std::vector<std::pair<std::string, std::string>>& articles,
                 std::int64_t now_ms) override;
    std::int64_t forget(std::string_view source) override;
    std::optional<ArchiveProgress> archive_progress(std::string_view source, std::string_view file) override;
    void save_archive_progress(std::string_view source, std::string_view file, const ArchiveProgress& progress,
                               std::int64_t now_ms) override;

    std::int64_t prune(std::int64_t cutoff_ms) override;
    StoreStats stats(std::string_view node, std::int64_t now_ms, std::int64_t alive_since_ms) override;

    // Brings the claim turns of the hosts in `turns` (JSON [{host, due}]) forward (pg_frontier.cpp).
    static void hosts_turn_forward(pg::Connection& conn, const std::string& turns);

private:
    // Writes a corrupt outbox record to quarantine_dir and deletes it (with its deliveries).
    void quarantine(pg::Connection& conn, std::int64_t id, std::string_view payload, std::string_view reason);

    pg::Pool pool_;
    std::filesystem::path quarantine_dir_;
};

}  // namespace gleaner::state
