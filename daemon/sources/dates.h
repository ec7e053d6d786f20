// dates.h — the dates feeds and sitemaps carry: RFC 822/1123 (RSS pubDate, "Tue, 10 Jun 2003
// 04:00:00 GMT", named zones and numeric offsets), RFC 3339 / W3C-DTF (Atom, dc:date, sitemap
// lastmod, news: publication_date, also date-only "2024-05-01"). Internal to gleaner_sources.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace gleaner::sources {

// nullopt when the text is no date either syntax accepts. A date and time without a zone is taken
// as UTC (feeds that omit it give no better guess).
std::optional<std::chrono::system_clock::time_point> parse_feed_date(std::string_view text);

// "2024-05-01T10:00:00Z": second precision, always UTC.
std::string iso8601_utc(std::chrono::system_clock::time_point when);

}  // namespace gleaner::sources
