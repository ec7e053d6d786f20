// When to try a failed fetch again: exponential backoff with jitter bounded by config::RetryConfig,
// and the server's own Retry-After (delta-seconds or an HTTP date).
#pragma once

#include <chrono>
#include <ctime>
#include <optional>
#include <string_view>

#include "config/config.h"

namespace gleaner::fetch {

// The wait after `failed_attempts` failures (1 for the first retry): base_delay * 2^(failed_attempts-1),
// capped at max_delay, of which the upper half is scaled by `jitter` in [0, 1] ("equal jitter": never
// less than half the nominal delay, so many clients spread out without hammering early).
std::chrono::milliseconds backoff_delay(const config::RetryConfig& retry, int failed_attempts, double jitter);

// A Retry-After value as a wait from `now`: "120" or "Wed, 21 Oct 2015 07:28:00 GMT" (parsed with
// curl_getdate). A date in the past is a zero wait; anything unparsable is nullopt.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, std::time_t now);

}  // namespace gleaner::fetch
