// How much of one text's words another holds: the bag-of-words F1 the benchmarks judge extractions
// by (words as stories::word_hashes cuts them: any script, lower-cased, punctuation ignored).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace gleaner::bench {

double word_f1(std::vector<std::uint64_t> a, std::vector<std::uint64_t> b);
double word_f1(std::string_view a, std::string_view b);

}  // namespace gleaner::bench
