// The optional admin HTTP endpoint (Boost.Beast, on the daemon's event loop): GET /metrics
// (Prometheus text), GET /healthz, GET /status (JSON). Bodies are produced asynchronously by the
// daemon (gathering them may touch the database, which happens off the loop), so a request never
// blocks the fetch loop. Malformed requests get 400, unknown paths 404, other methods 405, requests
// without the configured bearer token 401.
//
// Connections are a bounded resource: at most Access::max_connections at once; when a new one comes
// in at the limit, the connection idle the longest (waiting for a request) is closed to make room,
// so a crowd of idle connections cannot lock out /healthz. When accept fails for want of file
// descriptors, accepting pauses briefly instead of spinning.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace gleaner::admin {

struct Reply {
    int status = 200;
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;
};

// A handler produces its reply and calls `respond` exactly once, on the event loop's thread.
using Handler = std::function<void(std::function<void(Reply)> respond)>;

struct Handlers {
    Handler dashboard;  // GET /
    Handler metrics;
    Handler status;
    Handler healthz;
};

struct Access {
    std::string token;  // non-empty: every request but /healthz needs "Authorization: Bearer <token>"
    std::size_t max_connections = 64;
    std::chrono::milliseconds idle_timeout{std::chrono::seconds(30)};  // to send a whole request
};

class AdminServer {
public:
    // Listens on `listen` (as config::parse_listen_address reads it: "127.0.0.1:9464",
    // "localhost:9464", "[::1]:9464", ":9464" for all addresses; port 0 picks a free one). Throws
    // std::runtime_error with the address and reason when it cannot.
    AdminServer(boost::asio::io_context& io, const std::string& listen, Handlers handlers, Access access = {});
    ~AdminServer();
    unsigned short port() const;

    struct Stats {
        std::size_t connections = 0;       // open now
        std::uint64_t evicted = 0;         // idle connections closed to make room
        std::uint64_t accept_failures = 0; // accepts that failed for want of descriptors or memory
    };
    Stats stats() const;  // on the event loop's thread
    void stop();

private:
    class Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace gleaner::admin
