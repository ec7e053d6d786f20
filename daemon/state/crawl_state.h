// Crawl state that survives restarts: which URLs were seen and delivered, HTTP validators for
// conditional GET, per-source schedules, failure counts; and pruning of old entries.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace gleaner::state {

class Database;

struct Validators {
    std::string etag;
    std::string last_modified;
};

struct Schedule {
    std::int64_t next_due_ms = 0;
    std::int64_t last_run_ms = 0;
    std::string last_error;
    std::int64_t articles = 0;
};

class CrawlState {
public:
    explicit CrawlState(std::shared_ptr<Database> db) : db_(std::move(db)) {}

    // True once an article at this canonical URL was handed to the spool.
    bool delivered(std::string_view canonical_url);
    void record_failure(std::string_view canonical_url, std::string_view source, std::string_view error,
                        long http_status, std::int64_t now_ms);

    Validators validators(std::string_view url);
    void save_validators(std::string_view url, const Validators& v, std::int64_t now_ms);

    std::optional<Schedule> schedule(std::string_view source);
    void save_schedule(std::string_view source, const Schedule& schedule);

    // Forgets URLs, fingerprints and validators not seen since `cutoff_ms`. Returns rows removed.
    std::int64_t prune(std::int64_t cutoff_ms);

private:
    std::shared_ptr<Database> db_;
};

}  // namespace gleaner::state
