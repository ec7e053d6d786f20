// sitemap.h — sitemaps to article entries: <urlset> (with Google News and lastmod dates),
// <sitemapindex> (child sitemaps to fetch next), plain-text sitemaps, gzip-compressed bodies, and
// RSS/Atom feeds offered as sitemaps (the sitemaps protocol allows them).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sources/entry.h"

namespace gleaner::sources {

struct SitemapResult {
  std::vector<Entry> urls;            // <url> entries: loc, title from news:title, date from
                                      // news:publication_date else lastmod
  std::vector<std::string> sitemaps;  // children of a sitemap index, absolute
  std::string error;                  // "" when fine; what was recovered before a break is kept
};

// The protocol caps a sitemap at 50 MB uncompressed; a gzip body inflating past this is refused.
inline constexpr std::size_t kMaxSitemapBytes = 64u * 1024 * 1024;

// `document` may be gzip-compressed (recognised by its magic bytes, whatever the HTTP headers
// said).
SitemapResult parse_sitemap(std::string_view document, std::string_view sitemap_url);

// The same read streaming: a gzip body is inflated a piece at a time and each <url> (or feed entry)
// goes to `urls`, each child of an index to `sitemaps`, as soon as it is read, so memory stays near
// one entry's size however long the sitemap. The result's lists stay empty; its error is set.
SitemapResult stream_sitemap(std::string_view document, std::string_view sitemap_url, const EntrySink& urls,
                             const std::function<void(std::string&& child)>& sitemaps);

}  // namespace gleaner::sources
