// The attributes of one element that the metadata scan reads, gathered in a single pass over the
// element's attribute list (instead of one gumbo_get_attribute search per name). Values are views into
// the Gumbo tree. An absent attribute is a null view (data() == nullptr, see present()); a present one
// is never null, even when empty (<a rel>).
#pragma once

#include <gumbo.h>

#include <string_view>

namespace gleaner::extract {

struct ElementAttributes {
    // Naming attributes: what byline, date and paywall markers are matched against.
    std::string_view class_name, id, rel, itemprop, data_testid, itemscope;
    // Values by element kind: <html lang>, <script type>, <meta>, <a>/<link>/<base>, <time>, media, data.
    std::string_view lang, xml_lang, type, content, property, name, http_equiv, href, src, datetime, value;
    // Where date-named elements keep a machine-readable date.
    std::string_view data_timestamp, data_time, data_date;

    static bool present(std::string_view attribute) { return attribute.data() != nullptr; }
    // Whether any naming attribute has a value (else no marker can match).
    bool has_naming() const {
        return !class_name.empty() || !id.empty() || !rel.empty() || !itemprop.empty() || !data_testid.empty();
    }
};

// Reads the attributes above from `element`. Names compare exactly (Gumbo lower-cases attribute
// names); of two attributes with one name (an SVG element's xlink:href next to its href), the first
// wins, as with gumbo_get_attribute.
ElementAttributes read_element_attributes(const GumboElement& element);

}  // namespace gleaner::extract
