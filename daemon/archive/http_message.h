// An HTTP response as a WARC response (or revisit) record's block holds it — status line, headers,
// and the body as it came over the wire — taken apart with Boost.Beast's parser, which also removes
// chunked transfer-encoding. The content-encoding (gzip, br, ...) stays: see content_decoding.h.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gleaner::archive {

struct HttpResponse {
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;        // the entity body: transfer-encoding removed, content-encoding kept
    bool complete = false;   // false: the block ended before the body did (body holds what came)
    std::string error;       // set when the block is no HTTP response at all, or the body is over the limit

    bool ok() const { return error.empty(); }
    std::string_view header(std::string_view name) const;  // case-insensitive; "" when absent
};

// Parses `block`; bodies larger than `max_body` are refused (error set).
HttpResponse parse_http_response(std::string_view block, std::size_t max_body);

}  // namespace gleaner::archive
