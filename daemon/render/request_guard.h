// Decides, for each request a rendered page makes, whether the browser may send it: the same
// private-network rule as our own fetches (fetch/address_policy.h: loopback, RFC 1918, link-local,
// ... refused unless fetch.allow_private_networks), applied to every address the host name resolves
// to (asynchronously, on the io_context), and only http(s), data: and blob: URLs at all.
//
// The browser resolves the name again itself; a name that answers differently the second time
// (DNS rebinding) is not caught here. Our own fetches check the address curl connects to instead.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <string>

namespace gleaner::render {

class RequestGuard {
public:
    // refusal: "" when the request may go, else why not.
    using Verdict = std::function<void(std::string refusal)>;

    RequestGuard(boost::asio::io_context& io, bool allow_private_networks);
    void check(const std::string& url, Verdict verdict);

private:
    boost::asio::ip::tcp::resolver resolver_;
    bool allow_private_networks_;
};

}  // namespace gleaner::render
