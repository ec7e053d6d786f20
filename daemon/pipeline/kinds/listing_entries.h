// Feed and sitemap entries as listed URLs: entries older than the source's max_age dropped, newest
// first (so max_articles keeps the freshest), with the hints the listing gave. Entries arrive one at
// a time from a streaming reader and at most kMaxListedPerDocument are held, the newest: a hostile
// sitemap of a million URLs costs no more memory than one of fifty thousand.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "config/config.h"
#include "sources/entry.h"
#include "state/crawl_store.h"

namespace gleaner::pipeline {

// The sitemaps protocol's own limit on URLs per sitemap file; no honest feed comes near it.
inline constexpr std::size_t kMaxListedPerDocument = 50'000;

class ListedEntries {
public:
    explicit ListedEntries(const config::SourceConfig& source, std::size_t limit = kMaxListedPerDocument);

    // The EntrySink: keeps `entry` if it is young enough and among the `limit` newest so far.
    void add(sources::Entry&& entry);
    // Entries offered that were young enough, kept or not.
    std::size_t offered() const { return offered_; }
    // The kept entries, newest first; undated ones last, in document order.
    std::vector<state::ListedUrl> take();

private:
    struct Kept {
        sources::Entry entry;
        std::uint64_t order;  // position in the document
    };
    static bool newer(const Kept& a, const Kept& b);

    const config::SourceConfig& source_;
    std::size_t limit_;
    std::chrono::system_clock::time_point now_;
    std::size_t offered_ = 0;
    std::vector<Kept> kept_;  // a heap with the oldest on top while full
};

}  // namespace gleaner::pipeline
