// The private/reserved address ranges as data, and the lookup over them.
#include "fetch/address_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <cstring>

namespace gleaner::fetch {
namespace {

struct Ipv4Range {
    std::uint32_t network;  // host byte order
    int prefix_bits;
    std::string_view name;
};

constexpr std::uint32_t ipv4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
    return (std::uint32_t{a} << 24) | (std::uint32_t{b} << 16) | (std::uint32_t{c} << 8) | d;
}

constexpr Ipv4Range kPrivateIpv4Ranges[] = {
    {ipv4(0, 0, 0, 0), 8, "this-network"},
    {ipv4(10, 0, 0, 0), 8, "private"},
    {ipv4(100, 64, 0, 0), 10, "shared (carrier-grade NAT)"},
    {ipv4(127, 0, 0, 0), 8, "loopback"},
    {ipv4(169, 254, 0, 0), 16, "link-local"},
    {ipv4(172, 16, 0, 0), 12, "private"},
    {ipv4(192, 0, 0, 0), 24, "IETF protocol assignments"},
    {ipv4(192, 168, 0, 0), 16, "private"},
    {ipv4(198, 18, 0, 0), 15, "benchmarking"},
    {ipv4(224, 0, 0, 0), 4, "multicast"},
    {ipv4(240, 0, 0, 0), 4, "reserved"},
};

struct Ipv6Range {
    std::array<std::uint8_t, 16> network;
    int prefix_bits;
    std::string_view name;
};

constexpr Ipv6Range kPrivateIpv6Ranges[] = {
    {{}, 128, "unspecified"},
    {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 128, "loopback"},
    {{0xfc}, 7, "unique-local"},
    {{0xfe, 0x80}, 10, "link-local"},
    {{0xfe, 0xc0}, 10, "site-local"},
    {{0xff}, 8, "multicast"},
};

// IPv6 prefixes whose last 32 bits are an IPv4 address that decides.
constexpr Ipv6Range kEmbeddedIpv4Prefixes[] = {
    {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}, 96, "IPv4-mapped"},
    {{0, 0x64, 0xff, 0x9b}, 96, "NAT64"},
};

bool in_ipv6_range(const std::uint8_t* address, const Ipv6Range& range) {
    const int whole_bytes = range.prefix_bits / 8;
    if (std::memcmp(address, range.network.data(), whole_bytes) != 0) return false;
    const int rest_bits = range.prefix_bits % 8;
    if (rest_bits == 0) return true;
    const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest_bits));
    return (address[whole_bytes] & mask) == (range.network[whole_bytes] & mask);
}

std::optional<std::string_view> private_ipv4_range(std::uint32_t address) {
    for (const auto& range : kPrivateIpv4Ranges) {
        const std::uint32_t mask = ~std::uint32_t{0} << (32 - range.prefix_bits);
        if ((address & mask) == range.network) return range.name;
    }
    return std::nullopt;
}

std::optional<std::string_view> private_ipv6_range(const std::uint8_t* address) {
    for (const auto& range : kEmbeddedIpv4Prefixes) {
        if (!in_ipv6_range(address, range)) continue;
        std::uint32_t embedded = 0;
        for (int i = 12; i < 16; ++i) embedded = (embedded << 8) | address[i];
        return private_ipv4_range(embedded);
    }
    for (const auto& range : kPrivateIpv6Ranges) {
        if (in_ipv6_range(address, range)) return range.name;
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string_view> private_address_range(const sockaddr* address) {
    if (address->sa_family == AF_INET) {
        sockaddr_in v4;
        std::memcpy(&v4, address, sizeof v4);
        return private_ipv4_range(ntohl(v4.sin_addr.s_addr));
    }
    if (address->sa_family == AF_INET6) {
        sockaddr_in6 v6;
        std::memcpy(&v6, address, sizeof v6);
        return private_ipv6_range(v6.sin6_addr.s6_addr);
    }
    return std::nullopt;  // Unix sockets and the like are not network addresses
}

std::string address_to_string(const sockaddr* address) {
    char text[INET6_ADDRSTRLEN] = {};
    if (address->sa_family == AF_INET) {
        sockaddr_in v4;
        std::memcpy(&v4, address, sizeof v4);
        inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    } else if (address->sa_family == AF_INET6) {
        sockaddr_in6 v6;
        std::memcpy(&v6, address, sizeof v6);
        inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    } else {
        return "unknown address";
    }
    return text;
}

}  // namespace gleaner::fetch
