// Which stored story a new article is a copy of: among the candidates the crawl state's index found
// (stored articles sharing one of its band keys within the dedup window), the most similar one at or
// above the threshold; on a tie, the one stored first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "stories/near_duplicate.h"

namespace gleaner::stories {

// `Candidate` has `signature` (a string) and `stored_ms`. Returns the index of the match, or nullopt.
template <typename Candidate>
std::optional<std::size_t> closest_story(std::string_view signature, const std::vector<Candidate>& candidates,
                                         double threshold) {
    std::optional<std::size_t> best;
    double best_similarity = 0;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const double s = similarity(signature, candidates[i].signature);
        if (s < threshold) continue;
        if (!best || s > best_similarity || (s == best_similarity && candidates[i].stored_ms < candidates[*best].stored_ms)) {
            best = i;
            best_similarity = s;
        }
    }
    return best;
}

}  // namespace gleaner::stories
