// One HTTP exchange as it crossed the wire, for whoever archives what the fetcher fetched (the WARC
// writer in daemon/archive): the request head as sent, the response head and body bytes as received
// (chunk framing and content-encoding kept), the peer's address. Plain data, no curl or Asio.
#pragma once

#include <chrono>
#include <string>

namespace gleaner::fetch {

struct Exchange {
    std::string target_uri;
    std::string ip_address;  // the address connected to (CURLINFO_PRIMARY_IP); empty when unknown
    std::chrono::system_clock::time_point started;  // when the request went out
    std::string request_head;   // request line and headers, as sent
    std::string response_head;  // status line, headers and the blank line, as received
    std::string response_body;  // the message body as received: nothing decoded
    long http_status = 0;
    // Why the response is incomplete, in WARC-Truncated's words: "length" (a size limit), "time",
    // "disconnect", "unspecified"; empty when complete.
    std::string truncated;
};

// Receives every exchange the fetcher completes over HTTP(S). Called on the fetcher's (I/O) thread:
// it must not block (hand the work to another thread).
class ExchangeSink {
public:
    virtual ~ExchangeSink() = default;
    virtual void record(Exchange exchange) = 0;
};

}  // namespace gleaner::fetch
