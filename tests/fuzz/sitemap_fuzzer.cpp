// libFuzzer target for sitemaps: arbitrary bytes through parse_sitemap (urlset, sitemap index, news
// sitemaps, text sitemaps, gzip, feeds offered as sitemaps). Any crash, sanitizer report or
// exception, or a URL or child sitemap that is not absolute http(s), is a finding.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sources/sitemap.h"

namespace {

bool http_url(const std::string& url) { return url.starts_with("http://") || url.starts_with("https://"); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view document(reinterpret_cast<const char*>(data), size);
    const auto result = gleaner::sources::parse_sitemap(document, "https://news.example.com/sitemap.xml");
    for (const auto& entry : result.urls)
        if (!http_url(entry.url)) std::abort();
    for (const auto& child : result.sitemaps)
        if (!http_url(child)) std::abort();
    return 0;
}
