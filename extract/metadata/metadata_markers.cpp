// MarkerMatcher (see metadata_markers.h). No marker word holds a space, so a word found in the
// space-joined values is found in one of them: values are matched one by one and their hits joined.
#include "extract/metadata/metadata_markers.h"

#include <array>
#include <bit>
#include <span>
#include <stdexcept>
#include <vector>

#include "extract/metadata/metadata_patterns.h"

namespace gleaner::extract {
namespace {

// Every marker word of every table, indexed by its first letter, so that a value is read once instead
// of being searched once per word (the scan asks this of every class and id on the page).
class MarkerIndex {
public:
    using Field = std::uint32_t MarkerMatcher::Hits::*;

    MarkerIndex() {
        add(&MarkerMatcher::Hits::paywall, patterns::paywall_markers());
        add(&MarkerMatcher::Hits::date, patterns::date_markers());
        add(&MarkerMatcher::Hits::modified, patterns::modified_markers());
        add(&MarkerMatcher::Hits::date_exclusion, patterns::date_exclusions());
        add(&MarkerMatcher::Hits::byline, patterns::byline_markers());
        add(&MarkerMatcher::Hits::byline_exclusion, patterns::byline_exclusions());
        add(&MarkerMatcher::Hits::time_modified, patterns::time_modified_markers());
    }

    // The markers that occur in `lowered` (already lower-cased).
    MarkerMatcher::Hits hits_in(std::string_view lowered) const {
        MarkerMatcher::Hits hits;
        // Every marker word has at least two letters: the second is compared before the rest.
        for (std::size_t at = 0; at + 1 < lowered.size(); ++at) {
            for (const Entry& entry : by_first_[static_cast<unsigned char>(lowered[at])]) {
                if (lowered[at + 1] == entry.word[1] && lowered.substr(at).starts_with(entry.word))
                    hits.*entry.field |= entry.bit;
            }
        }
        return hits;
    }

private:
    struct Entry {
        std::string_view word;
        Field field;
        std::uint32_t bit;
    };

    void add(Field field, std::span<const std::string_view> words) {
        if (words.size() > 32) throw std::logic_error("a marker table holds more than 32 words");
        for (std::size_t i = 0; i < words.size(); ++i) {
            if (words[i].size() < 2) throw std::logic_error("a marker word has fewer than two letters");
            by_first_[static_cast<unsigned char>(words[i].front())].push_back({words[i], field, std::uint32_t{1} << i});
        }
    }

    std::array<std::vector<Entry>, 256> by_first_;
};

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
    for (char& c : lowered_) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');  // marker words are ASCII
    }
    static const MarkerIndex index;
    const Hits hits = index.hits_in(lowered_);
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
