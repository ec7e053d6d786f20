// See http_message.h.
#include "archive/http_message.h"

#include <strings.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

namespace gleaner::archive {
namespace {

namespace http = boost::beast::http;

constexpr std::uint32_t kHeaderLimit = 1024 * 1024;  // Set-Cookie walls in real captures exceed Beast's 8 KiB

// curl writes an HTTP/2 or HTTP/3 head as "HTTP/2 200"; Beast reads only HTTP/1.x status lines, so
// those are read as HTTP/1.1 (no framing follows: the body runs to the end of the block).
std::string_view http1_status_line(std::string_view block, std::string& rewritten) {
    for (std::string_view version : {"HTTP/2 ", "HTTP/3 "}) {
        if (block.starts_with(version)) {
            rewritten = "HTTP/1.1 ";
            rewritten.append(block.substr(version.size()));
            return rewritten;
        }
    }
    return block;
}

}  // namespace

std::string_view HttpResponse::header(std::string_view name) const {
    for (const auto& [key, value] : headers)
        if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0) return value;
    return {};
}

HttpResponse parse_http_response(std::string_view block, std::size_t max_body) {
    HttpResponse response;
    std::string rewritten;
    std::string_view input = http1_status_line(block, rewritten);
    http::response_parser<http::string_body> parser;
    parser.eager(true);
    parser.header_limit(kHeaderLimit);
    parser.body_limit(max_body);
    boost::beast::error_code error;
    while (!input.empty() && !parser.is_done()) {
        const std::size_t used = parser.put(boost::asio::buffer(input.data(), input.size()), error);
        input.remove_prefix(used);
        if (error == http::error::need_more) {
            error = {};
            if (used == 0) break;  // the rest is an incomplete piece: the block ends here
            continue;
        }
        if (error) break;
    }
    // No Content-Length and not chunked: the body ran to the end of the connection, here the block.
    if (!error && !parser.is_done() && parser.is_header_done()) parser.put_eof(error);
    if (!parser.is_header_done()) {
        response.error = error ? "not an HTTP response: " + error.message() : "the HTTP head is incomplete";
        return response;
    }
    auto& message = parser.get();
    // Beast 1.74 does not apply body_limit to responses in every case: checked here as well.
    if (error == http::error::body_limit || message.body().size() > max_body) {
        response.error = "the body is larger than " + std::to_string(max_body) + " bytes";
        return response;
    }
    response.status = static_cast<int>(message.result_int());
    for (const auto& field : message)
        response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    response.complete = parser.is_done() && !error;
    response.body = std::move(message.body());
    return response;
}

}  // namespace gleaner::archive
