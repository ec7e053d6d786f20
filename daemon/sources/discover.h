// discover.h — finding a site's feeds: the feeds a page announces, and the paths where feeds
// usually live for sites that announce none.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gleaner::sources {

// The hrefs of <link rel="alternate" type="application/rss+xml | atom+xml | rdf+xml | feed+json">
// elements, resolved against <base href> (else page_url), http(s) only, de-duplicated in page
// order. Feeds on other hosts (feed services) are kept.
std::vector<std::string> discover_feeds(std::string_view html_utf8, std::string_view page_url);

// Paths to try against a site's root when its pages announce no feed ("/feed", "/rss.xml", ...),
// most common first. Resolve each against the site URL with resolve_url.
const std::vector<std::string>& common_feed_paths();

}  // namespace gleaner::sources
