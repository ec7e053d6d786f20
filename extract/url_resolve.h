// Makes the links and image sources of the story absolute, resolving them against the page's
// <base href> or URL with libcurl's URL API (RFC 3986 reference resolution, normalisation).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace gleaner::extract {

class UrlResolver {
public:
    // `base`: the absolute URL references are resolved against; "" leaves references as they are.
    explicit UrlResolver(std::string_view base);
    ~UrlResolver();
    UrlResolver(const UrlResolver&) = delete;
    UrlResolver& operator=(const UrlResolver&) = delete;

    // The absolute form of `reference`, or "" when it cannot be one (javascript:, data:, malformed).
    // Valid UTF-8 whenever `reference` is (a host curl decodes to other bytes comes back percent-encoded).
    std::string resolve(std::string_view reference) const;
    bool has_base() const { return base_ != nullptr; }

private:
    struct Handle;
    std::unique_ptr<Handle> base_;
};

// The host of an absolute URL, lower case ("www.example.co.uk"); "" when there is none.
std::string url_host(std::string_view url);

// `base_href` (possibly relative) resolved against `page_url`; "" when neither gives an absolute URL.
std::string document_base_url(std::string_view page_url, std::string_view base_href);

}  // namespace gleaner::extract
