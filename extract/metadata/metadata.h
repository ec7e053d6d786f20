// Article metadata from a parsed page: title, authors, dates, language, canonical URL, site name,
// description, lead image, section and tags, JSON-LD body and paywall status.
// Sources, best first: JSON-LD, OpenGraph and other <meta>, microdata, then heuristics on the page.
#pragma once

#include <gumbo.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extract/metadata/dates.h"     // DateInfo
#include "extract/metadata/language.h"  // detect_language

namespace gleaner::extract {

struct Metadata {
    std::string title;  // without " | Site Name" suffixes
    std::vector<std::string> authors;
    std::optional<DateInfo> published, modified;
    std::string language, language_source;  // "html-lang" | "meta" | "json-ld" | "detected"
    std::string canonical_url, site_name, description, image, section;
    std::vector<std::string> tags;
    std::string json_ld_body;  // JSON-LD articleBody when present (content helper may fall back on it)
    bool paywalled = false;    // isAccessibleForFree false, or paywall markup found
    std::string paywall_reason;
    // What the page says it is (page type signals): JSON-LD @types and og:type, lower case.
    std::vector<std::string> json_ld_types;
    std::string og_type;
};

// page_url resolves relative canonical and image URLs and supplies a date from its path as a last
// resort; "" when unknown.
Metadata extract_metadata(const GumboOutput& doc, std::string_view page_url);

}  // namespace gleaner::extract
