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

// The first date written inside a short text ("By Jane Doe - Mar 27, 2024", "23.07.2025 · 6 min read",
// "Publié le 3 mars 2025", "2025年12月18日"): a day with its month (a number, or a month's name in
// English, German, French, Spanish, Italian, Portuguese, Dutch, Polish or a Scandinavian language)
// and a four-digit year. The whole text as parse_date reads it first (that keeps the time); else
// the first day written in it, as "YYYY-MM-DD". Texts longer than a byline line are not searched.
std::optional<std::string> find_date(std::string_view text);

// The day encoded in a URL path (/2024/05/01/, /2024-05-01-slug, /20240501/, /2024/may/01/,
// /slug-20240501/), or nullopt.
std::optional<std::string> date_from_url(std::string_view url);

}  // namespace gleaner::extract
