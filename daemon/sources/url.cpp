// url.cpp — resolve_url, canonicalize_url and the small URL queries, on libcurl's URL API
// (curl_url_*). libcurl parses, resolves relative references, removes dot segments and drops
// default ports; this file adds only what libcurl 7.88 leaves out: the two reference forms it
// resolves wrongly, host case, percent-encoding case, and the query rules of the dedup key.
#include "sources/url.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <vector>

#include "sources/tracking_params.h"

namespace gleaner::sources {
namespace {

struct CurlUrlDeleter {
  void operator()(CURLU* handle) const { curl_url_cleanup(handle); }
};
using CurlUrl = std::unique_ptr<CURLU, CurlUrlDeleter>;

// Spaces in hrefs are common in the wild; libcurl keeps them only when allowed and then encodes
// them.
constexpr unsigned kParseFlags = CURLU_ALLOW_SPACE | CURLU_URLENCODE;

constexpr std::array kCanonicalSchemes = {std::string_view{"http"}, std::string_view{"https"},
                                          std::string_view{"file"}};
constexpr std::array kHttpSchemes = {std::string_view{"http"}, std::string_view{"https"}};

std::string lower_ascii(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// What browsers do to an href before parsing it: strip leading and trailing C0 controls and spaces,
// remove tabs and newlines anywhere (a URL wrapped over two lines of HTML still works).
std::string clean_reference(std::string_view reference) {
  const auto is_c0_or_space = [](unsigned char c) { return c <= 0x20; };
  while (!reference.empty() && is_c0_or_space(reference.front())) reference.remove_prefix(1);
  while (!reference.empty() && is_c0_or_space(reference.back())) reference.remove_suffix(1);
  std::string cleaned;
  cleaned.reserve(reference.size());
  for (char c : reference) {
    if (c != '\t' && c != '\n' && c != '\r') cleaned.push_back(c);
  }
  return cleaned;
}

// An absolute URL parsed into a handle; nullptr when libcurl refuses it. Embedded NULs are refused
// rather than silently truncating the URL at the first one.
CurlUrl parse_absolute(const std::string& url) {
  if (url.find('\0') != std::string::npos) return nullptr;
  CurlUrl handle(curl_url());
  if (!handle || curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), kParseFlags) != CURLUE_OK) {
    return nullptr;
  }
  return handle;
}

std::optional<std::string> get_part(CURLU* handle, CURLUPart part, unsigned flags = 0) {
  char* value = nullptr;
  if (curl_url_get(handle, part, &value, flags) != CURLUE_OK || value == nullptr)
    return std::nullopt;
  std::string copy(value);
  curl_free(value);
  return copy;
}

bool scheme_in(CURLU* handle, const auto& schemes) {
  const auto scheme = get_part(handle, CURLUPART_SCHEME);
  return scheme && std::find(schemes.begin(), schemes.end(), *scheme) != schemes.end();
}

// RFC 3986 section 6.2.2: percent-encoded octets compare equal whatever the hex case, and an
// encoded unreserved character equals the character itself. libcurl 7.88 does neither (it even
// writes its own encodings in lower case), so every %XX becomes upper case or, when unreserved, the
// plain character.
std::string normalize_percent_encoding(std::string_view url) {
  const auto hex_value = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return (lower >= 'a' && lower <= 'f') ? lower - 'a' + 10 : -1;
  };
  const auto is_unreserved = [](int c) {
    return c < 0x80 && (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~');
  };
  std::string out;
  out.reserve(url.size());
  for (std::size_t i = 0; i < url.size(); ++i) {
    const int high = (url[i] == '%' && i + 2 < url.size()) ? hex_value(url[i + 1]) : -1;
    const int low = high >= 0 ? hex_value(url[i + 2]) : -1;
    if (low < 0) {
      out.push_back(url[i]);
      continue;
    }
    const int octet = high * 16 + low;
    if (is_unreserved(octet)) {
      out.push_back(static_cast<char>(octet));
    } else {
      constexpr std::string_view kHexDigits = "0123456789ABCDEF";
      out += '%';
      out += kHexDigits[static_cast<std::size_t>(high)];
      out += kHexDigits[static_cast<std::size_t>(low)];
    }
    i += 2;
  }
  return out;
}

// The query of the dedup key: empty parameters and tracking parameters dropped, the rest sorted by
// name; parameters with the same name keep their order, since it can carry meaning (a=1&a=2).
std::string canonical_query(std::string_view query) {
  struct Param {
    std::string_view name, whole;
  };
  std::vector<Param> params;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view whole = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    const std::string_view name = whole.substr(0, whole.find('='));
    if (!whole.empty() && !is_tracking_param(name)) params.push_back({name, whole});
  }
  std::stable_sort(params.begin(), params.end(),
                   [](const Param& a, const Param& b) { return a.name < b.name; });
  std::string joined;
  for (const Param& param : params) {
    if (!joined.empty()) joined += '&';
    joined += param.whole;
  }
  return joined;
}

}  // namespace

std::optional<std::string> resolve_url(std::string_view base, std::string_view reference) {
  const std::string cleaned = clean_reference(reference);
  CurlUrl handle = parse_absolute(clean_reference(base));
  if (!handle) {
    // Without a usable base only an absolute reference can be resolved.
    CurlUrl absolute = parse_absolute(cleaned);
    return absolute ? get_part(absolute.get(), CURLUPART_URL) : std::nullopt;
  }
  // libcurl 7.88 resolves "" and "#frag" like "." (dropping the last path segment and the query);
  // RFC 3986 section 5.2.2 keeps the base document and changes only the fragment. The fragment is
  // parsed as part of a whole URL so that libcurl encodes it as it encodes any other.
  if (cleaned.empty() || cleaned.front() == '#') {
    if (curl_url_set(handle.get(), CURLUPART_FRAGMENT, nullptr, 0) != CURLUE_OK) return std::nullopt;
    const auto document = get_part(handle.get(), CURLUPART_URL);
    if (!document || cleaned.empty()) return document;
    CurlUrl with_fragment = parse_absolute(*document + cleaned);
    return with_fragment ? get_part(with_fragment.get(), CURLUPART_URL) : std::nullopt;
  }
  if (cleaned.find('\0') != std::string::npos ||
      curl_url_set(handle.get(), CURLUPART_URL, cleaned.c_str(), kParseFlags) != CURLUE_OK) {
    return std::nullopt;
  }
  return get_part(handle.get(), CURLUPART_URL);
}

std::optional<std::string> canonicalize_url(std::string_view url) {
  CurlUrl parsed = parse_absolute(clean_reference(url));
  if (!parsed || !scheme_in(parsed.get(), kCanonicalSchemes)) return std::nullopt;
  curl_url_set(parsed.get(), CURLUPART_FRAGMENT, nullptr, 0);
  const auto written = get_part(parsed.get(), CURLUPART_URL);
  if (!written) return std::nullopt;

  // Parsed a second time so that libcurl removes the dot segments that decoding may reveal
  // ("%2E%2E").
  CurlUrl handle = parse_absolute(normalize_percent_encoding(*written));
  if (!handle) return std::nullopt;
  if (const auto host = get_part(handle.get(), CURLUPART_HOST)) {
    const std::string lowered = lower_ascii(*host);
    if (lowered != *host &&
        curl_url_set(handle.get(), CURLUPART_HOST, lowered.c_str(), 0) != CURLUE_OK) {
      return std::nullopt;
    }
  }
  if (const auto query = get_part(handle.get(), CURLUPART_QUERY)) {
    const std::string kept = canonical_query(*query);
    if (curl_url_set(handle.get(), CURLUPART_QUERY, kept.empty() ? nullptr : kept.c_str(), 0) !=
        CURLUE_OK) {
      return std::nullopt;
    }
  }
  // libcurl 7.88 writes a query it was given back with lower-case hex: normalise once more.
  const auto key = get_part(handle.get(), CURLUPART_URL, CURLU_NO_DEFAULT_PORT);
  return key ? std::optional<std::string>(normalize_percent_encoding(*key)) : std::nullopt;
}

std::optional<std::string> absolute_http_url(std::string_view url) {
  CurlUrl handle = parse_absolute(clean_reference(url));
  if (!handle || !scheme_in(handle.get(), kHttpSchemes)) return std::nullopt;
  return get_part(handle.get(), CURLUPART_URL);
}

std::optional<std::string> without_fragment(std::string_view url) {
  CurlUrl handle = parse_absolute(clean_reference(url));
  if (!handle || curl_url_set(handle.get(), CURLUPART_FRAGMENT, nullptr, 0) != CURLUE_OK) {
    return std::nullopt;
  }
  return get_part(handle.get(), CURLUPART_URL);
}

std::optional<std::string> url_host(std::string_view url) {
  CurlUrl handle = parse_absolute(clean_reference(url));
  if (!handle) return std::nullopt;
  const auto host = get_part(handle.get(), CURLUPART_HOST);
  return host ? std::optional<std::string>(lower_ascii(*host)) : std::nullopt;
}

}  // namespace gleaner::sources
