// Which story cluster a new article joins: its near-duplicate fingerprint (daemon/stories) is looked
// up in the crawl state's index among the articles stored within dedup.window, and the closest one at
// or above dedup.near_threshold names the cluster. An article that copies none starts a cluster of its
// own, named by its own article id; its copies on other sites carry that id and name it in
// `duplicate_of`. Exact copies never get this far: the content fingerprint stops them first.
//
// Two nodes storing copies of one story at the same instant may each start a cluster; the next copy
// joins whichever is closest. Clusters are a reader's aid, not a lock.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "config/config.h"
#include "state/crawl_store.h"

namespace gleaner::pipeline {

struct StoryLink {
    state::NearDuplicateKeys near;  // the article's index keys (empty: too short to fingerprint)
    std::string cluster_id;         // the article id of the cluster's first-stored article
    std::string cluster_origin;     // that article's canonical URL
    std::string duplicate_of;       // cluster_origin, or "" when this article is the origin

    bool is_copy() const { return !duplicate_of.empty(); }
};

// `canonical_url` is the new article's identity, `text` its plain text. Throws what the store throws.
StoryLink link_story(state::CrawlStore& store, const std::string& canonical_url, std::string_view text,
                     std::int64_t now_ms, const config::DedupConfig& dedup);

}  // namespace gleaner::pipeline
