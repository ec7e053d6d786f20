// MarkerMatcher (see metadata_markers.h). No marker word holds a space, so a word found in the
// space-joined values is found in one of them: values are matched one by one and their hits joined.
#include "extract/metadata/metadata_markers.h"

#include <bit>
#include <cctype>
#include <span>
#include <stdexcept>

#include "extract/metadata/metadata_patterns.h"

namespace gleaner::extract {
namespace {

std::uint32_t words_in(std::string_view text, std::span<const std::string_view> words) {
    if (words.size() > 32) throw std::logic_error("a marker table holds more than 32 words");
    std::uint32_t hits = 0;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (text.find(words[i]) != std::string_view::npos) hits |= std::uint32_t{1} << i;
    }
    return hits;
}

}  // namespace

MarkerMatcher::Hits& MarkerMatcher::Hits::operator|=(const Hits& other) {
    paywall |= other.paywall;
    date |= other.date;
    modified |= other.modified;
    date_exclusion |= other.date_exclusion;
    byline |= other.byline;
    byline_exclusion |= other.byline_exclusion;
    time_modified |= other.time_modified;
    return *this;
}

MarkerMatcher::Hits MarkerMatcher::hits_of(std::string_view value, bool cache) {
    if (value.empty()) return {};
    if (cache) {
        if (const auto found = cache_.find(value); found != cache_.end()) return found->second;
    }
    lowered_.assign(value);
    for (char& c : lowered_) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    Hits hits;
    hits.paywall = words_in(lowered_, patterns::paywall_markers());
    hits.date = words_in(lowered_, patterns::date_markers());
    hits.modified = words_in(lowered_, patterns::modified_markers());
    hits.date_exclusion = words_in(lowered_, patterns::date_exclusions());
    hits.byline = words_in(lowered_, patterns::byline_markers());
    hits.byline_exclusion = words_in(lowered_, patterns::byline_exclusions());
    hits.time_modified = words_in(lowered_, patterns::time_modified_markers());
    if (cache) cache_.emplace(value, hits);
    return hits;
}

MarkerVerdict MarkerMatcher::match(const ElementAttributes& attributes) {
    Hits hits = hits_of(attributes.class_name, true);
    hits |= hits_of(attributes.id, false);
    hits |= hits_of(attributes.rel, true);
    hits |= hits_of(attributes.itemprop, true);
    hits |= hits_of(attributes.data_testid, true);
    MarkerVerdict verdict;
    if (hits.paywall != 0) verdict.paywall_marker = patterns::paywall_markers()[std::countr_zero(hits.paywall)];
    verdict.date = hits.date != 0 && hits.date_exclusion == 0;
    verdict.modified = hits.modified != 0;
    verdict.byline = hits.byline != 0 && hits.byline_exclusion == 0;
    verdict.time_modified = hits.time_modified != 0;
    verdict.date_excluded = hits.date_exclusion != 0;
    return verdict;
}

}  // namespace gleaner::extract
