// See request_guard.h.
#include "render/request_guard.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>

#include <cstring>
#include <memory>
#include <optional>

#include "fetch/address_policy.h"

namespace gleaner::render {
namespace {

struct UrlParts {
    std::string scheme, host;
};

std::optional<UrlParts> split_url(const std::string& url) {
    std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> handle(curl_url(), &curl_url_cleanup);
    if (!handle || curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
        return std::nullopt;
    UrlParts parts;
    char* text = nullptr;
    if (curl_url_get(handle.get(), CURLUPART_SCHEME, &text, 0) == CURLUE_OK) parts.scheme = text;
    curl_free(text);
    text = nullptr;
    if (curl_url_get(handle.get(), CURLUPART_HOST, &text, 0) == CURLUE_OK) parts.host = text;
    curl_free(text);
    if (parts.host.size() > 2 && parts.host.front() == '[' && parts.host.back() == ']')
        parts.host = parts.host.substr(1, parts.host.size() - 2);
    return parts;
}

std::string refusal_for(const boost::asio::ip::address& address, const std::string& url) {
    if (address.is_v4()) {
        sockaddr_in v4{};
        v4.sin_family = AF_INET;
        const auto bytes = address.to_v4().to_bytes();
        std::memcpy(&v4.sin_addr, bytes.data(), bytes.size());
        if (const auto range = fetch::private_address_range(reinterpret_cast<const sockaddr*>(&v4)))
            return url + ": " + address.to_string() + " is a " + std::string(*range) + " address";
    } else {
        sockaddr_in6 v6{};
        v6.sin6_family = AF_INET6;
        const auto bytes = address.to_v6().to_bytes();
        std::memcpy(&v6.sin6_addr, bytes.data(), bytes.size());
        if (const auto range = fetch::private_address_range(reinterpret_cast<const sockaddr*>(&v6)))
            return url + ": " + address.to_string() + " is a " + std::string(*range) + " address";
    }
    return {};
}

}  // namespace

RequestGuard::RequestGuard(boost::asio::io_context& io, bool allow_private_networks)
    : resolver_(io), allow_private_networks_(allow_private_networks) {}

void RequestGuard::check(const std::string& url, Verdict verdict) {
    if (url.starts_with("data:") || url.starts_with("blob:")) return verdict({});
    const auto parts = split_url(url);
    if (!parts || (parts->scheme != "http" && parts->scheme != "https"))
        return verdict(url.substr(0, 200) + ": only http and https requests are allowed");
    if (allow_private_networks_) return verdict({});
    boost::system::error_code error;
    const auto literal = boost::asio::ip::make_address(parts->host, error);
    if (!error) return verdict(refusal_for(literal, url));
    resolver_.async_resolve(parts->host, parts->scheme,
                            [url, verdict = std::move(verdict)](const boost::system::error_code& error,
                                                                const boost::asio::ip::tcp::resolver::results_type& results) {
                                if (error) return verdict(url + ": cannot resolve: " + error.message());
                                for (const auto& entry : results)
                                    if (auto refusal = refusal_for(entry.endpoint().address(), url); !refusal.empty())
                                        return verdict(refusal);
                                verdict({});
                            });
}

}  // namespace gleaner::render
