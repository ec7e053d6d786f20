// What the naming attributes of an element (class, id, rel, itemprop, data-testid) say about it for the
// metadata scan: a paywall marker, a date-holding element, a byline. The marker words are the tables
// of metadata_patterns.h; a marker matches when it occurs in any of the values, lower-cased.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "extract/metadata/metadata_element.h"

namespace gleaner::extract {

struct MarkerVerdict {
    std::string_view paywall_marker;  // the first paywall marker (in table order) present; "" if none
    bool date = false;                // a date marker and no date exclusion
    bool modified = false;            // a modified-date marker (for date-named elements)
    bool byline = false;              // a byline marker and no byline exclusion
    bool time_modified = false;       // a <time> so named is the modified date
    bool date_excluded = false;       // a date exclusion: what it dates is no article (comment, copyright, ...)
};

// One per page scan: the markers found in each attribute value are cached by value, since class
// names repeat across a page (ids, unique, are matched every time).
class MarkerMatcher {
public:
    MarkerVerdict match(const ElementAttributes& attributes);

    // Which markers of each table occur in a text: bit i for the table's i-th word.
    struct Hits {
        std::uint32_t paywall = 0, date = 0, modified = 0, date_exclusion = 0, byline = 0, byline_exclusion = 0,
                      time_modified = 0;
        Hits& operator|=(const Hits& other);
    };

private:
    Hits hits_of(std::string_view value, bool cache);

    std::unordered_map<std::string_view, Hits> cache_;  // views into the Gumbo tree
    std::string lowered_;
};

}  // namespace gleaner::extract
