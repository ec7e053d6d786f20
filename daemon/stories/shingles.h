// Word shingles: a text cut into words and every run of a few consecutive words hashed to 64 bits.
// Near-duplicate fingerprints (minhash.h) are built on the set of these hashes: two texts that share
// most of their shingles tell the same story in the same words, whatever markup or script they came in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace gleaner::stories {

// Hashes of the words of `text` (UTF-8), in order. A word is a run of letters, digits and combining
// marks, lower-cased, so punctuation, spacing and capitals do not matter. Each character of a script
// written without spaces between words (Han, kana, Thai, Lao, Khmer, Myanmar) is a word of its own.
// Invalid UTF-8 bytes separate words.
std::vector<std::uint64_t> word_hashes(std::string_view text);

// The sorted, distinct hashes of every `width` consecutive words of `words` (width >= 1). A text of
// fewer than `width` words (but at least one) gives one shingle of all its words; no words, none.
std::vector<std::uint64_t> shingle_hashes(const std::vector<std::uint64_t>& words, std::size_t width);

}  // namespace gleaner::stories
