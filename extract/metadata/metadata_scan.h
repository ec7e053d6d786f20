// One pass over a parsed page that gathers everything the metadata sources read: <html lang>,
// <title>, <h1>s, JSON-LD blocks, <meta> and <link> tags, microdata properties, <time> elements,
// byline-marked elements and paywall markers.
#pragma once

#include <gumbo.h>

#include <string>
#include <vector>

namespace gleaner::extract {

struct MetaTag {
    std::string key;      // lower case name=, property= or http-equiv=
    std::string content;  // whitespace-collapsed
};

struct LinkTag {
    std::string rel;   // lower case, as written ("canonical", "author", "author external")
    std::string href;
    std::string text;  // anchor text, for <a rel=author>
};

struct ItemProp {
    std::string name;   // itemprop value (lower case), one entry per listed property
    std::string value;  // per the microdata value rules; for an itemscope author, its name
};

struct TimeTag {
    std::string datetime;  // the datetime= (or content=) attribute; "" if absent
    std::string text;
    bool marks_modified = false;  // class/itemprop say updated/modified
};

struct PageScan {
    std::string html_lang;
    std::string title;                 // the first <title>
    std::vector<std::string> h1s;      // first few <h1> texts
    std::vector<std::string> json_ld;  // raw text of each application/ld+json script
    std::vector<MetaTag> metas;
    std::vector<LinkTag> links;
    std::vector<ItemProp> itemprops;
    std::vector<TimeTag> times;
    std::vector<TimeTag> dated_elements;  // other elements whose class/id/itemprop says "date"
    std::vector<std::string> bylines;  // texts of byline-marked elements, document order
    std::vector<std::string> near_headline;  // short texts of the first elements after the first <h1>
                                             // (where a visible "Published on ..." line stands)
    std::string paywall_marker;        // e.g. "class:paywall"; "" if none
    std::string base_href;
    const GumboNode* body = nullptr;
};

PageScan scan_page(const GumboOutput& doc);

// The day of the first short text under `body` that holds a date and dates the page ("Posted on
// April 13, 2023" beside a calendar icon; not inside a link, nav, aside, footer or anything named as a
// comment or copyright), as "YYYY-MM-DD"; "" if none. The last resort for a page's date: it walks the
// text of the whole body, so it is asked only when nothing else dates the page.
std::string first_dated_text(const GumboNode& body);

}  // namespace gleaner::extract
