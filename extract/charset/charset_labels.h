// Encoding labels: maps the names pages and servers use ("latin1", "x-sjis", "gb2312") to the WHATWG
// canonical encoding name and to the name glibc iconv converts from. The table is data (charset_labels.cpp).
#pragma once

#include <string>
#include <string_view>

namespace gleaner::extract {

struct EncodingInfo {
    std::string_view name;        // WHATWG canonical name, e.g. "windows-1252", "Shift_JIS"
    std::string_view iconv_name;  // what iconv_open() accepts for it, e.g. "CP932"
};

// Looks a label up per the WHATWG Encoding Standard "get an encoding": ASCII whitespace trimmed,
// case-insensitive. Returns nullptr for unknown labels and for the "replacement" encoding
// (iso-2022-kr, hz-gb-2312, ...), which would discard the whole page: we treat it as undeclared.
const EncodingInfo* find_encoding(std::string_view label);

// Same, for names an encoding detector reports that the WHATWG table lacks ("MAC-CYRILLIC", "EUC-TW").
const EncodingInfo* find_detector_encoding(std::string_view detector_name);

}  // namespace gleaner::extract
