// What the admin endpoint answers to one parsed request, decided without touching the connection: the
// page asked for, or the error to send (404 unknown path, 405 other methods, 401 without the bearer
// token). Kept apart from the connection handling so the fuzzer (tests/fuzz) can drive the parser and
// this decision with arbitrary bytes. Internal to daemon/admin.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace gleaner::admin {

using AdminRequest = boost::beast::http::request<boost::beast::http::string_body>;

inline constexpr std::size_t kMaxHeaderBytes = 8 * 1024;
inline constexpr std::size_t kMaxBodyBytes = 8 * 1024;  // the endpoint takes no bodies worth having

// A request parser with the endpoint's limits set.
void limit_parser(boost::beast::http::request_parser<boost::beast::http::string_body>& parser);

enum class Page { dashboard, metrics, status, healthz, none };

struct Decision {
    Page page = Page::none;  // none: answer `status` with `message`
    int status = 200;
    std::string message;
    bool head_only = false;
};

// `token` empty: no authentication. /healthz never needs it, so probes work without the secret, nor
// does the dashboard page, which holds no data: its script sends the token with its /status requests.
Decision decide(const AdminRequest& request, std::string_view token);

}  // namespace gleaner::admin
