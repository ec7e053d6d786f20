// dates.cpp — parse_feed_date: RFC 3339 through strptime/timegm (glibc's %z reads "Z", "+hh:mm" and
// "+hhmm"), everything else through curl_getdate, which knows RFC 822/850/1123 and asctime forms
// with named and numeric zones. No calendar arithmetic here: timegm and the libraries do it.
#include "sources/dates.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>

namespace gleaner::sources {
namespace {

using Clock = std::chrono::system_clock;

// Tried in order; each must consume the date and time fully, leaving only fraction and zone.
constexpr std::array kRfc3339Layouts = {
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
};

std::string trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return std::string(text);
}

// timegm normalises out-of-range fields ("2024-02-31" becomes March 2nd); such a date is refused.
bool fields_survive_normalisation(const std::tm& parsed, time_t seconds) {
  std::tm back{};
  gmtime_r(&seconds, &back);
  return back.tm_year == parsed.tm_year && back.tm_mon == parsed.tm_mon &&
         back.tm_mday == parsed.tm_mday && back.tm_hour == parsed.tm_hour &&
         back.tm_min == parsed.tm_min;
}

// system_clock counts nanoseconds in 64 bits: about the years 1678 to 2261. A date outside them
// (a typo, or a hostile year 20000) is no date rather than an overflow.
std::optional<Clock::time_point> as_time_point(time_t seconds) {
  constexpr auto kLimit = std::chrono::duration_cast<std::chrono::seconds>(Clock::duration::max()).count();
  if (seconds >= kLimit || seconds <= -kLimit) return std::nullopt;
  return Clock::from_time_t(seconds);
}

std::optional<Clock::time_point> parse_rfc3339(std::string text) {
  // RFC 3339 5.6 allows "t" and "z" in lower case; strptime matches literals exactly.
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  for (const char* layout : kRfc3339Layouts) {
    std::tm fields{};
    const char* rest = strptime(text.c_str(), layout, &fields);
    if (rest == nullptr) continue;
    // strptime has no directive for fractional seconds, which only refine the second: skip them.
    if (*rest == '.' || *rest == ',') {
      ++rest;
      while (std::isdigit(static_cast<unsigned char>(*rest))) ++rest;
    }
    long offset_seconds = 0;
    if (*rest != '\0') {
      std::tm zone{};
      const char* end = strptime(rest, "%z", &zone);
      if (end == nullptr || *end != '\0') continue;
      offset_seconds = zone.tm_gmtoff;
    }
    const std::tm as_parsed = fields;
    const time_t local = timegm(&fields);
    if (local == -1 || !fields_survive_normalisation(as_parsed, local)) continue;
    return as_time_point(local - offset_seconds);
  }
  return std::nullopt;
}

}  // namespace

std::optional<Clock::time_point> parse_feed_date(std::string_view text) {
  const std::string date = trimmed(text);
  if (date.empty() || date.find('\0') != std::string::npos) return std::nullopt;
  if (const auto rfc3339 = parse_rfc3339(date)) return rfc3339;
  const time_t seconds = curl_getdate(date.c_str(), nullptr);
  if (seconds == -1) return std::nullopt;
  return as_time_point(seconds);
}

std::string iso8601_utc(Clock::time_point when) {
  const time_t seconds = Clock::to_time_t(when);
  std::tm fields{};
  gmtime_r(&seconds, &fields);
  std::array<char, 32> text{};
  const std::size_t length = std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &fields);
  return std::string(text.data(), length);
}

}  // namespace gleaner::sources
