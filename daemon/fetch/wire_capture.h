// Capturing a transfer's bytes as they cross the wire, through curl's debug callback: CURLINFO_DATA_IN
// is "the unprocessed protocol data received from the peer ... not provided decoded nor decompressed"
// (CURLOPT_DEBUGFUNCTION(3)), so the archive keeps chunk framing and content-encoding while the
// fetcher's write callback still gets the decoded body. Internal to daemon/fetch.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "fetch/exchange.h"

namespace gleaner::fetch {

struct WireCapture {
    std::chrono::system_clock::time_point started;
    std::string request_head;
    std::string response_head;
    std::string response_body;
    bool head_complete = false;  // the response head's blank line has arrived
    std::size_t body_cap = 0;    // raw body bytes kept at most
    bool body_capped = false;
};

// Turns on capturing for the next transfer on `easy` (CURLOPT_VERBOSE with our debug function,
// which replaces curl's printing). Keeps at most `body_cap` raw body bytes.
void start_capture(CURL* easy, WireCapture& capture, std::size_t body_cap);

// The exchange the finished transfer on `easy` made (its last hop when curl followed redirects
// itself), or nothing when no complete response head arrived.
std::optional<Exchange> finish_capture(CURL* easy, WireCapture& capture, CURLcode code, bool stopped_at_limit);

}  // namespace gleaner::fetch
