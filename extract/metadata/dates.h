// Date parsing for metadata: the formats news sites use (ISO 8601 variants, RFC 822/1123,
// "May 1, 2024", "2024/05/01", epoch seconds, dates in URL paths), normalised to ISO 8601.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gleaner::extract {

// A date as found: ISO 8601 ("2024-05-01T10:00:00+02:00" when the time and offset are known,
// "2024-05-01T10:00:00" when the zone is unknown, "2024-05-01" for a day), and where it came from
// (e.g. "json-ld:datePublished", "meta:article:published_time", "time[datetime]", "url").
struct DateInfo {
    std::string iso;
    std::string source;
    bool operator==(const DateInfo&) const = default;
};

// Parses one date value (an attribute or a short text such as "Published May 1, 2024 10:00 AM EDT").
// Returns nullopt when the text is not a date, or names an impossible day (2024-02-30) or a year
// outside 1970-2100.
std::optional<std::string> parse_date(std::string_view text);

// The day encoded in a URL path (/2024/05/01/, /2024-05-01-slug, /20240501/, /2024/may/01/,
// /slug-20240501/), or nullopt.
std::optional<std::string> date_from_url(std::string_view url);

}  // namespace gleaner::extract
