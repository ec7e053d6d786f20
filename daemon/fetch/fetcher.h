// The HTTP fetcher: many concurrent GETs on one io_context through one libcurl multi handle, with
// the politeness a crawler owes (robots.txt, per-host limits and delays, Crawl-delay), conditional
// GETs, decompression, redirects, retries with backoff, size and time limits, and a private-network
// guard. Every fetch ends in exactly one Response whose FailureKind says what went wrong.
//
// Threading: everything runs on the io_context's thread. Call the Fetcher from that thread only.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>

#include "config/config.h"
#include "fetch/exchange.h"
#include "fetch/fetch_types.h"

namespace boost::asio {
class io_context;
}

namespace gleaner::fetch {

class HostGate;

class Fetcher {
public:
    Fetcher(boost::asio::io_context& io, config::FetchConfig settings);
    // Cancels what is left: each pending fetch's on_done is posted with FailureKind::cancelled and
    // runs when the io_context runs next (it must not use the Fetcher).
    ~Fetcher();
    Fetcher(const Fetcher&) = delete;
    Fetcher& operator=(const Fetcher&) = delete;

    // Queues one GET. on_done runs exactly once, on the io thread, never from inside fetch() itself
    // (it is posted), so it may call fetch() again.
    void fetch(Request request, std::function<void(Response)> on_done);

    // New limits (concurrency, per-host limits and delay, robots) apply at once to scheduling; the
    // per-transfer settings (timeouts, user agent, headers, sizes, redirects, retries, proxy, TLS)
    // apply to requests fetched from now on. Transfers already running finish as they started.
    void reconfigure(config::FetchConfig settings);

    // From now on every HTTP(S) exchange (pages, documents, robots.txt, redirect hops, retries) is
    // also handed to `sink` as it crossed the wire; null stops that. Transfers already running are
    // archived if they started with a sink.
    void set_exchange_sink(std::shared_ptr<ExchangeSink> sink);

    // Everything queued, waiting or running completes with FailureKind::cancelled.
    void cancel_all();

    // Cluster-wide politeness (host_gate.h): from now on every request waits for a slot from
    // `gate` too. The gate must outlive the Fetcher. nullptr: this Fetcher's own limits only.
    void set_host_gate(HostGate* gate);

    std::size_t in_flight() const;  // transfers running, robots.txt fetches included
    std::size_t queued() const;     // requests not yet running (slots, delays, robots.txt, backoff)
    FetchStats stats() const;

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace gleaner::fetch
