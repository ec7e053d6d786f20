// entry.h — one article URL found in a feed or sitemap, with the hints that came with it.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace gleaner::sources {

struct Entry {
  // Absolute, as found: resolved against xml:base / the document URL, not canonicalised.
  std::string url;
  // Plain text hint for metadata (HTML and entities decoded); may be empty.
  std::string title;
  // Plain text; several authors joined with ", "; may be empty.
  std::string author;
  // The entry date: pubDate / dc:date / Atom published (else updated) / news:publication_date
  // (else lastmod).
  std::optional<std::chrono::system_clock::time_point> published;
  // The same as ISO 8601 UTC text ("2024-05-01T10:00:00Z"); empty when unknown.
  std::string published_iso;
  // Full content when the feed carries it (content:encoded, Atom content, JSON Feed content_html):
  // a fallback when the page itself cannot be fetched.
  std::string content_html;
};

// Takes the entries of a document one at a time, as a streaming reader finds them.
using EntrySink = std::function<void(Entry&& entry)>;

}  // namespace gleaner::sources
