// Reference resolution through curl_url_set on a copy of the base handle: curl resolves a relative
// URL set on a handle that already holds an absolute one, and normalises the result.
#include "extract/url_resolve.h"

#include <curl/curl.h>

#include <cctype>

#include "extract/charset/charset_convert.h"

namespace gleaner::extract {
namespace {

std::string_view trim(std::string_view s) {
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

bool starts_with_scheme(std::string_view s, std::string_view scheme) {
    if (s.size() < scheme.size()) return false;
    for (std::size_t i = 0; i < scheme.size(); ++i) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != scheme[i]) return false;
    }
    return true;
}

constexpr unsigned kSetFlags = CURLU_NON_SUPPORT_SCHEME | CURLU_ALLOW_SPACE;

// Whether `reference` starts with a URI scheme (RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":").
bool has_scheme(std::string_view reference) {
    const std::size_t colon = reference.find(':');
    if (colon == 0 || colon == std::string_view::npos) return false;
    for (std::size_t i = 0; i < colon; ++i) {
        const char c = reference[i];
        const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!alpha && (i == 0 || !((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))) return false;
    }
    return true;
}

std::string get_url(CURLU* handle, unsigned flags) {
    char* url = nullptr;
    if (curl_url_get(handle, CURLUPART_URL, &url, flags) != CURLUE_OK || url == nullptr) return {};
    std::string result(url);
    curl_free(url);
    return result;
}

// Sets `reference` on `handle` and reads back the absolute URL; "" on failure. The result is always
// valid UTF-8: curl percent-decodes host names ("t:/%81" gives "t://\x81/"), so a host that decodes
// to bytes that are not UTF-8 is read back percent-encoded ("t://%81/"), while an IDN host (valid
// UTF-8) stays as written.
std::string set_and_get(CURLU* handle, std::string_view reference) {
    const std::string ref(reference);
    if (curl_url_set(handle, CURLUPART_URL, ref.c_str(), kSetFlags) != CURLUE_OK) return {};
    std::string result = get_url(handle, 0);
    if (!is_valid_utf8(result)) result = get_url(handle, CURLU_URLENCODE);
    return is_valid_utf8(result) ? result : std::string();
}

}  // namespace

struct UrlResolver::Handle {
    CURLU* url = nullptr;
    ~Handle() { curl_url_cleanup(url); }
};

UrlResolver::UrlResolver(std::string_view base) {
    base = trim(base);
    if (base.empty()) return;
    auto handle = std::make_unique<Handle>();
    handle->url = curl_url();
    if (handle->url == nullptr || set_and_get(handle->url, base).empty()) return;
    base_ = std::move(handle);
}

UrlResolver::~UrlResolver() = default;

std::string UrlResolver::resolve(std::string_view reference) const {
    reference = trim(reference);
    if (reference.empty() || starts_with_scheme(reference, "javascript:") || starts_with_scheme(reference, "data:"))
        return {};
    if (base_ == nullptr) {
        CURLU* alone = curl_url();
        std::string absolute = alone != nullptr ? set_and_get(alone, reference) : std::string();
        curl_url_cleanup(alone);
        // Without a base a relative reference is kept as written rather than lost.
        return absolute.empty() ? std::string(reference) : absolute;
    }
    CURLU* copy = curl_url_dup(base_->url);
    if (copy == nullptr) return {};
    std::string absolute = set_and_get(copy, reference);
    curl_url_cleanup(copy);
    // curl parses hierarchical URLs only; an opaque one (mailto:, tel:) is absolute as written.
    if (absolute.empty() && has_scheme(reference)) return std::string(reference);
    return absolute;
}

std::string document_base_url(std::string_view page_url, std::string_view base_href) {
    const UrlResolver page(page_url);
    if (!trim(base_href).empty()) {
        std::string resolved = page.resolve(base_href);
        if (!resolved.empty() && UrlResolver(resolved).has_base()) return resolved;
    }
    return page.has_base() ? std::string(trim(page_url)) : std::string();
}

}  // namespace gleaner::extract

namespace gleaner::extract {

std::string url_host(std::string_view url) {
    url = trim(url);
    if (url.empty()) return {};
    CURLU* handle = curl_url();
    if (handle == nullptr) return {};
    std::string host;
    char* part = nullptr;
    if (curl_url_set(handle, CURLUPART_URL, std::string(url).c_str(), kSetFlags) == CURLUE_OK &&
        curl_url_get(handle, CURLUPART_HOST, &part, 0) == CURLUE_OK && part != nullptr) {
        host = part;
        curl_free(part);
    }
    curl_url_cleanup(handle);
    for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return host;
}

}  // namespace gleaner::extract
