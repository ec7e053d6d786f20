// What one metadata source (JSON-LD, <meta> tags, microdata, page heuristics) found; extract_metadata
// merges these, best source first.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "extract/metadata/dates.h"

namespace gleaner::extract {

struct Candidates {
    std::vector<std::string> titles;         // this source's headlines, best first
    std::vector<std::string> authors;        // people, raw (cleaned and split by the merger)
    std::vector<std::string> organisations;  // organisations named as author: used only if no person
    std::optional<DateInfo> published, modified;
    std::string language;
    std::string canonical_url, site_name, description, image, section;
    std::vector<std::string> tags;
    std::string body;            // JSON-LD articleBody
    std::string paywall_reason;  // non-empty: this source says the article is paywalled
    bool declares_free = false;  // this source says the article is free (isAccessibleForFree true)
    std::vector<std::string> types;  // JSON-LD: every node's @type, first seen first (page type signal)
};

}  // namespace gleaner::extract
