// The pieces of a URL the fetcher schedules by, taken apart with libcurl's URL API.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gleaner::fetch {

struct UrlParts {
    std::string url;             // normalised by curl, fragment removed
    std::string scheme;          // lower case: "http", "https", "file", ...
    std::string host;            // lower case, IDNs in punycode; empty for file:
    std::string origin;          // "https://example.com:443" (the default port spelled out); "file://"
    std::string path_and_query;  // "/a/b?c=d", what robots.txt rules are matched against
};

// nullopt with `error` set when curl cannot parse `url` (no scheme, bad host, ...).
std::optional<UrlParts> parse_url(std::string_view url, std::string& error);

}  // namespace gleaner::fetch
