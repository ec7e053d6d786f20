// Recently spooled articles, parsed once and shared by all plugin workers, so the common case (every
// plugin keeping up) neither re-reads nor re-parses a payload per plugin. A worker that falls behind
// misses the cache and reads its backlog from the spool on disk.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "plugins/spooled_article.h"

namespace gleaner::plugins {

class ArticleCache {
public:
    explicit ArticleCache(std::size_t capacity) : capacity_(capacity) {}

    void put(std::shared_ptr<const SpooledArticle> article);
    std::shared_ptr<const SpooledArticle> get(std::int64_t spool_id);

private:
    std::size_t capacity_;
    std::mutex mutex_;
    std::unordered_map<std::int64_t, std::shared_ptr<const SpooledArticle>> items_;
    std::deque<std::int64_t> order_;  // insertion order: the oldest is evicted first
};

}  // namespace gleaner::plugins
