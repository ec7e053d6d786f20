// `admin.listen` read one way for everyone: check-config and reload validate with it and the admin
// endpoint binds what it returns, so a value one accepts the other cannot refuse. No DNS: binding must
// not depend on a resolver, so the only name taken is `localhost`.
#pragma once

#include <string>
#include <string_view>
#include <variant>

namespace gleaner::config {

struct ListenAddress {
    std::string host;         // numeric: "127.0.0.1", "::1", "0.0.0.0" (":PORT" means every address)
    unsigned short port = 0;  // 0: the system picks a free one
    bool loopback = false;    // only this machine can connect
};

// Accepts "IPv4:PORT", "[IPv6]:PORT", ":PORT" (every IPv4 address) and "localhost:PORT" (127.0.0.1).
// Returns the address, or a message saying what is wrong with the text.
std::variant<ListenAddress, std::string> parse_listen_address(std::string_view text);

}  // namespace gleaner::config
