// The durable delivery spool. An article enters it (with one delivery row per plugin that should get
// it) in the same transaction that marks its URL and fingerprint as delivered; a plugin's delivery row
// goes only when the plugin acknowledged the article (or it was dead-lettered); the article goes when
// no delivery row refers to it. Payloads carry a CRC-32: a record that fails it is moved to the
// quarantine folder and reported, never retried in a loop.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "state/payload_checksum.h"

namespace gleaner::state {

class Database;

struct NewArticle {
    std::string canonical_url;
    std::string source;
    std::string fingerprint;
    std::string payload;                          // the article as JSON
    struct Target {
        std::string plugin;
        std::string matched_terms;
    };
    std::vector<Target> targets;                  // plugins whose filters accepted it (may be empty)
    bool allow_update = false;                    // re-deliver a known URL whose content changed
    // Other URLs that led to this story (the requested and final URLs when rel=canonical differs):
    // marked delivered too, so a feed listing them does not make the daemon fetch them again.
    std::vector<std::string> aliases;
};

enum class AddOutcome { added, duplicate_url, duplicate_content };

struct Delivery {
    std::int64_t article_id = 0;
    int attempts = 0;
    std::string matched_terms;
};

struct SpoolStats {
    std::int64_t articles = 0;
    std::int64_t bytes = 0;
    std::int64_t deliveries = 0;
};

class Spool {
public:
    Spool(std::shared_ptr<Database> db, std::filesystem::path quarantine_dir);

    // Deduplicates and spools in one transaction. `duplicate_content`: another URL already delivered
    // this fingerprint; `duplicate_url`: this URL was delivered (with the same content, or updates off).
    AddOutcome add(const NewArticle& article, std::int64_t now_ms, std::int64_t* id_out = nullptr);

    // Deliveries of `plugin` due at `now_ms`, oldest article first.
    std::vector<Delivery> due(std::string_view plugin, std::int64_t now_ms, std::size_t limit);
    // Earliest next_attempt of `plugin`'s deliveries that are not due yet (for the retry timer).
    std::optional<std::int64_t> next_retry(std::string_view plugin, std::int64_t now_ms);
    std::int64_t pending(std::string_view plugin);

    // The payload if its checksum holds; a corrupt record is quarantined and nullopt returned.
    std::optional<std::string> payload(std::int64_t article_id);

    void acknowledge(std::string_view plugin, const std::vector<std::int64_t>& article_ids);
    void reschedule(std::string_view plugin, std::int64_t article_id, int attempts, std::int64_t next_attempt_ms,
                    std::string_view error);

    // Start-up: verify every record's checksum (quarantining bad ones) and drop deliveries for
    // plugins no longer configured. Returns the number of records quarantined.
    std::int64_t verify_all();
    std::int64_t drop_plugins_except(const std::set<std::string>& plugins);
    SpoolStats stats();

private:
    void quarantine_locked(std::int64_t id, std::string_view payload, std::string_view reason);
    void collect_locked(const std::vector<std::int64_t>& article_ids);

    std::shared_ptr<Database> db_;
    std::filesystem::path quarantine_dir_;
};

}  // namespace gleaner::state
