// libFuzzer target for the admin endpoint's request reading: arbitrary bytes fed to Beast's request
// parser with the endpoint's limits, in fuzzer-chosen pieces as they would arrive from a socket,
// then the endpoint's decision on the request. Any crash, sanitizer report or exception, or a
// decision that lets a request through without the token, is a finding.
#include <fuzzer/FuzzedDataProvider.h>

#include <boost/asio/buffer.hpp>

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include "admin/admin_request.h"

namespace http = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider input(data, size);
    const bool with_token = input.ConsumeBool();
    std::string bytes = input.ConsumeRemainingBytesAsString();
    http::request_parser<http::string_body> parser;
    gleaner::admin::limit_parser(parser);
    boost::beast::error_code ec;
    std::size_t offset = 0;
    // Pieces of 1, 7, 64 bytes... as a slow or fast client would send them.
    std::size_t piece = 1 + bytes.size() % 61;
    std::string pending;
    while (offset < bytes.size() && !ec && !parser.is_done()) {
        pending.append(bytes, offset, piece);
        offset += piece;
        const std::size_t used = parser.put(boost::asio::buffer(pending), ec);
        if (ec == http::error::need_more) ec = {};
        pending.erase(0, used);
    }
    if (ec || !parser.is_done()) return 0;  // a 400, or still waiting for bytes
    const auto& request = parser.get();
    const auto decision = gleaner::admin::decide(request, with_token ? "fuzz-token" : "");
    using gleaner::admin::Page;
    // Every page with data needs the token (/healthz and the dashboard page, which holds none, do not).
    if (with_token && decision.page != Page::none && decision.page != Page::healthz && decision.page != Page::dashboard) {
        const auto header = request[http::field::authorization];
        if (std::string(header.data(), header.size()) != "Bearer fuzz-token") std::abort();
    }
    return 0;
}
