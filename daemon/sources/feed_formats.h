// feed_formats.h — the per-format feed readers behind parse_feed (and parse_sitemap, which accepts
// a feed as a sitemap, as the sitemaps protocol allows). Internal to gleaner_sources.
#pragma once

#include <libxml/tree.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sources/feed.h"
#include "sources/xml_document.h"

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

// Reads the XML feed formats from a stream of elements (xml::stream_elements): made for the root
// element, then asked about each element below it. Items and entries go to the sink as they are read.
class XmlFeedReader {
public:
  // nullopt when `root` is the root of no XML feed format (rss, rdf:RDF, atom:feed).
  static std::optional<XmlFeedReader> for_root(const xml::ElementStart& root, std::string_view feed_url,
                                               const EntrySink& sink);
  xml::Step decide(const xml::ElementStart& element);
  bool take(const xmlNode& element);
  const std::string& title() const { return title_; }

private:
  enum class Format { rss, rdf, atom };
  XmlFeedReader(Format format, std::string_view item_ns, std::string_view feed_url, const EntrySink& sink)
      : format_(format), item_ns_(item_ns), feed_url_(feed_url), sink_(&sink) {}

  Format format_;
  std::string item_ns_;  // RSS: the namespace of its own elements (rdf:RDF: set by its channel)
  std::string feed_url_;
  const EntrySink* sink_;
  std::string title_;
  std::vector<std::string> feed_authors_;  // Atom: the feed's authors met so far
};

// One <item> of RSS 0.9x/2.0 (elements in no namespace) or RSS 1.0 / 0.90 (in item_ns).
std::optional<Entry> read_rss_item(const xmlNode& item, std::string_view item_ns, std::string_view feed_url);
// One atom:entry; `feed_authors` serve when neither the entry nor its source names an author.
std::optional<Entry> read_atom_entry(const xmlNode& entry, std::string_view feed_url,
                                     const std::string& feed_authors);
// An Atom text construct (text, html, xhtml) as plain text.
std::string atom_text(const xmlNode* node);

// A JSON Feed document (https://jsonfeed.org/version/1.1), items to the sink as they are read.
FeedResult stream_json_feed(std::string_view document, std::string_view feed_url, const EntrySink& sink);

}  // namespace gleaner::sources
