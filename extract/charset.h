// Decoding of fetched page bytes to UTF-8 before parsing (Gumbo takes UTF-8 only), deciding the
// encoding in the order browsers use: BOM, HTTP charset, <meta>/XML declaration, detection.
#pragma once

#include <string>
#include <string_view>

namespace gleaner::extract {

struct DecodedHtml {
    std::string utf8;            // valid UTF-8, always (invalid bytes replaced by U+FFFD)
    std::string charset;         // WHATWG name of what it was decoded from, e.g. "windows-1252"
    std::string charset_source;  // "bom" | "http" | "xml" | "meta" | "detected" | "default"
};

// Decodes `bytes` (a page as fetched) given the HTTP Content-Type header ("" when unknown).
// A declaration that contradicts the bytes is overridden, with charset_source "detected":
//  - declared UTF-8 but the bytes are not UTF-8, and the detector names another encoding;
//  - declared a legacy encoding but the bytes are valid UTF-8 with non-ASCII text (a legacy
//    encoding essentially never produces valid multi-byte UTF-8 by chance; servers that default
//    to ISO-8859-1 in front of UTF-8 pages are common, and trusting them gives mojibake).
// With nothing declared, valid UTF-8 with non-ASCII text is UTF-8 ("detected") for the same reason,
// without asking the detector, which calls English with a few UTF-8 dashes windows-1250.
DecodedHtml decode_html(std::string_view bytes, std::string_view http_content_type);

// decode_html without copying a page that needs no conversion (the common case: valid UTF-8 decoded
// as UTF-8, found valid by one fast pass). utf8() is then a view of `bytes` (less a BOM), which must
// outlive the result; otherwise it is the converted text held here.
struct DecodedHtmlView {
    std::string converted;        // the text, when the bytes needed converting
    std::string_view unconverted; // else: the part of the input that is the text
    bool needed_conversion = false;
    std::string_view charset;         // as in DecodedHtml (static strings)
    std::string_view charset_source;

    std::string_view utf8() const { return needed_conversion ? std::string_view(converted) : unconverted; }
};
DecodedHtmlView decode_html_view(std::string_view bytes, std::string_view http_content_type);

}  // namespace gleaner::extract
