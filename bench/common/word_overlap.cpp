#include "word_overlap.h"

#include <algorithm>
#include <iterator>

#include "stories/shingles.h"

namespace gleaner::bench {

double word_f1(std::vector<std::uint64_t> a, std::vector<std::uint64_t> b) {
    if (a.empty() || b.empty()) return 0.0;
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    std::vector<std::uint64_t> common;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
    return 2.0 * static_cast<double>(common.size()) / static_cast<double>(a.size() + b.size());
}

double word_f1(std::string_view a, std::string_view b) {
    return word_f1(stories::word_hashes(a), stories::word_hashes(b));
}

}  // namespace gleaner::bench
