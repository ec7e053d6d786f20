// parse_date and date_from_url. Field parsing is strptime's (C locale month and day names), day
// validation is std::chrono's, epoch conversion is gmtime_r's; this file only chooses formats,
// which are data below. Patterns use RE2 (linear time, no recursion) because they see page text.
#include "extract/metadata/dates.h"

#include <time.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <chrono>
#include <cstdio>
#include <vector>

#include <re2/re2.h>

namespace gleaner::extract {
namespace {

enum class Precision { day, minute, second };

struct Format {
    const char* pattern;  // strptime pattern; the whole (trimmed) text must match
    Precision precision;
    bool has_offset;      // pattern ends in %z

    bool opens_with_number() const { return pattern[1] == 'Y' || pattern[1] == 'd'; }
};

// Tried in order. %z accepts "Z", "+02:00", "+0200"; named zones are handled by kZoneNames.
constexpr auto kFormats = std::to_array<Format>({
    {"%Y-%m-%dT%H:%M:%S%z", Precision::second, true},
    {"%Y-%m-%dT%H:%M:%S", Precision::second, false},
    {"%Y-%m-%dT%H:%M%z", Precision::minute, true},
    {"%Y-%m-%dT%H:%M", Precision::minute, false},
    {"%Y-%m-%d %H:%M:%S%z", Precision::second, true},
    {"%Y-%m-%d %H:%M:%S %z", Precision::second, true},
    {"%Y-%m-%d %H:%M:%S", Precision::second, false},
    {"%Y-%m-%d %H:%M%z", Precision::minute, true},
    {"%Y-%m-%d %H:%M", Precision::minute, false},
    {"%Y-%m-%d", Precision::day, false},
    {"%Y/%m/%d %H:%M:%S", Precision::second, false},
    {"%Y/%m/%d %H:%M", Precision::minute, false},
    {"%Y/%m/%d", Precision::day, false},
    {"%Y.%m.%d", Precision::day, false},
    {"%Y%m%dT%H%M%S%z", Precision::second, true},
    {"%a, %d %b %Y %H:%M:%S %z", Precision::second, true},  // RFC 822 / 1123
    {"%a, %d %b %Y %H:%M %z", Precision::minute, true},
    {"%a, %d %b %Y %H:%M:%S", Precision::second, false},
    {"%d %b %Y %H:%M:%S %z", Precision::second, true},
    {"%a %b %d %H:%M:%S %z %Y", Precision::second, true},  // ctime-like, as in some feeds
    {"%a %b %d %Y %H:%M:%S GMT%z", Precision::second, true},  // JavaScript Date.toString()
    {"%d %b %Y %H:%M %z", Precision::minute, true},          // "19 Nov 2019 05:44 GMT"
    {"%B %d, %Y %I:%M %p %z", Precision::minute, true},   // "May 1, 2024 10:00 AM +0200"
    {"%B %d, %Y, %I:%M %p %z", Precision::minute, true},
    {"%B %d, %Y %H:%M %z", Precision::minute, true},
    {"%B %d, %Y %I:%M %p", Precision::minute, false},
    {"%B %d, %Y, %I:%M %p", Precision::minute, false},
    {"%B %d, %Y at %I:%M %p", Precision::minute, false},
    {"%B %d, %Y %H:%M", Precision::minute, false},
    {"%B %d, %Y", Precision::day, false},                  // %B also matches abbreviations ("Sep")
    {"%B %d %Y", Precision::day, false},
    {"%a, %B %d, %Y", Precision::day, false},
    {"%A, %B %d, %Y", Precision::day, false},
    {"%d %B %Y %H:%M", Precision::minute, false},
    {"%d %B %Y", Precision::day, false},
    {"%d %B, %Y", Precision::day, false},
    {"%A %d %B %Y", Precision::day, false},
    {"%A, %d %B %Y", Precision::day, false},
});

// Zone abbreviations RFC 822 names (plus UTC), which %z does not read.
struct ZoneName {
    std::string_view name;
    const char* offset;
};
constexpr auto kZoneNames = std::to_array<ZoneName>({
    {"UTC", "+0000"}, {"GMT", "+0000"}, {"UT", "+0000"}, {"EST", "-0500"}, {"EDT", "-0400"},
    {"CST", "-0600"}, {"CDT", "-0500"}, {"MST", "-0700"}, {"MDT", "-0600"}, {"PST", "-0800"},
    {"PDT", "-0700"}, {"BST", "+0100"}, {"CET", "+0100"}, {"CEST", "+0200"},
});

// Words that introduce a date in bylines ("Published: May 1, 2024"); removed before parsing.
constexpr auto kLeadingWords = std::to_array<std::string_view>({
    "published on", "published:", "published", "posted on", "posted:", "posted", "updated on",
    "updated:", "updated", "last updated:", "last updated", "last modified:", "date:", "on",
});

// Month names and abbreviations as pages write them, lower case, with their month. Longer spellings
// are tried before their prefixes ("sept" before "sep").
struct MonthName {
    std::string_view name;
    int month;
};
constexpr auto kMonthNames = std::to_array<MonthName>({
    // English
    {"january", 1}, {"february", 2}, {"march", 3}, {"april", 4}, {"may", 5}, {"june", 6}, {"july", 7},
    {"august", 8}, {"september", 9}, {"october", 10}, {"november", 11}, {"december", 12},
    {"jan", 1}, {"feb", 2}, {"mar", 3}, {"apr", 4}, {"jun", 6}, {"jul", 7}, {"aug", 8}, {"sept", 9},
    {"sep", 9}, {"oct", 10}, {"nov", 11}, {"dec", 12},
    // German
    {"januar", 1}, {"jänner", 1}, {"februar", 2}, {"märz", 3}, {"mai", 5}, {"juni", 6}, {"juli", 7},
    {"oktober", 10}, {"dezember", 12}, {"mär", 3}, {"mrz", 3}, {"okt", 10}, {"dez", 12},
    // French
    {"janvier", 1}, {"février", 2}, {"fevrier", 2}, {"mars", 3}, {"avril", 4}, {"juin", 6},
    {"juillet", 7}, {"août", 8}, {"aout", 8}, {"septembre", 9}, {"octobre", 10}, {"novembre", 11},
    {"décembre", 12}, {"decembre", 12}, {"janv", 1}, {"févr", 2}, {"avr", 4}, {"juil", 7}, {"déc", 12},
    // Spanish
    {"enero", 1}, {"febrero", 2}, {"marzo", 3}, {"abril", 4}, {"mayo", 5}, {"junio", 6}, {"julio", 7},
    {"agosto", 8}, {"septiembre", 9}, {"setiembre", 9}, {"octubre", 10}, {"noviembre", 11},
    {"diciembre", 12}, {"ene", 1}, {"abr", 4}, {"ago", 8}, {"dic", 12},
    // Italian
    {"gennaio", 1}, {"febbraio", 2}, {"aprile", 4}, {"maggio", 5}, {"giugno", 6}, {"luglio", 7},
    {"settembre", 9}, {"ottobre", 10}, {"dicembre", 12}, {"gen", 1}, {"mag", 5}, {"giu", 6},
    {"lug", 7}, {"set", 9}, {"ott", 10},
    // Portuguese
    {"janeiro", 1}, {"fevereiro", 2}, {"março", 3}, {"maio", 5}, {"junho", 6}, {"julho", 7},
    {"setembro", 9}, {"outubro", 10}, {"novembro", 11}, {"dezembro", 12}, {"fev", 2},
    // Dutch
    {"januari", 1}, {"februari", 2}, {"maart", 3}, {"mei", 5}, {"augustus", 8}, {"mrt", 3},
    // Swedish, Danish, Norwegian
    {"augusti", 8}, {"marts", 3}, {"maj", 5}, {"desember", 12},
    // Polish (the genitive a date uses, and the nominative)
    {"stycznia", 1}, {"lutego", 2}, {"marca", 3}, {"kwietnia", 4}, {"maja", 5}, {"czerwca", 6},
    {"lipca", 7}, {"sierpnia", 8}, {"września", 9}, {"października", 10}, {"listopada", 11},
    {"grudnia", 12}, {"styczeń", 1}, {"luty", 2}, {"marzec", 3}, {"kwiecień", 4}, {"czerwiec", 6},
    {"lipiec", 7}, {"sierpień", 8}, {"wrzesień", 9}, {"październik", 10}, {"listopad", 11},
    {"grudzień", 12},
});

// A byline line with a date ("By Jane Doe · March 3, 2025 · 6 min read") is shorter than this; a
// longer text is a paragraph, whose dates are what it tells of.
constexpr std::size_t kMaxDatedLine = 160;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Whether `text` holds `length` ASCII digits in a row.
bool has_digit_run(std::string_view text, std::size_t length) {
    std::size_t run = 0;
    for (char c : text) {
        run = is_digit(c) ? run + 1 : 0;
        if (run == length) return true;
    }
    return false;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

bool starts_with_nocase(std::string_view text, std::string_view lower_prefix) {
    if (text.size() < lower_prefix.size()) return false;
    for (std::size_t i = 0; i < lower_prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[i])) != lower_prefix[i]) return false;
    }
    return true;
}

// Normalises what strptime cannot read: drops leading words, fractional seconds (".123" after the
// seconds of an ISO time), a trailing named zone (replaced by its numeric offset), and collapses
// whitespace.
std::string prepare(std::string_view text) {
    text = trim(text);
    for (bool stripped = true; stripped;) {
        stripped = false;
        for (std::string_view word : kLeadingWords) {
            if (starts_with_nocase(text, word) && (text.size() == word.size() || !std::isalpha(static_cast<unsigned char>(text[word.size()])))) {
                text = trim(text.substr(word.size()));
                stripped = true;
            }
        }
    }
    std::string prepared;
    for (char c : text) {
        if (is_space(c)) {
            if (!prepared.empty() && prepared.back() != ' ') prepared += ' ';
        } else {
            prepared += c;
        }
    }
    static const RE2 fraction(R"((T\d{2}:\d{2}:\d{2})[.,]\d+)");
    RE2::Replace(&prepared, fraction, "\\1");
    for (const ZoneName& zone : kZoneNames) {
        const std::string_view before_zone = std::string_view(prepared).substr(0, prepared.size() - std::min(prepared.size(), zone.name.size()));
        if (prepared.ends_with(zone.name) && before_zone.ends_with(' ')) {
            prepared.resize(before_zone.size());
            prepared += zone.offset;
            break;
        }
    }
    return prepared;
}

bool valid_day(const std::tm& fields) {
    using namespace std::chrono;
    const year_month_day day{year{fields.tm_year + 1900}, month{static_cast<unsigned>(fields.tm_mon + 1)},
                             std::chrono::day{static_cast<unsigned>(fields.tm_mday)}};
    return day.ok() && day.year() >= year{1970} && day.year() <= year{2100};
}

std::string format_iso(const std::tm& fields, Precision precision, std::optional<long> offset_seconds) {
    char buffer[64];
    if (precision == Precision::day) {
        std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", fields.tm_year + 1900, fields.tm_mon + 1, fields.tm_mday);
        return buffer;
    }
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d", fields.tm_year + 1900, fields.tm_mon + 1,
                  fields.tm_mday, fields.tm_hour, fields.tm_min, precision == Precision::second ? fields.tm_sec : 0);
    std::string iso = buffer;
    if (offset_seconds) {
        const long minutes = std::labs(*offset_seconds) / 60;
        std::snprintf(buffer, sizeof buffer, "%c%02ld:%02ld", *offset_seconds < 0 ? '-' : '+', minutes / 60, minutes % 60);
        iso += buffer;
    }
    return iso;
}

// "a<sep>b<sep>c" (not written with operator+: GCC 12 -O3 raises a false -Wrestrict on it).
std::string join3(const std::string& a, const std::string& b, const std::string& c, char separator) {
    std::string joined = a;
    joined += separator;
    joined += b;
    joined += separator;
    joined += c;
    return joined;
}

// Ten-digit (seconds) or thirteen-digit (milliseconds) epoch values, as in data attributes.
std::optional<std::string> parse_epoch(const std::string& text) {
    static const RE2 epoch(R"(\d{10}|\d{13})");
    if (!RE2::FullMatch(text, epoch)) return std::nullopt;
    std::time_t seconds = static_cast<std::time_t>(std::stoll(text.substr(0, 10)));
    std::tm fields{};
    if (!gmtime_r(&seconds, &fields) || !valid_day(fields)) return std::nullopt;
    return format_iso(fields, Precision::second, 0);
}

// Patterns over the month names, built once: longest names first so that an alternation prefers
// "september" to "sep".
std::string month_alternation() {
    std::vector<std::string_view> names;
    for (const MonthName& month : kMonthNames) names.push_back(month.name);
    std::stable_sort(names.begin(), names.end(), [](std::string_view a, std::string_view b) { return a.size() > b.size(); });
    std::string alternation;
    for (std::string_view name : names) {
        if (!alternation.empty()) alternation += '|';
        alternation += RE2::QuoteMeta(name);
    }
    return alternation;
}

std::optional<int> month_number(std::string_view written) {
    std::string lowered;
    for (char c : written) lowered += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const MonthName& month : kMonthNames) {
        if (month.name == lowered) return month.month;
    }
    return std::nullopt;  // upper-case non-ASCII letters ("MÄRZ"): not lowered here, not read
}

// A day found in a text: where it starts, and its year, month and day.
struct FoundDay {
    std::size_t at = std::string::npos;
    int year = 0, month = 0, day = 0;
};

void keep_earliest(FoundDay& best, std::size_t at, int year, int month, int day) {
    if (at < best.at) best = {at, year, month, day};
}

}  // namespace

std::optional<std::string> find_date(std::string_view text) {
    if (text.size() > kMaxDatedLine) return std::nullopt;
    if (auto whole = parse_date(text)) return whole;
    static const std::string months = month_alternation();
    // Month name, day, year: "December 19, 2025", "Dec. 17th 2025", "Sep 21, 2025 at 3:00".
    static const RE2 month_first("(?i)(?:^|[^\\pL])(" + months + ")\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?:\\D|$)");
    // Day, month name, year: "15 August 2025", "3. März 2025", "3 de marzo de 2025", "20 Dec 2025, 11:59".
    static const RE2 day_first("(?i)(?:^|[^\\d\\pL])(\\d{1,2})(?:\\.|st|nd|rd|th|er)?\\s*(?:de\\s+)?(" + months +
                               ")\\.?,?\\s*(?:de\\s+)?(\\d{4})(?:\\D|$)");
    // Year first: "2025-12-17", "2025.12.17", "2025/4/29"; CJK "2025年12月18日", Korean "2025년 12월 18일".
    static const RE2 year_first(R"((?:^|\D)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\D|$))");
    static const RE2 cjk(R"((\d{4})\s*(?:年|년)\s*(\d{1,2})\s*(?:月|월)\s*(\d{1,2})\s*(?:日|일))");
    // Day or month first, in numbers: "23.07.2025" (day first), "10/31/2024" (month first unless the
    // first number cannot be a month).
    static const RE2 numeric(R"((?:^|[^\d.])(\d{1,2})([./])(\d{1,2})[./](\d{4})(?:\D|$))");

    FoundDay best;
    re2::StringPiece input(text.data(), text.size());
    re2::StringPiece groups[5];
    if (month_first.Match(input, 0, input.size(), RE2::UNANCHORED, groups, 4)) {
        if (auto month = month_number({groups[1].data(), groups[1].size()}))
            keep_earliest(best, static_cast<std::size_t>(groups[1].data() - text.data()), std::atoi(std::string(groups[3]).c_str()),
                          *month, std::atoi(std::string(groups[2]).c_str()));
    }
    if (day_first.Match(input, 0, input.size(), RE2::UNANCHORED, groups, 4)) {
        if (auto month = month_number({groups[2].data(), groups[2].size()}))
            keep_earliest(best, static_cast<std::size_t>(groups[1].data() - text.data()), std::atoi(std::string(groups[3]).c_str()),
                          *month, std::atoi(std::string(groups[1]).c_str()));
    }
    for (const RE2* pattern : {&year_first, &cjk}) {
        if (pattern->Match(input, 0, input.size(), RE2::UNANCHORED, groups, 4)) {
            keep_earliest(best, static_cast<std::size_t>(groups[1].data() - text.data()), std::atoi(std::string(groups[1]).c_str()),
                          std::atoi(std::string(groups[2]).c_str()), std::atoi(std::string(groups[3]).c_str()));
        }
    }
    if (numeric.Match(input, 0, input.size(), RE2::UNANCHORED, groups, 5)) {
        int first = std::atoi(std::string(groups[1]).c_str()), second = std::atoi(std::string(groups[3]).c_str());
        const bool day_first_order = groups[2] == "." || first > 12;
        keep_earliest(best, static_cast<std::size_t>(groups[1].data() - text.data()), std::atoi(std::string(groups[4]).c_str()),
                      day_first_order ? second : first, day_first_order ? first : second);
    }
    if (best.at == std::string::npos) return std::nullopt;
    char iso[16];
    std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", best.year, best.month, best.day);
    return parse_date(iso);  // validates the day and the year's range
}

std::optional<std::string> parse_date(std::string_view text) {
    if (text.size() > 200) return std::nullopt;  // a paragraph, not a date
    const std::string prepared = prepare(text);
    if (prepared.empty()) return std::nullopt;
    if (auto epoch = parse_epoch(prepared)) return epoch;
    // Compact ISO 8601 day ("20240501"): strptime's %Y would swallow all eight digits.
    static const RE2 compact_day(R"((\d{4})(\d{2})(\d{2}))");
    if (std::string year, month, day; RE2::FullMatch(prepared, compact_day, &year, &month, &day)) {
        return parse_date(join3(year, month, day, '-'));
    }
    // Every format reads a year of four digits (1970-2100): a text without four digits in a row is no
    // whole date, and most texts asked are not, so they are turned away before trying each format.
    if (!has_digit_run(prepared, 4)) return std::nullopt;
    const bool opens_with_number = is_digit(prepared.front());
    for (const Format& format : kFormats) {
        if (format.opens_with_number() != opens_with_number) continue;  // strptime would fail at once, slowly
        std::tm fields{};
        const char* end = strptime(prepared.c_str(), format.pattern, &fields);
        if (!end || *end != '\0' || !valid_day(fields)) continue;
        std::optional<long> offset;
        if (format.has_offset) offset = fields.tm_gmtoff;
        return format_iso(fields, format.precision, offset);
    }
    return std::nullopt;
}

std::optional<std::string> date_from_url(std::string_view url) {
    // Year, month, day as consecutive path parts, joined by '/', '-' or nothing; the day must be
    // followed by a path boundary so that /2024/05/0123 (an id) is not read as a date.
    static const RE2 in_path(R"(/((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:[/\-_.+]|$))");
    // The same with an English month abbreviation (/2019/nov/18/), and a compact day ending a slug
    // (/story-title-20191115/).
    static const RE2 month_name(R"(/((?:19|20)\d{2})/([A-Za-z]{3})/(0?[1-9]|[12]\d|3[01])/)");
    static const RE2 slug_end(R"([-_]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:/|\.html?)?$)");
    const std::string_view path = url.substr(0, url.find_first_of("?#"));
    std::string year, month, day;
    if (RE2::PartialMatch(path, in_path, &year, &month, &day) || RE2::PartialMatch(path, slug_end, &year, &month, &day)) {
        return parse_date(join3(year, month, day, '-'));
    }
    if (RE2::PartialMatch(path, month_name, &year, &month, &day)) return parse_date(join3(day, month, year, ' '));
    return std::nullopt;
}

}  // namespace gleaner::extract
