// scan_page: the single tree walk behind extract_metadata (see metadata_scan.h).
#include "extract/metadata/metadata_scan.h"

#include <cctype>
#include <optional>
#include <vector>

#include "extract/metadata/dates.h"
#include "extract/metadata/metadata_dom.h"
#include "extract/metadata/metadata_element.h"
#include "extract/metadata/metadata_markers.h"

namespace gleaner::extract {
namespace {

constexpr std::size_t kMaxH1 = 3;
constexpr std::size_t kMaxBylines = 12;
constexpr std::size_t kMaxTimes = 20;
constexpr std::size_t kMaxItemProps = 200;
// How far after the first <h1> a visible date line is looked for, and how long such a line is.
constexpr std::size_t kNearHeadlineElements = 24;
constexpr std::size_t kNearHeadlineText = 120;
constexpr std::size_t kShortText = 400;    // bytes kept of a byline, heading or time text
constexpr std::size_t kBylineMaxText = 250; // a longer "byline" is a bio or a whole block
constexpr std::size_t kDateMaxText = 100;   // a longer "date" element holds more than a date
constexpr std::size_t kDatedTextMax = 60;   // a longer text is a sentence that may mention a day

std::string lower(std::string_view text) {
    std::string lowered(text);
    for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lowered;
}

// Microdata property value (HTML Standard, "the value of an element").
std::string itemprop_value(const GumboNode& element, const ElementAttributes& attributes) {
    switch (element.v.element.tag) {
        case GUMBO_TAG_META:
            return dom::collapse_whitespace(attributes.content);
        case GUMBO_TAG_A: case GUMBO_TAG_AREA: case GUMBO_TAG_LINK:
            return std::string(attributes.href);
        case GUMBO_TAG_IMG: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO: case GUMBO_TAG_SOURCE:
        case GUMBO_TAG_IFRAME: case GUMBO_TAG_EMBED:
            return std::string(attributes.src);
        case GUMBO_TAG_TIME:
            if (ElementAttributes::present(attributes.datetime)) return std::string(attributes.datetime);
            break;
        case GUMBO_TAG_DATA: case GUMBO_TAG_METER:
            return std::string(attributes.value);
        default:
            break;
    }
    if (ElementAttributes::present(attributes.content)) return dom::collapse_whitespace(attributes.content);
    return dom::text_of(element, kShortText);
}

// For an itemscope item (an author Person): the value of its itemprop=name, else its text.
std::string item_name(const GumboNode& item) {
    std::string name;
    dom::for_each_element(item, [&](const GumboNode& element) {
        if (!name.empty()) return false;
        if (&element == &item) return true;
        const ElementAttributes attributes = read_element_attributes(element.v.element);
        if (lower(attributes.itemprop) == "name") {
            name = itemprop_value(element, attributes);
            return false;
        }
        return true;
    });
    return name.empty() ? dom::text_of(item, kShortText) : name;
}

void add_itemprops(const GumboNode& element, const ElementAttributes& attributes, PageScan& scan) {
    if (attributes.itemprop.empty() || scan.itemprops.size() >= kMaxItemProps) return;
    const std::string props = lower(attributes.itemprop);
    const bool is_item = ElementAttributes::present(attributes.itemscope);
    std::size_t start = 0;
    while (start < props.size()) {
        std::size_t end = props.find(' ', start);
        if (end == std::string::npos) end = props.size();
        if (end > start) {
            std::string name = props.substr(start, end - start);
            scan.itemprops.push_back({name, is_item ? item_name(element) : itemprop_value(element, attributes)});
        }
        start = end + 1;
    }
}

void add_meta(const ElementAttributes& attributes, PageScan& scan) {
    const std::string content = dom::collapse_whitespace(attributes.content);
    // itemprop= metas are microdata: scan.itemprops holds them.
    for (std::string_view key_attribute : {attributes.property, attributes.name, attributes.http_equiv}) {
        const std::string key = lower(dom::collapse_whitespace(key_attribute));
        if (!key.empty()) scan.metas.push_back({key, content});
    }
}

void check_markers(const GumboNode& element, const ElementAttributes& attributes, MarkerMatcher& markers,
                   PageScan& scan) {
    if (!attributes.has_naming()) return;  // no marker attributes at all
    const MarkerVerdict verdict = markers.match(attributes);
    if (scan.paywall_marker.empty() && !verdict.paywall_marker.empty()) {
        scan.paywall_marker = dom::concat({"markup:", verdict.paywall_marker});
    }
    if (scan.dated_elements.size() < kMaxTimes && element.v.element.tag != GUMBO_TAG_TIME && verdict.date) {
        std::string value;
        for (std::string_view candidate : {attributes.datetime, attributes.content, attributes.value,
                                           attributes.data_timestamp, attributes.data_time, attributes.data_date}) {
            if (value.empty()) value = dom::collapse_whitespace(candidate);
        }
        std::string text = dom::text_of(element, kDateMaxText + 1);
        if (text.size() > kDateMaxText) text.clear();
        if (!value.empty() || !text.empty()) {
            scan.dated_elements.push_back({std::move(value), std::move(text), verdict.modified});
        }
    }
    if (scan.bylines.size() < kMaxBylines && verdict.byline && element.v.element.tag != GUMBO_TAG_META &&
        element.v.element.tag != GUMBO_TAG_LINK && element.v.element.tag != GUMBO_TAG_BODY &&
        element.v.element.tag != GUMBO_TAG_HTML) {
        std::string text = dom::text_of(element, kBylineMaxText + 1);
        if (!text.empty() && text.size() <= kBylineMaxText) scan.bylines.push_back(std::move(text));
    }
}

// Whether a date written under `element` dates the page: not inside a link (a teaser's date), a
// navigation bar, an aside or a footer, nor inside anything named as a comment, a reply, a
// copyright, an event (the date exclusions). Deeper than kMaxDateAncestors below <body>, nothing
// does (so each candidate costs a bounded walk, however deep a hostile page nests).
constexpr std::size_t kMaxDateAncestors = 128;

bool dates_the_page(const GumboNode& element, MarkerMatcher& markers) {
    std::size_t depth = 0;
    for (const GumboNode* node = &element; node != nullptr && node->type == GUMBO_NODE_ELEMENT; node = node->parent) {
        if (++depth > kMaxDateAncestors) return false;
        switch (node->v.element.tag) {
            case GUMBO_TAG_BODY: return true;
            case GUMBO_TAG_A:
            case GUMBO_TAG_NAV:
            case GUMBO_TAG_ASIDE:
            case GUMBO_TAG_FOOTER:
            case GUMBO_TAG_OPTION:
            case GUMBO_TAG_TEXTAREA: return false;
            default: break;
        }
        if (markers.match(read_element_attributes(node->v.element)).date_excluded) return false;
    }
    return true;
}

// A date written as its own short text ("Dec 12, 2025" beside a calendar icon, "Posted on April
// 13, 2023"): the first one that dates the page is its date when nothing else dates it. Only texts
// holding a digit are read.
// Whether `element`'s own text (its text children, the first dated one) is such a date: its ISO
// day; "" when it holds a date that does not date the page; nothing when it holds none.
std::optional<std::string> dated_text_of(const GumboNode& element, MarkerMatcher& markers) {
    const GumboVector& children = element.v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
        const auto* child = static_cast<const GumboNode*>(children.data[i]);
        if (child->type != GUMBO_NODE_TEXT) continue;
        const std::string_view text(child->v.text.text);
        if (text.size() > kDatedTextMax || text.find_first_of("0123456789") == std::string_view::npos) continue;
        const std::optional<std::string> iso = find_date(dom::collapse_whitespace(text));
        if (!iso) continue;
        return dates_the_page(element, markers) ? iso->substr(0, 10) : std::string();
    }
    return std::nullopt;
}

}  // namespace

std::string first_dated_text(const GumboNode& body) {
    MarkerMatcher markers;
    std::string found;
    dom::for_each_element(body, [&](const GumboNode& element) {
        if (!found.empty()) return false;
        switch (element.v.element.tag) {
            case GUMBO_TAG_TITLE:
            case GUMBO_TAG_SCRIPT:
            case GUMBO_TAG_STYLE: return false;
            default: break;
        }
        if (auto day = dated_text_of(element, markers)) {
            if (day->empty()) return true;  // a date that does not date the page: look further
            found = std::move(*day);
            return false;
        }
        return true;
    });
    return found;
}

PageScan scan_page(const GumboOutput& doc) {
    PageScan scan;
    MarkerMatcher markers;
    std::size_t after_headline = 0;  // elements visited since the first <h1>
    dom::for_each_element(*doc.document, [&](const GumboNode& element) {
        const ElementAttributes attributes = read_element_attributes(element.v.element);
        if (!scan.h1s.empty() && after_headline < kNearHeadlineElements) {
            ++after_headline;
            std::string text = dom::text_of(element, kNearHeadlineText + 1);
            if (!text.empty() && text.size() <= kNearHeadlineText) scan.near_headline.push_back(std::move(text));
        }
        switch (element.v.element.tag) {
            case GUMBO_TAG_HTML:
                if (scan.html_lang.empty()) scan.html_lang = attributes.lang;
                if (scan.html_lang.empty()) scan.html_lang = attributes.xml_lang;
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
                const std::string type = lower(attributes.type);
                if (type.starts_with("application/ld+json") && element.v.element.children.length > 0) {
                    const auto* child = static_cast<const GumboNode*>(element.v.element.children.data[0]);
                    if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA) scan.json_ld.emplace_back(child->v.text.text);
                }
                return false;
            }
            case GUMBO_TAG_STYLE:
                return false;
            case GUMBO_TAG_META:
                add_meta(attributes, scan);
                break;
            case GUMBO_TAG_BASE:
                if (scan.base_href.empty()) scan.base_href = attributes.href;
                break;
            case GUMBO_TAG_LINK:
            case GUMBO_TAG_A:
                if (ElementAttributes::present(attributes.rel)) {
                    scan.links.push_back({lower(dom::collapse_whitespace(attributes.rel)), std::string(attributes.href),
                                          element.v.element.tag == GUMBO_TAG_A ? dom::text_of(element, kShortText) : ""});
                }
                break;
            case GUMBO_TAG_TIME:
                if (scan.times.size() < kMaxTimes) {
                    std::string datetime(attributes.datetime);
                    if (datetime.empty()) datetime = attributes.content;
                    scan.times.push_back({dom::collapse_whitespace(datetime), dom::text_of(element, kShortText),
                                          markers.match(attributes).time_modified});
                }
                break;
            default:
                break;
        }
        add_itemprops(element, attributes, scan);
        check_markers(element, attributes, markers, scan);
        return true;
    });
    return scan;
}

}  // namespace gleaner::extract
