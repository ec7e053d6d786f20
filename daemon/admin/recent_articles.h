// The newest articles the daemon stored and how many per hour over the last day, for the dashboard:
// a small ring of titles and 24 hourly counts, kept in memory (thread-safe; fed as articles are
// spooled). A restart starts both afresh; the per-source totals that must survive come from the state.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace gleaner::admin {

struct RecentArticle {
    std::string title;
    std::string url;
    std::string source;
    std::int64_t at_ms = 0;
};

struct RecentView {
    std::vector<RecentArticle> newest;            // newest first
    std::array<std::uint64_t, 24> per_hour{};     // the last 24 hours, oldest first; the last is this hour
};

class RecentArticles {
public:
    explicit RecentArticles(std::size_t keep = 20) : keep_(keep) {}

    void record(RecentArticle article);
    RecentView view(std::int64_t now_ms) const;

private:
    static std::int64_t hour_of(std::int64_t ms) { return ms / 3'600'000; }

    const std::size_t keep_;
    mutable std::mutex mutex_;
    std::deque<RecentArticle> newest_;              // front: newest
    std::deque<std::pair<std::int64_t, std::uint64_t>> hours_;  // (hour number, count), oldest first
};

}  // namespace gleaner::admin
