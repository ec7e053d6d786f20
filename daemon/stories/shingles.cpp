#include "stories/shingles.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>
#include <xxhash.h>

#include <algorithm>
#include <string>

namespace gleaner::stories {
namespace {

enum class CharKind { separator, word, lone_word };

// Scripts whose words are not separated by spaces: each character stands for a word.
bool written_without_spaces(UChar32 c) {
    UErrorCode error = U_ZERO_ERROR;
    switch (uscript_getScript(c, &error)) {
        case USCRIPT_HAN:
        case USCRIPT_HIRAGANA:
        case USCRIPT_KATAKANA:
        case USCRIPT_THAI:
        case USCRIPT_LAO:
        case USCRIPT_KHMER:
        case USCRIPT_MYANMAR:
            return U_SUCCESS(error);
        default:
            return false;
    }
}

CharKind classify(UChar32 c) {
    if (c < 0x80) {
        const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        return alnum ? CharKind::word : CharKind::separator;
    }
    if (c < 0 || !(U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_ND_MASK | U_GC_M_MASK))) return CharKind::separator;
    // Every script written without spaces starts at Thai (U+0E00) or later.
    return c >= 0x0E00 && written_without_spaces(c) ? CharKind::lone_word : CharKind::word;
}

void append_lower(std::string& word, UChar32 c) {
    if (c < 0x80) {
        word.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c));
        return;
    }
    char bytes[U8_MAX_LENGTH];
    std::int32_t length = 0;
    U8_APPEND_UNSAFE(bytes, length, u_tolower(c));
    word.append(bytes, static_cast<std::size_t>(length));
}

}  // namespace

std::vector<std::uint64_t> word_hashes(std::string_view text) {
    std::vector<std::uint64_t> words;
    std::string word;
    auto end_word = [&] {
        if (word.empty()) return;
        words.push_back(XXH3_64bits(word.data(), word.size()));
        word.clear();
    };
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
    const auto length = static_cast<std::int32_t>(text.size());
    std::int32_t i = 0;
    while (i < length) {
        UChar32 c = 0;
        U8_NEXT(bytes, i, length, c);
        switch (classify(c)) {
            case CharKind::separator:
                end_word();
                break;
            case CharKind::word:
                append_lower(word, c);
                break;
            case CharKind::lone_word:
                end_word();
                append_lower(word, c);
                end_word();
                break;
        }
    }
    end_word();
    return words;
}

std::vector<std::uint64_t> shingle_hashes(const std::vector<std::uint64_t>& words, std::size_t width) {
    std::vector<std::uint64_t> shingles;
    if (words.empty() || width == 0) return shingles;
    const std::size_t span = std::min(width, words.size());
    shingles.reserve(words.size() - span + 1);
    for (std::size_t start = 0; start + span <= words.size(); ++start)
        shingles.push_back(XXH3_64bits(&words[start], span * sizeof(std::uint64_t)));
    std::sort(shingles.begin(), shingles.end());
    shingles.erase(std::unique(shingles.begin(), shingles.end()), shingles.end());
    return shingles;
}

}  // namespace gleaner::stories
