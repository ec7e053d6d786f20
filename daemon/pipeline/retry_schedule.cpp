#include "pipeline/retry_schedule.h"

#include <algorithm>

namespace gleaner::pipeline {
namespace {

bool temporary(const fetch::Response& r) {
    using fetch::FailureKind;
    switch (r.failure) {
    case FailureKind::dns:
    case FailureKind::connect:
    case FailureKind::tls:
    case FailureKind::timeout:
    case FailureKind::http_5xx:
    case FailureKind::other:
        return true;
    case FailureKind::http_4xx:
        return r.http_status == 408 || r.http_status == 425 || r.http_status == 429;
    case FailureKind::robots_disallowed:
        return r.robots == "unavailable";  // robots.txt answered 5xx: ask again later
    default:
        return false;
    }
}

}  // namespace

state::UrlOutcome failure_outcome(const fetch::Response& response, int attempts, std::int64_t now_ms,
                                  const config::RetryConfig& retry) {
    state::UrlOutcome outcome;
    outcome.error = response.error;
    outcome.http_status = response.http_status;
    if (!temporary(response) || attempts + 1 >= kMaxFrontierAttempts) {
        outcome.kind = state::UrlOutcome::Kind::failed;
        return outcome;
    }
    constexpr std::int64_t kDay = 24LL * 3600 * 1000;
    const std::int64_t base = std::max<std::int64_t>(1000, retry.max_delay.count());
    const int doublings = std::min(attempts, 20);
    outcome.kind = state::UrlOutcome::Kind::retry;
    outcome.retry_at_ms = now_ms + std::min(kDay, base << doublings);
    return outcome;
}

}  // namespace gleaner::pipeline
