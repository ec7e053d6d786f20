// Tests for decode_html: the order of encoding decisions (BOM, HTTP, meta, XML, detection), the
// WHATWG label mapping, and correct UTF-8 out of real byte sequences in each supported charset.
#include <iconv.h>

#include <gtest/gtest.h>

#include <string>

#include "extract/charset.h"
#include "extract/charset/charset_convert.h"

namespace gleaner::extract {
namespace {

// Encodes UTF-8 text into `charset` with glibc iconv, to build long samples for the detector.
std::string encode(const std::string& utf8, const char* charset) {
    iconv_t cd = iconv_open(charset, "UTF-8");
    EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1)) << charset;
    std::string out(utf8.size() * 4 + 16, '\0');
    char* in = const_cast<char*>(utf8.data());
    std::size_t in_left = utf8.size();
    char* o = out.data();
    std::size_t out_left = out.size();
    EXPECT_NE(iconv(cd, &in, &in_left, &o, &out_left), static_cast<std::size_t>(-1)) << charset;
    iconv(cd, nullptr, nullptr, &o, &out_left);
    iconv_close(cd);
    out.resize(out.size() - out_left);
    return out;
}

std::string page(const std::string& head, const std::string& body) {
    return "<!DOCTYPE html><html><head>" + head + "</head><body>" + body + "</body></html>";
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

TEST(Charset, Windows1252SmartQuotesFromMetaDecodeWithoutMojibake) {
    const auto decoded = decode_html(page("<meta charset=\"windows-1252\">", "caf\xE9 \x93quoted\x94 it\x92s"), "");
    EXPECT_EQ(decoded.charset, "windows-1252");
    EXPECT_EQ(decoded.charset_source, "meta");
    EXPECT_TRUE(contains(decoded.utf8, "café “quoted” it’s"));
    EXPECT_FALSE(contains(decoded.utf8, "â€™"));
}

TEST(Charset, Latin1LabelMeansWindows1252PerWhatwg) {
    const auto decoded = decode_html(page("", "\x93hi\x94 na\xEFve"), "text/html; charset=ISO-8859-1");
    EXPECT_EQ(decoded.charset, "windows-1252");
    EXPECT_EQ(decoded.charset_source, "http");
    EXPECT_TRUE(contains(decoded.utf8, "“hi” naïve"));
}

TEST(Charset, LabelAliasesMapToCanonicalEncodings) {
    EXPECT_EQ(decode_html(page("<meta charset=latin1>", "\xE9"), "").charset, "windows-1252");
    EXPECT_EQ(decode_html(page("<meta charset=ascii>", "\xE9"), "").charset, "windows-1252");
    EXPECT_EQ(decode_html(page("<meta charset=x-sjis>", "\x93\xFA"), "").charset, "Shift_JIS");
    EXPECT_EQ(decode_html(page("<meta charset=gb2312>", "\xD6\xD0"), "").charset, "GBK");
    EXPECT_EQ(decode_html(page("<meta charset=' KOI8-R '>", "\xF0"), "").charset, "KOI8-R");
    EXPECT_EQ(decode_html(page("<meta charset=iso-8859-9>", "\xFD"), "").charset, "windows-1254");
}

struct Sample {
    const char* label;
    const char* canonical;
    std::string bytes;
    const char* utf8;
};

class CharsetSamples : public testing::TestWithParam<Sample> {};

TEST_P(CharsetSamples, DeclaredCharsetDecodesRealBytes) {
    const Sample& sample = GetParam();
    const auto decoded =
        decode_html(page(std::string("<meta charset=\"") + sample.label + "\">", "<p>" + sample.bytes + "</p>"), "");
    EXPECT_EQ(decoded.charset, sample.canonical);
    EXPECT_EQ(decoded.charset_source, "meta");
    EXPECT_TRUE(contains(decoded.utf8, std::string("<p>") + sample.utf8 + "</p>")) << decoded.utf8;
}

INSTANTIATE_TEST_SUITE_P(
    RealByteSequences, CharsetSamples,
    testing::Values(Sample{"shift_jis", "Shift_JIS", "\x93\xFA\x96\x7B\x8C\xEA", "日本語"},
                    Sample{"euc-jp", "EUC-JP", "\xC6\xFC\xCB\xDC\xB8\xEC", "日本語"},
                    Sample{"gb2312", "GBK", "\xD6\xD0\xCE\xC4", "中文"},
                    Sample{"gb18030", "gb18030", "\xD6\xD0\xCE\xC4\x81\x30\x81\x30", "中文\u0080"},
                    Sample{"big5", "Big5", "\xA4\xA4\xA4\xE5", "中文"},
                    Sample{"koi8-r", "KOI8-R", "\xF0\xD2\xC9\xD7\xC5\xD4", "Привет"},
                    Sample{"windows-1251", "windows-1251", "\xCF\xF0\xE8\xE2\xE5\xF2", "Привет"},
                    Sample{"iso-8859-2", "ISO-8859-2", "\xA3\xF3\x64\xBC", "Łódź"},
                    Sample{"iso-8859-7", "ISO-8859-7", "\xC5\xEB\xEB\xDC\xE4\xE1", "Ελλάδα"},
                    Sample{"iso-8859-15", "ISO-8859-15", "\xA4", "€"},
                    Sample{"euc-kr", "EUC-KR", "\xC7\xD1\xB1\xB9", "한국"}),
    [](const testing::TestParamInfo<Sample>& info) {
        std::string name;
        for (const char* c = info.param.label; *c; ++c) name += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
        return name;
    });

TEST(Charset, Utf16LittleEndianWithBomDecodes) {
    const std::string bytes("\xFF\xFE<\0p\0>\0\xE9\0\xAC\x20<\0/\0p\0>\0", 20);
    const auto decoded = decode_html(bytes, "");
    EXPECT_EQ(decoded.charset, "UTF-16LE");
    EXPECT_EQ(decoded.charset_source, "bom");
    EXPECT_EQ(decoded.utf8, "<p>é€</p>");
}

TEST(Charset, Utf16BigEndianWithBomDecodes) {
    const std::string bytes("\xFE\xFF\0<\0p\0>\x04\x1F\0<", 12);
    const auto decoded = decode_html(bytes, "");
    EXPECT_EQ(decoded.charset, "UTF-16BE");
    EXPECT_EQ(decoded.utf8, "<p>П<");
}

TEST(Charset, Utf8BomWinsOverHttpAndMetaAndIsStripped) {
    const auto decoded = decode_html("\xEF\xBB\xBF" + page("<meta charset=koi8-r>", "é"), "text/html; charset=big5");
    EXPECT_EQ(decoded.charset, "UTF-8");
    EXPECT_EQ(decoded.charset_source, "bom");
    EXPECT_TRUE(decoded.utf8.starts_with("<!DOCTYPE"));
    EXPECT_TRUE(contains(decoded.utf8, "é"));
}

TEST(Charset, HttpCharsetWinsOverMeta) {
    const auto decoded = decode_html(page("<meta charset=windows-1252>", "\xCF\xF0\xE8"), "text/html;charset=\"windows-1251\"");
    EXPECT_EQ(decoded.charset, "windows-1251");
    EXPECT_EQ(decoded.charset_source, "http");
    EXPECT_TRUE(contains(decoded.utf8, "При"));
}

TEST(Charset, HttpEquivContentTypeIsHonoured) {
    const auto decoded = decode_html(
        page("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">", "\xF0\xD2\xC9"), "");
    EXPECT_EQ(decoded.charset, "KOI8-R");
    EXPECT_EQ(decoded.charset_source, "meta");
    EXPECT_TRUE(contains(decoded.utf8, "При"));
}

TEST(Charset, MetaContentWithoutHttpEquivIsIgnoredPerSpec) {
    const auto decoded = decode_html(page("<meta content=\"text/html; charset=koi8-r\">", "plain"), "");
    EXPECT_NE(decoded.charset_source, "meta");
}

TEST(Charset, PrescanSkipsCommentsAndStopsAfter1024Bytes) {
    const auto in_comment = decode_html("<!-- <meta charset=koi8-r> --><meta charset=windows-1251><p>\xCF</p>", "");
    EXPECT_EQ(in_comment.charset, "windows-1251");
    const auto too_late = decode_html("<html>" + std::string(1100, ' ') + "<meta charset=koi8-r><p>x</p>", "");
    EXPECT_NE(too_late.charset_source, "meta");
}

TEST(Charset, PrescanReadsAttributesOfOtherTagsWithoutBeingFooled) {
    // The charset= inside another tag's attribute value is not a declaration.
    const auto decoded = decode_html("<div title='<meta charset=koi8-r>'></div><meta charset=\"iso-8859-2\"><p>\xA3</p>", "");
    EXPECT_EQ(decoded.charset, "ISO-8859-2");
    EXPECT_TRUE(contains(decoded.utf8, "Ł"));
}

TEST(Charset, MetaDeclaringUtf16MeansUtf8) {
    const auto decoded = decode_html(page("<meta charset=utf-16>", "é"), "");
    EXPECT_EQ(decoded.charset, "UTF-8");
    EXPECT_EQ(decoded.charset_source, "meta");
}

TEST(Charset, XmlDeclarationIsUsedWhenNoMeta) {
    const auto decoded = decode_html("<?xml version=\"1.0\" encoding=\"ISO-8859-7\"?><html><p>\xC5\xEB</p></html>", "");
    EXPECT_EQ(decoded.charset, "ISO-8859-7");
    EXPECT_EQ(decoded.charset_source, "xml");
    EXPECT_TRUE(contains(decoded.utf8, "Ελ"));
}

TEST(Charset, UnknownLabelFallsThroughToDetection) {
    const auto decoded = decode_html(page("<meta charset=klingon-8>", "hello"), "text/html; charset=nonsense");
    EXPECT_NE(decoded.charset_source, "meta");
    EXPECT_NE(decoded.charset_source, "http");
    EXPECT_EQ(decoded.utf8, page("<meta charset=klingon-8>", "hello"));
}

const std::string kRussian =
    "Москва - столица России, город федерального значения, административный центр Центрального "
    "федерального округа и центр Московской области, в состав которой не входит. Крупнейший по "
    "численности населения город России и её субъект, самый населённый из городов, полностью "
    "расположенных в Европе, входит в первую десятку городов мира по численности населения.";
const std::string kJapanese =
    "東京都は日本の首都であり、関東地方に位置する都である。人口は日本の都道府県の中で最も多く、"
    "世界有数の大都市圏を形成している。政治、経済、文化の中心地として多くの企業や大学が集まり、"
    "国内外から多くの観光客が訪れる。江戸時代には江戸と呼ばれ、徳川幕府が置かれていた。";
const std::string kChinese =
    "北京市是中华人民共和国的首都，是全国的政治中心、文化中心、国际交往中心和科技创新中心。"
    "北京历史悠久，文化灿烂，是首批国家历史文化名城和世界上拥有世界文化遗产数最多的城市。"
    "北京有着三千余年的建城史和八百六十余年的建都史，是一座充满活力的现代化国际大都市。";

struct DetectionSample {
    const char* charset;
    const std::string* text;
};

class CharsetDetection : public testing::TestWithParam<DetectionSample> {};

TEST_P(CharsetDetection, UndeclaredLegacyTextIsDetectedAndDecoded) {
    const DetectionSample& sample = GetParam();
    const std::string utf8_page = page("<title>t</title>", "<p>" + *sample.text + "</p>");
    const auto decoded = decode_html(encode(utf8_page, sample.charset), "");
    EXPECT_EQ(decoded.charset_source, "detected");
    EXPECT_EQ(decoded.utf8, utf8_page) << "decoded as " << decoded.charset;
}

INSTANTIATE_TEST_SUITE_P(Languages, CharsetDetection,
                         testing::Values(DetectionSample{"WINDOWS-1251", &kRussian},
                                         DetectionSample{"KOI8-R", &kRussian},
                                         DetectionSample{"SHIFT_JIS", &kJapanese},
                                         DetectionSample{"EUC-JP", &kJapanese},
                                         DetectionSample{"GB18030", &kChinese},
                                         DetectionSample{"UTF-8", &kChinese}),
                         [](const testing::TestParamInfo<DetectionSample>& info) {
                             std::string name;
                             for (const char* c = info.param.charset; *c; ++c) name += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
                             return name;
                         });

// English with a few UTF-8 dashes and nothing declared: the detector alone calls these bytes
// windows-1250 (real pages read "resourcesâ€”whether"); valid multi-byte UTF-8 is UTF-8.
TEST(Charset, UndeclaredValidUtf8WithSparsePunctuationIsUtf8NotTheDetectorsGuess) {
    const std::string body =
        "<p>Allocating resources—whether budget, time, or personnel—strategically is essential to balance "
        "all aspects of your event. Proper allocation ensures that no area is over or under-serviced, "
        "keeping operations smooth.</p>";
    const auto decoded = decode_html(page("<title>Event planning</title>", body), "");
    EXPECT_EQ(decoded.charset, "UTF-8");
    EXPECT_EQ(decoded.charset_source, "detected");
    EXPECT_TRUE(contains(decoded.utf8, "resources—whether")) << decoded.utf8;
}

TEST(Charset, HttpClaimsUtf8ButBytesAreWindows1252ThenDetectionDecides) {
    const std::string text =
        "Les \x93\xE9l\xE8ves\x94 de l'\xE9\x63ole ont \xE9t\xE9 f\xE9licit\xE9s pour leur r\xE9ussite "
        "\xE0 l'examen. C'est \xE0 la fois une fiert\xE9 et un d\xE9" "fi pour l'ann\xE9" "e prochaine, a "
        "d\xE9\x63lar\xE9 la directrice, tr\xE8s \xE9mue \x96 et c'est bien m\xE9rit\xE9.";
    const auto decoded = decode_html(page("", "<p>" + text + "</p>"), "text/html; charset=utf-8");
    EXPECT_EQ(decoded.charset_source, "detected");
    EXPECT_TRUE(contains(decoded.utf8, "élèves")) << decoded.charset << ": " << decoded.utf8;
    EXPECT_EQ(count_invalid_utf8(decoded.utf8), 0u);
}

TEST(Charset, HttpClaimsLatin1ButBytesAreUtf8ThenUtf8Wins) {
    const auto decoded = decode_html(page("", "<p>It’s “quoted” — naïve</p>"), "text/html; charset=iso-8859-1");
    EXPECT_EQ(decoded.charset, "UTF-8");
    EXPECT_EQ(decoded.charset_source, "detected");
    EXPECT_TRUE(contains(decoded.utf8, "It’s “quoted” — naïve"));
    EXPECT_FALSE(contains(decoded.utf8, "â€"));
}

TEST(Charset, HttpDeclaredLegacyCharsetIsKeptForPureAscii) {
    const auto decoded = decode_html(page("", "plain ascii"), "text/html; charset=iso-8859-1");
    EXPECT_EQ(decoded.charset, "windows-1252");
    EXPECT_EQ(decoded.charset_source, "http");
}

TEST(Charset, InvalidUtf8BecomesReplacementCharacterNeverInvalidOutput) {
    const std::string bytes = page("<meta charset=utf-8>", "ok \xC3 \xFF\xFE \xED\xA0\x80 \xF4\x90\x80\x80 end \xE2\x82");
    const auto decoded = decode_html(bytes, "");
    EXPECT_EQ(count_invalid_utf8(decoded.utf8), 0u);
    EXPECT_TRUE(contains(decoded.utf8, "ok \uFFFD"));
    EXPECT_TRUE(contains(decoded.utf8, " end "));
    // glibc alone would pass these through: a code point above U+10FFFF and a 5-byte form.
    EXPECT_FALSE(contains(decoded.utf8, "\xF4\x90"));
    EXPECT_EQ(convert_to_utf8("a\xF8\x88\x80\x80\x80" "b", "UTF-8").utf8, "a\uFFFD\uFFFD\uFFFD\uFFFD\uFFFDb");
}

TEST(Charset, TruncatedMultibyteSequenceAtEndIsReplaced) {
    const auto decoded = decode_html(page("<meta charset=shift_jis>", "\x93\xFA\x96"), "");
    EXPECT_TRUE(contains(decoded.utf8, "日\uFFFD")) << decoded.utf8;
    EXPECT_EQ(count_invalid_utf8(decoded.utf8), 0u);
}

TEST(Charset, EmptyInputGivesEmptyUtf8) {
    const auto decoded = decode_html("", "");
    EXPECT_EQ(decoded.utf8, "");
    EXPECT_FALSE(decoded.charset.empty());
}

TEST(Charset, BinaryGarbageGivesValidUtf8) {
    std::string garbage;
    for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 7919 + 13) & 0xFF);
    for (const char* type : {"", "text/html; charset=utf-8", "text/html; charset=shift_jis", "text/html; charset=utf-16"}) {
        const auto decoded = decode_html(garbage, type);
        EXPECT_EQ(count_invalid_utf8(decoded.utf8), 0u) << type;
        EXPECT_FALSE(decoded.utf8.empty()) << type;
    }
}

}  // namespace
}  // namespace gleaner::extract
