// feed_formats.h — the per-format feed readers behind parse_feed (and parse_sitemap, which accepts
// a feed as a sitemap, as the sitemaps protocol allows). Internal to gleaner_sources.
#pragma once

#include <libxml/tree.h>

#include <optional>
#include <string>
#include <string_view>

#include "sources/feed.h"

namespace gleaner::sources {

// Namespaces the readers recognise.
namespace ns {
inline constexpr std::string_view kNone = "";
inline constexpr std::string_view kAtom = "http://www.w3.org/2005/Atom";
inline constexpr std::string_view kRss10 = "http://purl.org/rss/1.0/";
inline constexpr std::string_view kRss090 = "http://my.netscape.com/rdf/simple/0.9/";
inline constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline constexpr std::string_view kDublinCore = "http://purl.org/dc/elements/1.1/";
inline constexpr std::string_view kContent = "http://purl.org/rss/1.0/modules/content/";
inline constexpr std::string_view kFeedburner = "http://rssnamespace.org/feedburner/ext/1.0";
}  // namespace ns

// The document without a UTF-8 byte order mark and leading whitespace: where its syntax shows.
std::string_view without_bom_and_space(std::string_view document);

// "first; second", or whichever is not empty.
inline std::string join_errors(const std::string& first, const std::string& second) {
  if (first.empty()) return second;
  if (second.empty()) return first;
  return first + "; " + second;
}

// The feed in a parsed XML document; nullopt when its root element is no feed format's.
std::optional<FeedResult> read_xml_feed(const xmlDoc& doc, std::string_view feed_url);

// <rss> (0.91-2.0, items in no namespace) and <rdf:RDF> (RSS 1.0 / 0.90, items in item_ns).
FeedResult read_rss(const xmlNode& root, std::string_view feed_url, std::string_view item_ns);

// <feed xmlns="http://www.w3.org/2005/Atom">.
FeedResult read_atom(const xmlNode& root, std::string_view feed_url);

// A JSON Feed document (https://jsonfeed.org/version/1.1).
FeedResult parse_json_feed(std::string_view document, std::string_view feed_url);

}  // namespace gleaner::sources
