#include "plugins/article_cache.h"

namespace gleaner::plugins {

void ArticleCache::put(std::shared_ptr<const SpooledArticle> article) {
    std::lock_guard lock(mutex_);
    const auto id = article->spool_id();
    if (!items_.emplace(id, std::move(article)).second) return;
    order_.push_back(id);
    while (order_.size() > capacity_) {
        items_.erase(order_.front());
        order_.pop_front();
    }
}

std::shared_ptr<const SpooledArticle> ArticleCache::get(std::int64_t spool_id) {
    std::lock_guard lock(mutex_);
    auto it = items_.find(spool_id);
    return it == items_.end() ? nullptr : it->second;
}

}  // namespace gleaner::plugins
