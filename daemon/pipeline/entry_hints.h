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

}  // namespace gleaner::pipeline
