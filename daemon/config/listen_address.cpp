// parse_listen_address — see listen_address.h. Addresses are read with inet_pton.
#include "config/listen_address.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace gleaner::config {
namespace {

std::string invalid(std::string_view text, std::string_view why) {
    return "invalid listen address \"" + std::string(text) + "\": " + std::string(why) +
           " (use host:port with an IP address or localhost, e.g. 127.0.0.1:9464)";
}

bool is_loopback_v4(const in_addr& address) { return (ntohl(address.s_addr) >> 24) == 127; }

bool is_loopback_v6(const in6_addr& address) {
    if (IN6_IS_ADDR_LOOPBACK(&address)) return true;
    if (!IN6_IS_ADDR_V4MAPPED(&address)) return false;
    in_addr inner{};
    std::memcpy(&inner, address.s6_addr + 12, sizeof inner);
    return is_loopback_v4(inner);
}

}  // namespace

std::variant<ListenAddress, std::string> parse_listen_address(std::string_view text) {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return invalid(text, "no port");
    std::string host(text.substr(0, colon));
    const std::string_view port_text = text.substr(colon + 1);

    unsigned port = 0;
    const auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (port_text.empty() || error != std::errc{} || end != port_text.data() + port_text.size() || port > 65535)
        return invalid(text, "the port is not a number from 0 to 65535");

    ListenAddress address;
    address.port = static_cast<unsigned short>(port);
    const bool bracketed = host.size() >= 2 && host.front() == '[' && host.back() == ']';
    if (bracketed) host = host.substr(1, host.size() - 2);
    if (host.empty() && !bracketed) {
        address.host = "0.0.0.0";
    } else if (host == "localhost" && !bracketed) {
        address.host = "127.0.0.1";
        address.loopback = true;
    } else if (in_addr v4{}; !bracketed && inet_pton(AF_INET, host.c_str(), &v4) == 1) {
        address.host = host;
        address.loopback = is_loopback_v4(v4);
    } else if (in6_addr v6{}; bracketed && inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
        address.host = host;
        address.loopback = is_loopback_v6(v6);
    } else if (!bracketed && host.find(':') != std::string::npos) {
        return invalid(text, "write an IPv6 address in brackets, e.g. [::1]:9464");
    } else {
        return invalid(text, "\"" + host + "\" is not an IP address or localhost");
    }
    return address;
}

}  // namespace gleaner::config
