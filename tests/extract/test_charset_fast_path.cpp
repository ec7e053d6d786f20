// Tests for decoding's fast path: is_valid_utf8 gives iconv's verdict while skipping ASCII, and
// decode_html_view hands back valid UTF-8 input itself instead of a converted copy, with the same
// result decode_html gives.
#include <gtest/gtest.h>

#include <string>

#include "extract/charset.h"
#include "extract/charset/charset_convert.h"

namespace gleaner::extract {
namespace {

std::string page(const std::string& head, const std::string& body) {
    return "<!DOCTYPE html><html><head>" + head + "</head><body>" + body + "</body></html>";
}

// Every two-byte sequence, alone and between ASCII runs of every length around the skipping width
// (is_valid_utf8 hands iconv non-ASCII stretches, merged across short ASCII gaps).
TEST(CharsetFastPath, IsValidUtf8AgreesWithIconvOnEveryTwoByteSequenceInAsciiContexts) {
    std::size_t disagreements = 0;
    for (const std::size_t gap : {0u, 15u, 16u}) {
        const std::string before = "\xC3\xA9" + std::string(gap, 'a');
        const std::string after = std::string(gap, 'b') + "\xE2\x80\x99";
        for (unsigned first = 0; first < 256; ++first) {
            for (unsigned second = 0; second < 256; ++second) {
                const std::string pair{static_cast<char>(first), static_cast<char>(second)};
                for (const std::string& text : {pair, before + pair, pair + after, before + pair + after}) {
                    if (is_valid_utf8(text) != (count_invalid_utf8(text, 1) == 0)) ++disagreements;
                }
            }
        }
    }
    EXPECT_EQ(disagreements, 0u);
}

TEST(CharsetFastPath, IsValidUtf8RejectsWhatIconvRejectsInLongText) {
    const std::string valid = std::string(1000, 'x') + "naïve “quotes” — 東京 😀" + std::string(1000, 'y');
    EXPECT_TRUE(is_valid_utf8(valid));
    for (const std::string bad : {"\xED\xA0\x80", "\xF4\x90\x80\x80", "\xC0\xAF", "\xE2\x80", "\xF8\x88\x80\x80\x80", "\xFF"}) {
        for (const std::size_t at : {std::size_t{0}, std::size_t{1000}, std::size_t{1003}, valid.size()}) {
            std::string text = valid;
            text.insert(at, bad);
            EXPECT_FALSE(is_valid_utf8(text)) << "at " << at;
            EXPECT_EQ(is_valid_utf8(text), count_invalid_utf8(text, 1) == 0) << "at " << at;
        }
    }
}

TEST(CharsetFastPath, ValidUtf8IsDecodedAsAViewOfTheInput) {
    const std::string bytes = page("<meta charset=utf-8>", "<p>It’s “quoted” — naïve</p>");
    const DecodedHtmlView decoded = decode_html_view(bytes, "");
    EXPECT_FALSE(decoded.needed_conversion);
    EXPECT_EQ(decoded.utf8().data(), bytes.data());
    EXPECT_EQ(decoded.utf8(), bytes);
    EXPECT_EQ(decoded.charset, "UTF-8");
    EXPECT_EQ(decoded.charset_source, "meta");
}

TEST(CharsetFastPath, Utf8BomIsSkippedInTheView) {
    const std::string bytes = "\xEF\xBB\xBF" + page("", "<p>é</p>");
    const DecodedHtmlView decoded = decode_html_view(bytes, "text/html; charset=windows-1252");
    EXPECT_FALSE(decoded.needed_conversion);
    EXPECT_EQ(decoded.utf8().data(), bytes.data() + 3);
    EXPECT_EQ(decoded.charset_source, "bom");
}

TEST(CharsetFastPath, InvalidUtf8DeclaredUtf8IsConvertedAsDecodeHtmlDoes) {
    const std::string bytes = page("<meta charset=utf-8>", "<p>caf\xC3 and \xFF</p>");
    const DecodedHtmlView decoded = decode_html_view(bytes, "");
    EXPECT_TRUE(decoded.needed_conversion);
    EXPECT_EQ(decoded.utf8(), decode_html(bytes, "").utf8);
    EXPECT_EQ(count_invalid_utf8(decoded.utf8()), 0u);
}

TEST(CharsetFastPath, LegacyPageIsConvertedAndMatchesDecodeHtml) {
    const std::string bytes = page("<meta charset=windows-1252>", "<p>caf\xE9</p>");
    const DecodedHtmlView decoded = decode_html_view(bytes, "");
    const DecodedHtml copied = decode_html(bytes, "");
    EXPECT_TRUE(decoded.needed_conversion);
    EXPECT_EQ(decoded.utf8(), copied.utf8);
    EXPECT_EQ(decoded.charset, copied.charset);
    EXPECT_EQ(decoded.charset_source, copied.charset_source);
}

}  // namespace
}  // namespace gleaner::extract
