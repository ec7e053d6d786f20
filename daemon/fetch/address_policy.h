// Which IP addresses count as "private network" for FetchConfig::allow_private_networks: loopback,
// RFC 1918, carrier-grade NAT, link-local, unique-local, multicast and reserved ranges. The fetcher
// checks the address curl is about to connect to (not the name), so DNS rebinding cannot dodge it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

struct sockaddr;

namespace gleaner::fetch {

// The range `address` falls in ("loopback", "private", "link-local", ...), or nullopt for a
// public unicast address. IPv4-mapped and NAT64 IPv6 addresses are judged by the IPv4 inside.
std::optional<std::string_view> private_address_range(const sockaddr* address);

// The address in text form ("127.0.0.1", "::1"); "unknown address" for other families.
std::string address_to_string(const sockaddr* address);

}  // namespace gleaner::fetch
