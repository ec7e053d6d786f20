// The SQLite backend of the crawl-state store: one file, state_dir/gleaner.db (WAL), one daemon.
// Every method is one transaction on one connection serialised by the Database lock.
//
//   sqlite_store.cpp           nodes, sources, validators, hosts and robots.txt, archive progress,
//                              prune, stats
//   sqlite_store_frontier.cpp  listed URLs in, claims out, outcomes; committing an article
//   sqlite_store_outbox.cpp    deliveries to plugins: claims, acknowledgements, retries, checksums
#pragma once

#include <filesystem>
#include <memory>

#include "state/crawl_store.h"

namespace gleaner::state {

class Database;

class SqliteStore final : public CrawlStore {
public:
    // Opens (creating) state_dir/gleaner.db, migrates its schema and frees every lease.
    explicit SqliteStore(const std::filesystem::path& state_dir);
    ~SqliteStore() override;

    std::string_view backend() const override { return "sqlite"; }
    bool shared() const override { return false; }
    // The connection, for tests and tools that read the file directly.
    Database& database() { return *db_; }

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
    bool delivered(std::string_view canonical_url) override;

    CommitResult commit_article(const NewArticle& article, std::string_view node, std::int64_t now_ms) override;
    std::vector<NearCandidate> near_candidates(const std::vector<std::uint64_t>& bands, std::int64_t since_ms) override;

    HostSlot acquire_host_slot(std::string_view host, std::string_view node, std::int64_t now_ms,
                               std::int64_t delay_ms, int concurrency, std::int64_t lease_until_ms) override;
    void release_host_slot(std::string_view host, int slot, std::string_view node) override;
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

private:
    void quarantine_locked(std::int64_t id, std::string_view payload, std::string_view reason);
    void collect_locked(const std::vector<std::int64_t>& article_ids);

    std::shared_ptr<Database> db_;
    std::filesystem::path quarantine_dir_;
};

}  // namespace gleaner::state
