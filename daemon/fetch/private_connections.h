// The sockets the fetcher has open to private-network addresses (loopback, RFC 1918, link-local, ...),
// which exist only while fetch.allow_private_networks is on. curl keeps connections for reuse and
// reuses them without opening a socket, so the address guard, which runs when a socket is opened,
// would never see them again: when a reload turns the setting off, drop_all() shuts them down, curl
// finds them dead and closes them, and transfers running on them fail and are retried through the
// guard. Used on the fetcher's thread only. Internal to daemon/fetch.
#pragma once

#include <curl/curl.h>

#include <cstddef>
#include <unordered_set>

namespace gleaner::fetch {

class PrivateConnections {
public:
    // Whether connections to private addresses may be opened now. The guard asks this, not the
    // settings a fetch started with, so a fetch retried after the setting was turned off is refused.
    bool allowed() const { return allowed_; }
    // Turning it off drops the connections open to private addresses.
    void set_allowed(bool allowed);

    void opened(curl_socket_t socket) { sockets_.insert(socket); }
    void closed(curl_socket_t socket) { sockets_.erase(socket); }
    std::size_t size() const { return sockets_.size(); }

private:
    bool allowed_ = false;
    std::unordered_set<curl_socket_t> sockets_;
};

}  // namespace gleaner::fetch
