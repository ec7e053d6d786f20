// What becomes of an article URL whose fetch failed. The fetcher already retried within seconds
// (fetch.retry); what still fails is either given up at once (a page that is not there or may not
// be fetched) or comes back through the frontier later: after fetch.retry.max_delay, doubling each
// time up to a day, kMaxAttempts times in all. So a site that is down for hours loses nothing.
#pragma once

#include "config/config.h"
#include "fetch/fetch_types.h"
#include "state/crawl_store.h"

namespace gleaner::pipeline {

inline constexpr int kMaxFrontierAttempts = 10;

// `attempts`: failed fetches of this URL before this one.
state::UrlOutcome failure_outcome(const fetch::Response& response, int attempts, std::int64_t now_ms,
                                  const config::RetryConfig& retry);

}  // namespace gleaner::pipeline
