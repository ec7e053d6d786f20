// How the fetcher turns curl results and HTTP status codes into a FailureKind, and which kinds are
// worth another attempt. Internal to daemon/fetch.
#pragma once

#include <curl/curl.h>

#include "fetch/fetch_types.h"

namespace gleaner::fetch {

// The kind for a transfer that ended with `code` (CURLE_OK gives none). CURLE_WRITE_ERROR is
// reported as `other`: the fetcher knows better why its own write callback stopped the transfer.
FailureKind failure_for_curl_code(CURLcode code);

// The kind for a completed HTTP exchange: 2xx and 304 are none, 4xx and 5xx their classes, the
// rest (1xx, other 3xx) `other`.
FailureKind failure_for_http_status(long status);

// Timeouts, connection failures, 5xx and 429 are retried; nothing else is.
bool is_retryable(FailureKind kind, long http_status);

}  // namespace gleaner::fetch
