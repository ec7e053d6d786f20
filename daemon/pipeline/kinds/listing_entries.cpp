#include "pipeline/kinds/listing_entries.h"

#include <algorithm>
#include <chrono>

namespace gleaner::pipeline {

std::vector<state::ListedUrl> listed_entries(const std::vector<sources::Entry>& entries,
                                             const config::SourceConfig& source) {
    const auto now = std::chrono::system_clock::now();
    std::vector<const sources::Entry*> kept;
    for (const auto& e : entries) {
        if (source.max_age && e.published && *e.published < now - *source.max_age) continue;
        kept.push_back(&e);
    }
    std::stable_sort(kept.begin(), kept.end(), [](const sources::Entry* a, const sources::Entry* b) {
        return a->published.value_or(std::chrono::system_clock::time_point{}) >
               b->published.value_or(std::chrono::system_clock::time_point{});
    });
    std::vector<state::ListedUrl> out;
    out.reserve(kept.size());
    for (const auto* e : kept) out.push_back({e->url, {}, {}, {e->title, e->author, e->published_iso}});
    return out;
}

}  // namespace gleaner::pipeline
