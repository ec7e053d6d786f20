// url.h — URL resolution, canonicalisation (the dedup key) and same-site checks.
// Everything goes through libcurl's URL API; these are the only URL helpers the daemon should use.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gleaner::sources {

// `reference` (an href, a feed <link>, a redirect target) resolved against the absolute URL `base`,
// per RFC 3986 section 5. Surrounding whitespace and embedded tabs/newlines are dropped first, as
// browsers do; spaces and non-ASCII bytes come back percent-encoded. An absolute reference needs no
// base. nullopt when either cannot be parsed or the scheme is one libcurl does not know.
std::optional<std::string> resolve_url(std::string_view base, std::string_view reference);

// The dedup key of a story: scheme and host lower-cased, default port, fragment and tracking
// parameters dropped, remaining query parameters sorted by name (stable), empty query dropped,
// percent-encoding normalised (upper-case hex, unreserved characters decoded), dot segments
// removed, the path's trailing slash kept as it is. nullopt for unparseable URLs and schemes other
// than http, https and file.
std::optional<std::string> canonicalize_url(std::string_view url);

// The URL itself when it is an absolute http(s) URL (no base applied), as libcurl writes it back.
std::optional<std::string> absolute_http_url(std::string_view url);

// The URL with its fragment removed, as libcurl writes it back; nullopt when it does not parse.
std::optional<std::string> without_fragment(std::string_view url);

// Lower-cased host of an absolute URL; nullopt when there is none.
std::optional<std::string> url_host(std::string_view url);

// True when both URLs are on the same site: the same registrable domain according to the public
// suffix list ("edition.cnn.com" and "money.cnn.com"), or the same host for IP addresses and hosts
// the list does not cover ("localhost"). The scheme does not matter (http and https links mix).
bool same_site(std::string_view url_a, std::string_view url_b);

}  // namespace gleaner::sources
