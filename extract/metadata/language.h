// Language of a page: normalisation of declared language tags and detection from text (CLD2).
#pragma once

#include <string>
#include <string_view>

namespace gleaner::extract {

// Language from text when markup says nothing (CLD2); returns "" when unsure.
// Returns a BCP 47 tag as CLD2 names it: "en", "fr", "zh", "zh-Hant", ...
std::string detect_language(std::string_view utf8_text);

// A declared language tag ("en_US", "EN-us", " fr ") in BCP 47 case form ("en-US", "fr");
// "" for values that are not a language tag ("x-default", "*", "en-US, fr", "undefined").
std::string normalise_language_tag(std::string_view tag);

}  // namespace gleaner::extract
