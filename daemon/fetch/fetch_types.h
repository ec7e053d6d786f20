// What a fetch asks for and what it answers: the request, the response, how a failure is classified
// and the counters the daemon exports as metrics. Plain data, no Asio or curl, so the pipeline and
// the state store can include it cheaply.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace gleaner::fetch {

// Every failed fetch is exactly one of these. Keep the order in step with kFailureKindNames (failure.cpp).
enum class FailureKind {
    none,                // 2xx, 304, or a file:// read
    dns,                 // the host name did not resolve
    connect,             // refused, reset, closed mid-body, nothing received
    tls,                 // handshake or certificate verification failed
    timeout,             // connect, total or low-speed timeout
    http_4xx,            // the server answered 4xx (Response::http_status holds the code)
    http_5xx,            // the server answered 5xx (after the retries)
    too_large,           // the (decompressed) body exceeded FetchConfig::max_body_bytes
    robots_disallowed,   // robots.txt forbids the path, or robots.txt is unavailable (5xx)
    private_network,     // the address is loopback/private/link-local and private networks are off
    too_many_redirects,  // more than FetchConfig::max_redirects, or a redirect loop
    bad_url,             // unparsable URL, unsupported scheme, redirect to a non-HTTP scheme
    file_error,          // a file:// URL that cannot be read
    cancelled,           // cancel_all() or the Fetcher was destroyed
    other,               // anything else (bad content encoding, 3xx without Location, ...)
};
inline constexpr std::size_t kFailureKindCount = static_cast<std::size_t>(FailureKind::other) + 1;

std::string_view to_string(FailureKind kind);  // "none", "dns", "connect", ..., "http_4xx"

struct Request {
    std::string url;
    std::string user_agent;                      // empty: FetchConfig::user_agent
    std::map<std::string, std::string> headers;  // added to FetchConfig::headers (these win)
    std::string etag, last_modified;             // validators for a conditional GET
};

struct Response {
    std::string requested_url;  // Request::url as given
    std::string final_url;      // after redirects (the URL whose content `body` is)
    int redirect_count = 0;
    long http_status = 0;       // 0 for file:// and for transport failures
    std::string content_type, etag, last_modified;
    std::string body;           // decompressed; also kept for 4xx/5xx answers
    bool not_modified = false;  // 304: body empty, nothing to parse
    FailureKind failure = FailureKind::none;
    std::string error;          // human-readable reason (names the URL) when failure != none
    int attempts = 0;           // transfers of the final URL's chain: 1 + retries (redirect hops not counted)
    // "allowed" | "disallowed" | "no-robots-txt" | "not-checked" (file:, or respect_robots false)
    // | "unavailable" (robots.txt answered 5xx or could not be fetched)
    std::string robots;
    std::chrono::system_clock::time_point fetched_at;
    std::chrono::milliseconds elapsed{0};  // from fetch() to completion, queueing and retries included
    // The body counts against fetch.max_bytes_in_flight until the last copy of this goes (with the
    // Response, or reset by hand): let go of it once done with the body, as the fetcher may wait.
    std::shared_ptr<const void> body_lease;

    bool ok() const { return failure == FailureKind::none; }
};

// Counters for the metrics endpoint. Monotonic except in_flight and queued (gauges).
struct FetchStats {
    std::array<std::uint64_t, kFailureKindCount> completed_by_failure{};  // index: FailureKind
    // HTTP answers received, every transfer counted (retries, redirect hops, robots.txt):
    // index 1..5 = 1xx..5xx.
    std::array<std::uint64_t, 6> responses_by_status_class{};
    std::uint64_t bytes_received = 0;  // headers + body as received on the wire (before decompression)
    std::uint64_t transfers = 0;       // transfers started, robots.txt and retries included
    std::uint64_t retries = 0;
    std::uint64_t redirects_followed = 0;
    std::uint64_t robots_fetches = 0;
    std::size_t in_flight = 0;  // transfers running now (robots.txt fetches included)
    std::size_t queued = 0;     // requests waiting: host/global slots, politeness delay, robots.txt, retry backoff
    std::size_t bytes_in_flight = 0;   // bodies being received or handed out and not let go
    std::size_t transfers_paused = 0;  // waiting for bytes in flight to fall below the limit

    std::uint64_t completed() const;
    std::uint64_t completed(FailureKind kind) const {
        return completed_by_failure[static_cast<std::size_t>(kind)];
    }
};

}  // namespace gleaner::fetch
