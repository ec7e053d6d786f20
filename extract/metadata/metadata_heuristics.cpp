// Metadata read from the page when markup does not declare it in a known way: headings, bylines,
// rel=author links, <time> elements, date-named <meta> keys and elements, a date in the URL,
// paywall markup.
#include <optional>
#include <string>

#include "extract/metadata/metadata_dom.h"
#include "extract/metadata/metadata_patterns.h"
#include "extract/metadata/metadata_sources.h"

namespace gleaner::extract {
namespace {

bool contains_any(const std::string& text, std::span<const std::string_view> words) {
    for (std::string_view word : words) {
        if (text.find(word) != std::string::npos) return true;
    }
    return false;
}

// Keys the table does not know but that say what they hold ("sn-post-date", "publish_time"):
// weaker than the known keys and microdata, so they are a heuristic.
void add_unlisted_dates(const PageScan& scan, Candidates& found) {
    for (const MetaTag& meta : scan.metas) {
        if (found.published && found.modified) return;
        if (!contains_any(meta.key, patterns::date_markers()) || contains_any(meta.key, patterns::date_exclusions())) continue;
        const bool modified = contains_any(meta.key, patterns::modified_markers());
        std::optional<DateInfo>& slot = modified ? found.modified : found.published;
        if (slot) continue;
        if (auto iso = parse_date(meta.content)) slot = DateInfo{*iso, dom::concat({"meta:", meta.key})};
    }
}

// "By Jane Doe", "von Max Muster", "Written by ...": a byline prefix, then a word.
bool starts_with_byline_prefix(std::string_view line) {
    std::string head;
    for (char c : line.substr(0, 24)) head.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    for (std::string_view prefix : patterns::byline_prefixes()) {
        if (head.starts_with(prefix) && head.size() > prefix.size() + 1 &&
            (prefix.back() == ':' || head[prefix.size()] == ' '))
            return true;
    }
    return false;
}

// A short line naming its author after a date or a label ("March 15, 2022 · 3 min read · By ASU
// Online", "Updated: May 1 Written by: Jane Doe"): the text from its " by " on, unless the line
// credits a photo, an illustration or a review.
constexpr std::size_t kMaxBylineLine = 160;

std::optional<std::string> byline_inside(std::string_view line) {
    if (line.size() > kMaxBylineLine) return std::nullopt;
    std::string lowered;
    for (char c : line) lowered.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    const std::size_t by = lowered.find(" by");
    if (by == std::string::npos || by + 3 >= lowered.size() || (lowered[by + 3] != ' ' && lowered[by + 3] != ':')) return std::nullopt;
    for (std::string_view other : {"photo", "image", "illustrat", "review", "edited", "video", "sponsored", "powered"}) {
        if (lowered.rfind(other, by) != std::string::npos) return std::nullopt;
    }
    return std::string(line.substr(by + 1));
}

}  // namespace

Candidates heuristic_candidates(const PageScan& scan, std::string_view page_url) {
    Candidates found;
    for (const std::string& h1 : scan.h1s) {
        if (!h1.empty()) found.titles.push_back(h1);
    }
    if (!scan.title.empty()) found.titles.push_back(scan.title);

    for (const LinkTag& link : scan.links) {
        // rel may list several values ("author external").
        if (dom::concat({" ", link.rel, " "}).find(" author ") != std::string::npos && !link.text.empty()) found.authors.push_back(link.text);
    }
    for (const std::string& byline : scan.bylines) found.authors.push_back(byline);
    // No marked byline: a line under the headline that reads like one ("By Jane Doe", "Von ...").
    for (const std::string& line : scan.near_headline) {
        if (!found.authors.empty()) break;
        if (starts_with_byline_prefix(line)) found.authors.push_back(line);
    }
    for (const std::string& line : scan.near_headline) {
        if (!found.authors.empty()) break;
        if (auto byline = byline_inside(line)) found.authors.push_back(std::move(*byline));
    }

    for (const TimeTag& time : scan.times) {
        std::optional<std::string> iso = parse_date(time.datetime);
        std::string source = "time[datetime]";
        if (!iso) {
            iso = find_date(time.text);
            source = "time";
        }
        if (!iso) continue;
        std::optional<DateInfo>& slot = time.marks_modified ? found.modified : found.published;
        if (!slot) slot = DateInfo{*iso, source};
    }
    add_unlisted_dates(scan, found);
    // Last, the date as the reader sees it under the headline ("By Jane Doe · Published June 12, 2025").
    for (const std::string& line : scan.near_headline) {
        if (found.published) break;
        if (auto iso = find_date(line)) found.published = DateInfo{*iso, "text"};
    }
    for (const TimeTag& dated : scan.dated_elements) {
        std::optional<std::string> iso = parse_date(dated.datetime);
        if (!iso) iso = find_date(dated.text);
        if (!iso) continue;
        std::optional<DateInfo>& slot = dated.marks_modified ? found.modified : found.published;
        if (!slot) slot = DateInfo{*iso, "element[class*=date]"};
    }
    if (!found.published) {
        if (auto iso = date_from_url(page_url)) found.published = DateInfo{*iso, "url"};
    }
    found.paywall_reason = scan.paywall_marker;
    return found;
}

}  // namespace gleaner::extract
