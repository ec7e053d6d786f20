// decide — see admin_request.h.
#include "admin/admin_request.h"

#include <openssl/crypto.h>

namespace gleaner::admin {
namespace {

namespace http = boost::beast::http;

// Compares in time that does not depend on where the first difference is.
bool token_matches(std::string_view header, std::string_view token) {
    constexpr std::string_view kScheme = "Bearer ";
    if (header.size() != kScheme.size() + token.size()) return false;
    const bool scheme_ok = header.substr(0, kScheme.size()) == kScheme;
    const bool token_ok = CRYPTO_memcmp(header.data() + kScheme.size(), token.data(), token.size()) == 0;
    return scheme_ok && token_ok;
}

}  // namespace

void limit_parser(http::request_parser<http::string_body>& parser) {
    parser.header_limit(kMaxHeaderBytes);
    parser.body_limit(kMaxBodyBytes);
}

Decision decide(const AdminRequest& request, std::string_view token) {
    const std::string_view target(request.target().data(), request.target().size());
    const std::string_view path = target.substr(0, target.find('?'));
    Decision decision;
    if (path == "/") decision.page = Page::dashboard;
    else if (path == "/metrics") decision.page = Page::metrics;
    else if (path == "/status") decision.page = Page::status;
    else if (path == "/healthz") decision.page = Page::healthz;
    else return {Page::none, 404, "not found: " + std::string(path) + "\n", false};
    if (request.method() != http::verb::get && request.method() != http::verb::head)
        return {Page::none, 405, "only GET is supported\n", false};
    decision.head_only = request.method() == http::verb::head;
    // The dashboard page holds no data (it asks /status with the token), so a browser can open it.
    if (!token.empty() && decision.page != Page::healthz && decision.page != Page::dashboard) {
        const auto authorization = request[http::field::authorization];
        if (!token_matches({authorization.data(), authorization.size()}, token))
            return {Page::none, 401, "a bearer token is required (Authorization: Bearer ...)\n", decision.head_only};
    }
    return decision;
}

}  // namespace gleaner::admin
