// feed.h — feeds to article entries: RSS 0.9x/2.0, RSS 1.0/RDF (and 0.90), Atom 1.0, JSON Feed 1.x.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sources/entry.h"

namespace gleaner::sources {

struct FeedResult {
  std::vector<Entry>
      entries;        // in document order; entries without a usable http(s) link are left out
  std::string title;  // the feed's own title (plain text)
  std::string error;  // "" when the document was fine; else a clear message ("line 12: ...",
                      // "not a feed: root element <html>"). Entries recovered before a break
                      // in the XML are still returned.
};

// `feed_url` is where the document came from: relative links resolve against it (and xml:base).
FeedResult parse_feed(std::string_view document, std::string_view feed_url);

// The same read streaming: each entry goes to `sink` as soon as it is read, in document order, and
// memory stays near one entry's size however many the feed lists. `entries` stays empty.
FeedResult stream_feed(std::string_view document, std::string_view feed_url, const EntrySink& sink);

}  // namespace gleaner::sources
