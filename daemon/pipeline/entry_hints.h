// What a feed or sitemap said about an entry, carried along with its URL and used when the page
// itself says less.
#pragma once

#include <string>

namespace gleaner::pipeline {

struct EntryHints {
    std::string title;
    std::string author;
    std::string published_iso;
};

// An article URL a feed, sitemap or section page listed, with what the listing said about it.
struct ListedUrl {
    std::string url;
    EntryHints hints;
};

}  // namespace gleaner::pipeline
