// entry.h — one article URL found in a feed or sitemap, with the hints that came with it.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace gleaner::sources {

struct Entry {
  std::string url;     // absolute, as found (resolved against xml:base / the document URL, not canonicalised)
  std::string title;   // plain text hint for metadata (HTML and entities decoded); may be empty
  std::string author;  // plain text; several authors joined with ", "; may be empty
  std::optional<std::chrono::system_clock::time_point> published;  // entry date / lastmod / news:publication_date
  std::string published_iso;  // the same as ISO 8601 UTC text ("2024-05-01T10:00:00Z"); empty when unknown
  std::string content_html;   // full content when the feed carries it (content:encoded, Atom content,
                              // JSON Feed content_html): a fallback when the page cannot be fetched
};

}  // namespace gleaner::sources
