// The optional admin HTTP endpoint (Boost.Beast, on the daemon's event loop): GET /metrics
// (Prometheus text), GET /healthz, GET /status (JSON). Bodies are produced asynchronously by the
// daemon (gathering them may touch the database, which happens off the loop), so a request never
// blocks the fetch loop. Malformed requests get 400, unknown paths 404, other methods 405.
#pragma once

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
    Handler metrics;
    Handler status;
    Handler healthz;
};

class AdminServer {
public:
    // Listens on `listen` ("127.0.0.1:9464", "[::1]:9464", ":9464" for all addresses; port 0 picks
    // a free one). Throws std::runtime_error with the address and reason when it cannot.
    AdminServer(boost::asio::io_context& io, const std::string& listen, Handlers handlers);
    ~AdminServer();
    unsigned short port() const;
    void stop();

private:
    class Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace gleaner::admin
