// Metadata read from the visible page when markup does not declare it: headings, bylines,
// rel=author links, <time> elements, a date in the URL, paywall markup.
#include "extract/metadata_dom.h"
#include "extract/metadata_sources.h"

namespace gleaner::extract {

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

    for (const TimeTag& time : scan.times) {
        std::optional<std::string> iso = parse_date(time.datetime);
        std::string source = "time[datetime]";
        if (!iso) {
            iso = parse_date(time.text);
            source = "time";
        }
        if (!iso) continue;
        std::optional<DateInfo>& slot = time.marks_modified ? found.modified : found.published;
        if (!slot) slot = DateInfo{*iso, source};
    }
    if (!found.published) {
        if (auto iso = date_from_url(page_url)) found.published = DateInfo{*iso, "url"};
    }
    found.paywall_reason = scan.paywall_marker;
    return found;
}

}  // namespace gleaner::extract
