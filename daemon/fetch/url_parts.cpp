// URL splitting through curl_url_set / curl_url_get.
#include "fetch/url_parts.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace gleaner::fetch {
namespace {

struct UrlDeleter {
    void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

// One part of the URL, or empty when curl has none (no query, no host for file:).
std::string url_part(CURLU* url, CURLUPart part, unsigned flags = 0) {
    char* text = nullptr;
    if (curl_url_get(url, part, &text, flags) != CURLUE_OK || text == nullptr) return {};
    std::string result(text);
    curl_free(text);
    return result;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

}  // namespace

std::optional<UrlParts> parse_url(std::string_view url, std::string& error) {
    UrlHandle handle(curl_url());
    if (!handle) {
        error = "out of memory";
        return std::nullopt;
    }
    const std::string text(url);
    if (const CURLUcode code = curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), CURLU_NON_SUPPORT_SCHEME);
        code != CURLUE_OK) {
        error = curl_url_strerror(code);
        return std::nullopt;
    }
    curl_url_set(handle.get(), CURLUPART_FRAGMENT, nullptr, 0);
    UrlParts parts;
    parts.url = url_part(handle.get(), CURLUPART_URL);
    parts.scheme = lower(url_part(handle.get(), CURLUPART_SCHEME));
    parts.host = lower(url_part(handle.get(), CURLUPART_HOST, CURLU_PUNYCODE));
    parts.path_and_query = url_part(handle.get(), CURLUPART_PATH);
    if (parts.path_and_query.empty()) parts.path_and_query.push_back('/');
    if (std::string query = url_part(handle.get(), CURLUPART_QUERY); !query.empty()) {
        parts.path_and_query.append(1, '?').append(query);
    }
    if (parts.scheme == "file") {
        parts.origin = "file://";
    } else {
        const std::string port = url_part(handle.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
        parts.origin = parts.scheme + "://" + parts.host + (port.empty() ? "" : ":" + port);
    }
    return parts;
}

}  // namespace gleaner::fetch
