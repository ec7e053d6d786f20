// detect_language (CLD2) and normalise_language_tag.
#include "extract/metadata/language.h"

#include <cld2/public/compact_lang_det.h>

#include <cctype>
#include <climits>

namespace gleaner::extract {
namespace {

// CLD2 looks at this much text; more does not improve the answer for a single article.
constexpr std::size_t kDetectionBytes = 16 * 1024;

}  // namespace

std::string detect_language(std::string_view utf8_text) {
    std::string_view sample = utf8_text.substr(0, kDetectionBytes);
    // Do not hand CLD2 a split UTF-8 character.
    while (!sample.empty() && sample.size() < utf8_text.size() &&
           (static_cast<unsigned char>(utf8_text[sample.size()]) & 0xC0) == 0x80) {
        sample.remove_suffix(1);
    }
    CLD2::Language top3[3];
    int percent3[3];
    double normalized_score3[3];
    int text_bytes = 0;
    bool is_reliable = false;
    int valid_prefix_bytes = 0;
    const CLD2::Language language = CLD2::ExtDetectLanguageSummaryCheckUTF8(
        sample.data(), static_cast<int>(sample.size()), /*is_plain_text=*/true, /*cld_hints=*/nullptr,
        /*flags=*/0, top3, percent3, normalized_score3, /*resultchunkvector=*/nullptr,
        &text_bytes, &is_reliable, &valid_prefix_bytes);
    if (!is_reliable || language == CLD2::UNKNOWN_LANGUAGE || language == CLD2::TG_UNKNOWN_LANGUAGE) return {};
    return CLD2::LanguageCode(language);
}

std::string normalise_language_tag(std::string_view tag) {
    while (!tag.empty() && std::isspace(static_cast<unsigned char>(tag.front()))) tag.remove_prefix(1);
    while (!tag.empty() && std::isspace(static_cast<unsigned char>(tag.back()))) tag.remove_suffix(1);
    std::string normalised;
    std::size_t subtag_index = 0, subtag_length = 0;
    for (char c : tag) {
        if (c == '-' || c == '_') {
            if (subtag_length == 0) return {};
            normalised += '-';
            ++subtag_index;
            subtag_length = 0;
            continue;
        }
        if (!std::isalnum(static_cast<unsigned char>(c))) return {};
        // The primary subtag is lower case; a two-letter region is upper case; a four-letter
        // script is title case ("zh-Hant"); other subtags lower case (BCP 47 section 2.1.1).
        normalised += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        ++subtag_length;
    }
    if (normalised.empty() || normalised.back() == '-') return {};
    const std::size_t primary_length = normalised.find('-') == std::string::npos ? normalised.size() : normalised.find('-');
    if (primary_length < 2 || primary_length > 3) return {};
    for (std::size_t i = 0; i < primary_length; ++i) {
        if (!std::isalpha(static_cast<unsigned char>(normalised[i]))) return {};
    }
    // Re-case the subtags after the primary one.
    std::size_t start = primary_length + 1;
    while (start < normalised.size()) {
        std::size_t end = normalised.find('-', start);
        if (end == std::string::npos) end = normalised.size();
        const std::size_t length = end - start;
        if (length == 2 && std::isalpha(static_cast<unsigned char>(normalised[start]))) {
            normalised[start] = static_cast<char>(std::toupper(static_cast<unsigned char>(normalised[start])));
            normalised[start + 1] = static_cast<char>(std::toupper(static_cast<unsigned char>(normalised[start + 1])));
        } else if (length == 4) {
            normalised[start] = static_cast<char>(std::toupper(static_cast<unsigned char>(normalised[start])));
        }
        start = end + 1;
    }
    return normalised;
}

}  // namespace gleaner::extract
