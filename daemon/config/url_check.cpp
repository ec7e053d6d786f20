// URL checks through libcurl's URL API (curl_url_set/curl_url_get), so the daemon accepts exactly the
// URLs its fetcher will be able to use.
#include "config/url_check.h"

#include <algorithm>
#include <array>
#include <memory>

#include <curl/curl.h>

namespace gleaner::config {
namespace {

constexpr std::array<std::string_view, 3> kSourceSchemes{"http", "https", "file"};

struct UrlDeleter {
    void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

struct CurlString {
    char* text = nullptr;
    ~CurlString() { curl_free(text); }
};

std::string scheme_list() {
    std::string text;
    for (std::size_t i = 0; i < kSourceSchemes.size(); ++i) {
        text += (i == 0 ? "" : i + 1 == kSourceSchemes.size() ? " or " : ", ");
        text += kSourceSchemes[i];
    }
    return text;
}

CheckedUrl file_url_from_relative(std::string_view relative, const std::filesystem::path& base_dir) {
    std::string absolute = (base_dir / std::string(relative)).lexically_normal().string();
    UrlHandle url(curl_url());
    CurlString built;
    CURLUcode code = curl_url_set(url.get(), CURLUPART_SCHEME, "file", 0);
    if (code == CURLUE_OK) {
        // URL-encodes what needs it (spaces, '%', ...) but keeps the slashes.
        code = curl_url_set(url.get(), CURLUPART_PATH, absolute.c_str(), CURLU_URLENCODE);
    }
    if (code == CURLUE_OK) {
        code = curl_url_get(url.get(), CURLUPART_URL, &built.text, 0);
    }
    if (code != CURLUE_OK) {
        return {"", std::string("invalid file URL: ") + curl_url_strerror(code)};
    }
    return {built.text, ""};
}

}  // namespace

CheckedUrl check_source_url(std::string_view text, const std::filesystem::path& base_dir) {
    constexpr std::string_view kFilePrefix = "file:";
    if (text.starts_with(kFilePrefix) && text.size() > kFilePrefix.size() && text[kFilePrefix.size()] != '/') {
        return file_url_from_relative(text.substr(kFilePrefix.size()), base_dir);
    }
    std::string written(text);
    UrlHandle url(curl_url());
    const std::string unsupported = "unsupported URL scheme in \"" + written + "\" (use " + scheme_list() + ")";
    CURLUcode code = curl_url_set(url.get(), CURLUPART_URL, written.c_str(), 0);
    if (code == CURLUE_UNSUPPORTED_SCHEME) {  // one curl does not know, e.g. mailto:
        return {"", unsupported};
    }
    if (code != CURLUE_OK) {
        return {"", "invalid URL \"" + written + "\": " + curl_url_strerror(code)};
    }
    CurlString scheme;  // one curl knows but the fetcher does not take, e.g. ftp:
    curl_url_get(url.get(), CURLUPART_SCHEME, &scheme.text, 0);
    std::string_view scheme_text = scheme.text != nullptr ? scheme.text : "";
    if (std::find(kSourceSchemes.begin(), kSourceSchemes.end(), scheme_text) == kSourceSchemes.end()) {
        return {"", unsupported};
    }
    return {written, ""};
}

std::string check_url(std::string_view text, const std::vector<std::string>& schemes) {
    const std::string written(text);
    std::string allowed;
    for (std::size_t i = 0; i < schemes.size(); ++i)
        allowed += (i == 0 ? "" : i + 1 == schemes.size() ? " or " : ", ") + schemes[i] + "://";
    UrlHandle url(curl_url());
    // Non-supported schemes are parsed too, so that the message says which ones are wanted.
    const CURLUcode code = curl_url_set(url.get(), CURLUPART_URL, written.c_str(), CURLU_NON_SUPPORT_SCHEME);
    if (code != CURLUE_OK) {
        return "invalid URL \"" + written + "\": " + curl_url_strerror(code) +
               (allowed.empty() ? "" : " (expected a URL starting with " + allowed + ")");
    }
    CurlString scheme;
    curl_url_get(url.get(), CURLUPART_SCHEME, &scheme.text, 0);
    const std::string scheme_text = scheme.text != nullptr ? scheme.text : "";
    if (!schemes.empty() && std::find(schemes.begin(), schemes.end(), scheme_text) == schemes.end()) {
        return "\"" + written + "\": expected a URL starting with " + allowed;
    }
    return "";
}

}  // namespace gleaner::config
