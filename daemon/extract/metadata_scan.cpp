// scan_page: the single tree walk behind extract_metadata (see metadata_scan.h).
#include "extract/metadata_scan.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "extract/metadata_dom.h"
#include "extract/metadata_patterns.h"

namespace gleaner::extract {
namespace {

constexpr std::size_t kMaxH1 = 3;
constexpr std::size_t kMaxBylines = 12;
constexpr std::size_t kMaxTimes = 20;
constexpr std::size_t kMaxItemProps = 200;
constexpr std::size_t kShortText = 400;    // bytes kept of a byline, heading or time text
constexpr std::size_t kBylineMaxText = 250; // a longer "byline" is a bio or a whole block
constexpr std::size_t kDateMaxText = 100;   // a longer "date" element holds more than a date

std::string lower(std::string_view text) {
    std::string lowered(text);
    for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lowered;
}

bool contains_any(const std::string& haystack, std::span<const std::string_view> needles) {
    return std::any_of(needles.begin(), needles.end(),
                       [&](std::string_view needle) { return haystack.find(needle) != std::string::npos; });
}

// Words of class, id, rel and itemprop, lower case, space separated: what byline/paywall markers match.
std::string marker_words(const GumboNode& element) {
    std::string words;
    for (const char* name : {"class", "id", "rel", "itemprop", "data-testid"}) {
        words += lower(dom::attribute(element, name));
        words += ' ';
    }
    return words;
}

// Microdata property value (HTML Standard, "the value of an element").
std::string itemprop_value(const GumboNode& element) {
    switch (element.v.element.tag) {
        case GUMBO_TAG_META:
            return dom::collapse_whitespace(dom::attribute(element, "content"));
        case GUMBO_TAG_A: case GUMBO_TAG_AREA: case GUMBO_TAG_LINK:
            return std::string(dom::attribute(element, "href"));
        case GUMBO_TAG_IMG: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO: case GUMBO_TAG_SOURCE:
        case GUMBO_TAG_IFRAME: case GUMBO_TAG_EMBED:
            return std::string(dom::attribute(element, "src"));
        case GUMBO_TAG_TIME:
            if (dom::has_attribute(element, "datetime")) return std::string(dom::attribute(element, "datetime"));
            break;
        case GUMBO_TAG_DATA: case GUMBO_TAG_METER:
            return std::string(dom::attribute(element, "value"));
        default:
            break;
    }
    if (dom::has_attribute(element, "content")) return dom::collapse_whitespace(dom::attribute(element, "content"));
    return dom::text_of(element, kShortText);
}

// For an itemscope item (an author Person): the value of its itemprop=name, else its text.
std::string item_name(const GumboNode& item) {
    std::string name;
    dom::for_each_element(item, [&](const GumboNode& element) {
        if (!name.empty()) return false;
        if (&element != &item && lower(dom::attribute(element, "itemprop")) == "name") {
            name = itemprop_value(element);
            return false;
        }
        return true;
    });
    return name.empty() ? dom::text_of(item, kShortText) : name;
}

void add_itemprops(const GumboNode& element, PageScan& scan) {
    const std::string props = lower(dom::attribute(element, "itemprop"));
    if (props.empty() || scan.itemprops.size() >= kMaxItemProps) return;
    const bool is_item = dom::has_attribute(element, "itemscope");
    std::size_t start = 0;
    while (start < props.size()) {
        std::size_t end = props.find(' ', start);
        if (end == std::string::npos) end = props.size();
        if (end > start) {
            std::string name = props.substr(start, end - start);
            scan.itemprops.push_back({name, is_item ? item_name(element) : itemprop_value(element)});
        }
        start = end + 1;
    }
}

void add_meta(const GumboNode& element, PageScan& scan) {
    const std::string content = dom::collapse_whitespace(dom::attribute(element, "content"));
    // itemprop= metas are microdata: scan.itemprops holds them.
    for (const char* key_attribute : {"property", "name", "http-equiv"}) {
        const std::string key = lower(dom::collapse_whitespace(dom::attribute(element, key_attribute)));
        if (!key.empty()) scan.metas.push_back({key, content});
    }
}

void check_markers(const GumboNode& element, PageScan& scan) {
    const std::string words = marker_words(element);
    if (words.size() <= 5) return;  // only the separators: no marker attributes at all
    if (scan.paywall_marker.empty()) {
        for (std::string_view marker : patterns::paywall_markers()) {
            if (words.find(marker) != std::string::npos) {
                scan.paywall_marker = dom::concat({"markup:", marker});
                break;
            }
        }
    }
    if (scan.dated_elements.size() < kMaxTimes && element.v.element.tag != GUMBO_TAG_TIME &&
        contains_any(words, patterns::date_markers()) && !contains_any(words, patterns::date_exclusions())) {
        std::string value;
        for (const char* name : {"datetime", "content", "value", "data-timestamp", "data-time", "data-date"}) {
            if (value.empty()) value = dom::collapse_whitespace(dom::attribute(element, name));
        }
        std::string text = dom::text_of(element, kDateMaxText + 1);
        if (text.size() > kDateMaxText) text.clear();
        if (!value.empty() || !text.empty()) {
            scan.dated_elements.push_back({std::move(value), std::move(text), contains_any(words, patterns::modified_markers())});
        }
    }
    if (scan.bylines.size() < kMaxBylines && contains_any(words, patterns::byline_markers()) &&
        !contains_any(words, patterns::byline_exclusions()) && element.v.element.tag != GUMBO_TAG_META &&
        element.v.element.tag != GUMBO_TAG_LINK && element.v.element.tag != GUMBO_TAG_BODY &&
        element.v.element.tag != GUMBO_TAG_HTML) {
        std::string text = dom::text_of(element, kBylineMaxText + 1);
        if (!text.empty() && text.size() <= kBylineMaxText) scan.bylines.push_back(std::move(text));
    }
}

}  // namespace

PageScan scan_page(const GumboOutput& doc) {
    PageScan scan;
    dom::for_each_element(*doc.document, [&](const GumboNode& element) {
        switch (element.v.element.tag) {
            case GUMBO_TAG_HTML:
                if (scan.html_lang.empty()) scan.html_lang = dom::attribute(element, "lang");
                if (scan.html_lang.empty()) scan.html_lang = dom::attribute(element, "xml:lang");
                break;
            case GUMBO_TAG_BODY:
                if (!scan.body) scan.body = &element;
                break;
            case GUMBO_TAG_TITLE:
                // Only the document title: an SVG <title> in the body is a tooltip.
                if (scan.title.empty() && element.v.element.tag_namespace == GUMBO_NAMESPACE_HTML) {
                    scan.title = dom::text_of(element, kShortText);
                }
                return false;
            case GUMBO_TAG_H1:
                if (scan.h1s.size() < kMaxH1) scan.h1s.push_back(dom::text_of(element, kShortText));
                break;
            case GUMBO_TAG_SCRIPT: {
                const std::string type = lower(dom::attribute(element, "type"));
                if (type.starts_with("application/ld+json") && element.v.element.children.length > 0) {
                    const auto* child = static_cast<const GumboNode*>(element.v.element.children.data[0]);
                    if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA) scan.json_ld.emplace_back(child->v.text.text);
                }
                return false;
            }
            case GUMBO_TAG_STYLE:
                return false;
            case GUMBO_TAG_META:
                add_meta(element, scan);
                break;
            case GUMBO_TAG_BASE:
                if (scan.base_href.empty()) scan.base_href = dom::attribute(element, "href");
                break;
            case GUMBO_TAG_LINK:
            case GUMBO_TAG_A:
                if (dom::has_attribute(element, "rel")) {
                    scan.links.push_back({lower(dom::collapse_whitespace(dom::attribute(element, "rel"))),
                                          std::string(dom::attribute(element, "href")),
                                          element.v.element.tag == GUMBO_TAG_A ? dom::text_of(element, kShortText) : ""});
                }
                break;
            case GUMBO_TAG_TIME:
                if (scan.times.size() < kMaxTimes) {
                    std::string datetime(dom::attribute(element, "datetime"));
                    if (datetime.empty()) datetime = dom::attribute(element, "content");
                    const std::string words = marker_words(element);
                    scan.times.push_back({dom::collapse_whitespace(datetime), dom::text_of(element, kShortText),
                                          words.find("modif") != std::string::npos || words.find("updat") != std::string::npos});
                }
                break;
            default:
                break;
        }
        add_itemprops(element, scan);
        check_markers(element, scan);
        return true;
    });
    return scan;
}

}  // namespace gleaner::extract
