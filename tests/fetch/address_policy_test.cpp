// Which addresses the private-network guard refuses.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include "fetch/address_policy.h"

namespace gleaner::fetch {
namespace {

sockaddr_storage address_of(const char* text) {
    sockaddr_storage storage{};
    auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
    if (inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
    } else if (inet_pton(AF_INET6, text, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
    } else {
        ADD_FAILURE() << "not an address: " << text;
    }
    return storage;
}

std::optional<std::string_view> range_of(const char* text) {
    const sockaddr_storage storage = address_of(text);
    return private_address_range(reinterpret_cast<const sockaddr*>(&storage));
}

TEST(AddressPolicy, RefusesLoopbackPrivateLinkLocalAndUniqueLocal) {
    EXPECT_EQ(range_of("127.0.0.1"), "loopback");
    EXPECT_EQ(range_of("127.8.9.10"), "loopback");
    EXPECT_EQ(range_of("10.1.2.3"), "private");
    EXPECT_EQ(range_of("172.16.0.1"), "private");
    EXPECT_EQ(range_of("172.31.255.255"), "private");
    EXPECT_EQ(range_of("192.168.1.1"), "private");
    EXPECT_EQ(range_of("169.254.169.254"), "link-local");  // cloud metadata endpoints live here
    EXPECT_EQ(range_of("100.64.0.1"), "shared (carrier-grade NAT)");
    EXPECT_EQ(range_of("0.0.0.0"), "this-network");
    EXPECT_EQ(range_of("::1"), "loopback");
    EXPECT_EQ(range_of("::"), "unspecified");
    EXPECT_EQ(range_of("fd00::1"), "unique-local");
    EXPECT_EQ(range_of("fe80::1"), "link-local");
    EXPECT_EQ(range_of("ff02::1"), "multicast");
}

TEST(AddressPolicy, JudgesIpv4InsideIpv6ByTheIpv4) {
    EXPECT_EQ(range_of("::ffff:127.0.0.1"), "loopback");
    EXPECT_EQ(range_of("::ffff:10.0.0.1"), "private");
    EXPECT_FALSE(range_of("::ffff:93.184.216.34").has_value());
    EXPECT_EQ(range_of("64:ff9b::192.168.0.1"), "private");
}

TEST(AddressPolicy, AllowsPublicAddresses) {
    for (const char* text : {"93.184.216.34", "8.8.8.8", "172.32.0.1", "172.15.255.255", "11.0.0.1",
                             "2606:2800:220:1:248:1893:25c8:1946", "2001:4860:4860::8888"}) {
        EXPECT_FALSE(range_of(text).has_value()) << text;
    }
}

TEST(AddressPolicy, PrintsAddresses) {
    const sockaddr_storage v4 = address_of("192.0.2.7");
    const sockaddr_storage v6 = address_of("2001:db8::1");
    EXPECT_EQ(address_to_string(reinterpret_cast<const sockaddr*>(&v4)), "192.0.2.7");
    EXPECT_EQ(address_to_string(reinterpret_cast<const sockaddr*>(&v6)), "2001:db8::1");
}

}  // namespace
}  // namespace gleaner::fetch
