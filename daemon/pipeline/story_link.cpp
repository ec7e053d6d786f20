#include "pipeline/story_link.h"

#include <algorithm>

#include "pipeline/fingerprint.h"
#include "stories/story_match.h"

namespace gleaner::pipeline {

StoryLink link_story(state::CrawlStore& store, const std::string& canonical_url, std::string_view text,
                     std::int64_t now_ms, const config::DedupConfig& dedup) {
    StoryLink link;
    link.cluster_id = article_id(canonical_url);
    link.cluster_origin = canonical_url;
    auto fingerprint = stories::story_fingerprint(text);
    if (!fingerprint) return link;
    link.near = {std::move(fingerprint->keys), std::move(fingerprint->signature)};

    auto candidates = store.near_candidates(link.near.bands, now_ms - dedup.window.count());
    // An updated article is compared with the others, not with its own earlier version.
    std::erase_if(candidates, [&](const state::NearCandidate& c) { return c.canonical_url == canonical_url; });
    const auto match = stories::closest_story(link.near.signature, candidates, dedup.near_threshold);
    if (!match) return link;
    const auto& story = candidates[*match];
    // Entries written before clusters named their origin stand for themselves.
    link.cluster_origin = story.cluster_origin.empty() ? story.canonical_url : story.cluster_origin;
    link.cluster_id = story.cluster_id.empty() ? article_id(link.cluster_origin) : story.cluster_id;
    if (link.cluster_origin != canonical_url) link.duplicate_of = link.cluster_origin;
    return link;
}

}  // namespace gleaner::pipeline
