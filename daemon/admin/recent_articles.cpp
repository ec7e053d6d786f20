// The dashboard's newest articles and hourly counts (see recent_articles.h).
#include "admin/recent_articles.h"

namespace gleaner::admin {

void RecentArticles::record(RecentArticle article) {
    std::lock_guard lock(mutex_);
    const std::int64_t hour = hour_of(article.at_ms);
    if (!hours_.empty() && hours_.back().first == hour) {
        hours_.back().second++;
    } else if (hours_.empty() || hours_.back().first < hour) {
        hours_.emplace_back(hour, 1);
        while (hours_.size() > 24) hours_.pop_front();
    }  // an article from an hour already passed (clock stepped back) adds nothing to the chart
    newest_.push_front(std::move(article));
    if (newest_.size() > keep_) newest_.pop_back();
}

RecentView RecentArticles::view(std::int64_t now_ms) const {
    std::lock_guard lock(mutex_);
    RecentView out;
    out.newest.assign(newest_.begin(), newest_.end());
    const std::int64_t now_hour = hour_of(now_ms);
    for (const auto& [hour, count] : hours_) {
        const std::int64_t age = now_hour - hour;  // 0: this hour
        if (age >= 0 && age < 24) out.per_hour[static_cast<std::size_t>(23 - age)] = count;
    }
    return out;
}

}  // namespace gleaner::admin
