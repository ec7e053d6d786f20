#include "pipeline/kinds/listing_entries.h"

#include <algorithm>

namespace gleaner::pipeline {

ListedEntries::ListedEntries(const config::SourceConfig& source, std::size_t limit)
    : source_(source), limit_(std::max<std::size_t>(1, limit)), now_(std::chrono::system_clock::now()) {}

bool ListedEntries::newer(const Kept& a, const Kept& b) {
    const auto ta = a.entry.published.value_or(std::chrono::system_clock::time_point{});
    const auto tb = b.entry.published.value_or(std::chrono::system_clock::time_point{});
    if (ta != tb) return ta > tb;
    return a.order < b.order;
}

void ListedEntries::add(sources::Entry&& entry) {
    if (source_.max_age && entry.published && *entry.published < now_ - *source_.max_age) return;
    Kept kept{std::move(entry), offered_++};
    if (kept_.size() < limit_) {
        kept_.push_back(std::move(kept));
        if (kept_.size() == limit_) std::make_heap(kept_.begin(), kept_.end(), newer);
        return;
    }
    // Full: the heap's top is the oldest kept; the new one replaces it only if newer.
    if (!newer(kept, kept_.front())) return;
    std::pop_heap(kept_.begin(), kept_.end(), newer);
    kept_.back() = std::move(kept);
    std::push_heap(kept_.begin(), kept_.end(), newer);
}

std::vector<state::ListedUrl> ListedEntries::take() {
    std::sort(kept_.begin(), kept_.end(), newer);
    std::vector<state::ListedUrl> out;
    out.reserve(kept_.size());
    for (auto& k : kept_)
        out.push_back({std::move(k.entry.url), {}, {}, {std::move(k.entry.title), std::move(k.entry.author),
                                                         std::move(k.entry.published_iso)}});
    kept_.clear();
    return out;
}

}  // namespace gleaner::pipeline
