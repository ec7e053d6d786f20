// The WHATWG Encoding Standard label table (https://encoding.spec.whatwg.org/#names-and-labels) as data,
// with the glibc iconv name used to decode each encoding. Where WHATWG decodes a superset of the
// historic charset (Shift_JIS as windows-31j, EUC-KR as windows-949, GBK as gb18030, Big5 as
// Big5-HKSCS), the iconv name is that superset, as browsers do.
#include "extract/charset/charset_labels.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace gleaner::extract {
namespace {

struct LabelEntry {
    std::string_view label;
    EncodingInfo encoding;
};

constexpr EncodingInfo kUtf8{"UTF-8", "UTF-8"};
constexpr EncodingInfo kIbm866{"IBM866", "IBM866"};
constexpr EncodingInfo kIso2{"ISO-8859-2", "ISO-8859-2"};
constexpr EncodingInfo kIso3{"ISO-8859-3", "ISO-8859-3"};
constexpr EncodingInfo kIso4{"ISO-8859-4", "ISO-8859-4"};
constexpr EncodingInfo kIso5{"ISO-8859-5", "ISO-8859-5"};
constexpr EncodingInfo kIso6{"ISO-8859-6", "ISO-8859-6"};
constexpr EncodingInfo kIso7{"ISO-8859-7", "ISO-8859-7"};
constexpr EncodingInfo kIso8{"ISO-8859-8", "ISO-8859-8"};
constexpr EncodingInfo kIso8I{"ISO-8859-8-I", "ISO-8859-8"};
constexpr EncodingInfo kIso10{"ISO-8859-10", "ISO-8859-10"};
constexpr EncodingInfo kIso13{"ISO-8859-13", "ISO-8859-13"};
constexpr EncodingInfo kIso14{"ISO-8859-14", "ISO-8859-14"};
constexpr EncodingInfo kIso15{"ISO-8859-15", "ISO-8859-15"};
constexpr EncodingInfo kIso16{"ISO-8859-16", "ISO-8859-16"};
constexpr EncodingInfo kKoi8R{"KOI8-R", "KOI8-R"};
constexpr EncodingInfo kKoi8U{"KOI8-U", "KOI8-U"};
constexpr EncodingInfo kMacintosh{"macintosh", "MACINTOSH"};
constexpr EncodingInfo kWin874{"windows-874", "WINDOWS-874"};
constexpr EncodingInfo kWin1250{"windows-1250", "WINDOWS-1250"};
constexpr EncodingInfo kWin1251{"windows-1251", "WINDOWS-1251"};
constexpr EncodingInfo kWin1252{"windows-1252", "WINDOWS-1252"};
constexpr EncodingInfo kWin1253{"windows-1253", "WINDOWS-1253"};
constexpr EncodingInfo kWin1254{"windows-1254", "WINDOWS-1254"};
constexpr EncodingInfo kWin1255{"windows-1255", "WINDOWS-1255"};
constexpr EncodingInfo kWin1256{"windows-1256", "WINDOWS-1256"};
constexpr EncodingInfo kWin1257{"windows-1257", "WINDOWS-1257"};
constexpr EncodingInfo kWin1258{"windows-1258", "WINDOWS-1258"};
constexpr EncodingInfo kMacCyrillic{"x-mac-cyrillic", "MAC-CYRILLIC"};
constexpr EncodingInfo kGbk{"GBK", "GB18030"};
constexpr EncodingInfo kGb18030{"gb18030", "GB18030"};
constexpr EncodingInfo kBig5{"Big5", "BIG5-HKSCS"};
constexpr EncodingInfo kEucJp{"EUC-JP", "EUC-JP"};
constexpr EncodingInfo kIso2022Jp{"ISO-2022-JP", "ISO-2022-JP"};
constexpr EncodingInfo kShiftJis{"Shift_JIS", "WINDOWS-31J"};
constexpr EncodingInfo kEucKr{"EUC-KR", "CP949"};
constexpr EncodingInfo kUtf16Be{"UTF-16BE", "UTF-16BE"};
constexpr EncodingInfo kUtf16Le{"UTF-16LE", "UTF-16LE"};
// x-user-defined maps bytes 0x80-0xFF to private-use code points; pages that declare it are
// windows-1252 text in practice, and the HTML prescan itself turns it into windows-1252.
constexpr EncodingInfo kUserDefined{"windows-1252", "WINDOWS-1252"};

// Sorted by label (the lookup is a binary search); labels are lower case.
constexpr auto kLabels = std::to_array<LabelEntry>({
    {"866", kIbm866}, {"ansi_x3.4-1968", kWin1252}, {"arabic", kIso6}, {"ascii", kWin1252},
    {"asmo-708", kIso6}, {"big5", kBig5}, {"big5-hkscs", kBig5}, {"chinese", kGbk},
    {"cn-big5", kBig5}, {"cp1250", kWin1250}, {"cp1251", kWin1251}, {"cp1252", kWin1252},
    {"cp1253", kWin1253}, {"cp1254", kWin1254}, {"cp1255", kWin1255}, {"cp1256", kWin1256},
    {"cp1257", kWin1257}, {"cp1258", kWin1258}, {"cp819", kWin1252}, {"cp866", kIbm866},
    {"csbig5", kBig5}, {"cseuckr", kEucKr}, {"cseucpkdfmtjapanese", kEucJp}, {"csgb2312", kGbk},
    {"csibm866", kIbm866}, {"csiso2022jp", kIso2022Jp}, {"csiso58gb231280", kGbk},
    {"csiso88596e", kIso6}, {"csiso88596i", kIso6}, {"csiso88598e", kIso8}, {"csiso88598i", kIso8I},
    {"csisolatin1", kWin1252}, {"csisolatin2", kIso2}, {"csisolatin3", kIso3}, {"csisolatin4", kIso4},
    {"csisolatin5", kWin1254}, {"csisolatin6", kIso10}, {"csisolatin9", kIso15},
    {"csisolatinarabic", kIso6}, {"csisolatincyrillic", kIso5}, {"csisolatingreek", kIso7},
    {"csisolatinhebrew", kIso8}, {"cskoi8r", kKoi8R}, {"csksc56011987", kEucKr},
    {"csmacintosh", kMacintosh}, {"csshiftjis", kShiftJis}, {"csunicode", kUtf16Le},
    {"cyrillic", kIso5}, {"dos-874", kWin874}, {"ecma-114", kIso6}, {"ecma-118", kIso7},
    {"elot_928", kIso7}, {"euc-jp", kEucJp}, {"euc-kr", kEucKr}, {"gb18030", kGb18030},
    {"gb2312", kGbk}, {"gb_2312", kGbk}, {"gb_2312-80", kGbk}, {"gbk", kGbk}, {"greek", kIso7},
    {"greek8", kIso7}, {"hebrew", kIso8}, {"ibm819", kWin1252}, {"ibm866", kIbm866},
    {"iso-10646-ucs-2", kUtf16Le}, {"iso-2022-jp", kIso2022Jp}, {"iso-8859-1", kWin1252},
    {"iso-8859-10", kIso10}, {"iso-8859-11", kWin874}, {"iso-8859-13", kIso13},
    {"iso-8859-14", kIso14}, {"iso-8859-15", kIso15}, {"iso-8859-16", kIso16}, {"iso-8859-2", kIso2},
    {"iso-8859-3", kIso3}, {"iso-8859-4", kIso4}, {"iso-8859-5", kIso5}, {"iso-8859-6", kIso6},
    {"iso-8859-6-e", kIso6}, {"iso-8859-6-i", kIso6}, {"iso-8859-7", kIso7}, {"iso-8859-8", kIso8},
    {"iso-8859-8-e", kIso8}, {"iso-8859-8-i", kIso8I}, {"iso-8859-9", kWin1254},
    {"iso-ir-100", kWin1252}, {"iso-ir-101", kIso2}, {"iso-ir-109", kIso3}, {"iso-ir-110", kIso4},
    {"iso-ir-126", kIso7}, {"iso-ir-127", kIso6}, {"iso-ir-138", kIso8}, {"iso-ir-144", kIso5},
    {"iso-ir-148", kWin1254}, {"iso-ir-149", kEucKr}, {"iso-ir-157", kIso10}, {"iso-ir-58", kGbk},
    {"iso8859-1", kWin1252}, {"iso8859-10", kIso10}, {"iso8859-11", kWin874}, {"iso8859-13", kIso13},
    {"iso8859-14", kIso14}, {"iso8859-15", kIso15}, {"iso8859-2", kIso2}, {"iso8859-3", kIso3},
    {"iso8859-4", kIso4}, {"iso8859-5", kIso5}, {"iso8859-6", kIso6}, {"iso8859-7", kIso7},
    {"iso8859-8", kIso8}, {"iso8859-9", kWin1254}, {"iso88591", kWin1252}, {"iso885910", kIso10},
    {"iso885911", kWin874}, {"iso885913", kIso13}, {"iso885914", kIso14}, {"iso885915", kIso15},
    {"iso88592", kIso2}, {"iso88593", kIso3}, {"iso88594", kIso4}, {"iso88595", kIso5},
    {"iso88596", kIso6}, {"iso88597", kIso7}, {"iso88598", kIso8}, {"iso88599", kWin1254},
    {"iso_8859-1", kWin1252}, {"iso_8859-15", kIso15}, {"iso_8859-1:1987", kWin1252},
    {"iso_8859-2", kIso2}, {"iso_8859-2:1987", kIso2}, {"iso_8859-3", kIso3},
    {"iso_8859-3:1988", kIso3}, {"iso_8859-4", kIso4}, {"iso_8859-4:1988", kIso4},
    {"iso_8859-5", kIso5}, {"iso_8859-5:1988", kIso5}, {"iso_8859-6", kIso6},
    {"iso_8859-6:1987", kIso6}, {"iso_8859-7", kIso7}, {"iso_8859-7:1987", kIso7},
    {"iso_8859-8", kIso8}, {"iso_8859-8:1988", kIso8}, {"iso_8859-9", kWin1254},
    {"iso_8859-9:1989", kWin1254}, {"koi", kKoi8R}, {"koi8", kKoi8R}, {"koi8-r", kKoi8R},
    {"koi8-ru", kKoi8U}, {"koi8-u", kKoi8U}, {"koi8_r", kKoi8R}, {"korean", kEucKr},
    {"ks_c_5601-1987", kEucKr}, {"ks_c_5601-1989", kEucKr}, {"ksc5601", kEucKr}, {"ksc_5601", kEucKr},
    {"l1", kWin1252}, {"l2", kIso2}, {"l3", kIso3}, {"l4", kIso4}, {"l5", kWin1254}, {"l6", kIso10},
    {"l9", kIso15}, {"latin1", kWin1252}, {"latin2", kIso2}, {"latin3", kIso3}, {"latin4", kIso4},
    {"latin5", kWin1254}, {"latin6", kIso10}, {"logical", kIso8I}, {"mac", kMacintosh},
    {"macintosh", kMacintosh}, {"ms932", kShiftJis}, {"ms_kanji", kShiftJis},
    {"shift-jis", kShiftJis}, {"shift_jis", kShiftJis}, {"sjis", kShiftJis}, {"sun_eu_greek", kIso7},
    {"tis-620", kWin874}, {"ucs-2", kUtf16Le}, {"unicode", kUtf16Le}, {"unicode-1-1-utf-8", kUtf8},
    {"unicode11utf8", kUtf8}, {"unicode20utf8", kUtf8}, {"unicodefeff", kUtf16Le},
    {"unicodefffe", kUtf16Be}, {"us-ascii", kWin1252}, {"utf-16", kUtf16Le}, {"utf-16be", kUtf16Be},
    {"utf-16le", kUtf16Le}, {"utf-8", kUtf8}, {"utf8", kUtf8}, {"visual", kIso8},
    {"windows-1250", kWin1250}, {"windows-1251", kWin1251}, {"windows-1252", kWin1252},
    {"windows-1253", kWin1253}, {"windows-1254", kWin1254}, {"windows-1255", kWin1255},
    {"windows-1256", kWin1256}, {"windows-1257", kWin1257}, {"windows-1258", kWin1258},
    {"windows-31j", kShiftJis}, {"windows-874", kWin874}, {"windows-949", kEucKr},
    {"x-cp1250", kWin1250}, {"x-cp1251", kWin1251}, {"x-cp1252", kWin1252}, {"x-cp1253", kWin1253},
    {"x-cp1254", kWin1254}, {"x-cp1255", kWin1255}, {"x-cp1256", kWin1256}, {"x-cp1257", kWin1257},
    {"x-cp1258", kWin1258}, {"x-euc-jp", kEucJp}, {"x-gbk", kGbk}, {"x-mac-cyrillic", kMacCyrillic},
    {"x-mac-roman", kMacintosh}, {"x-mac-ukrainian", kMacCyrillic}, {"x-sjis", kShiftJis},
    {"x-unicode20utf8", kUtf8}, {"x-user-defined", kUserDefined}, {"x-x-big5", kBig5},
});

// Names uchardet reports that are not WHATWG labels (its other names, "UTF-8", "SHIFT_JIS",
// "WINDOWS-1252", ..., are labels). Sorted, lower case.
constexpr auto kDetectorNames = std::to_array<LabelEntry>({
    {"euc-tw", {"EUC-TW", "EUC-TW"}},
    {"ibm855", {"IBM855", "IBM855"}},
    {"mac-centraleurope", {"x-mac-centraleurope", "MAC-CENTRALEUROPE"}},
    {"mac-cyrillic", kMacCyrillic},
    {"viscii", {"VISCII", "VISCII"}},
});

constexpr bool label_less(const LabelEntry& a, const LabelEntry& b) { return a.label < b.label; }
static_assert(std::is_sorted(kLabels.begin(), kLabels.end(), label_less), "kLabels must stay sorted");
static_assert(std::is_sorted(kDetectorNames.begin(), kDetectorNames.end(), label_less));

bool is_ascii_whitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

std::string normalise_label(std::string_view label) {
    while (!label.empty() && is_ascii_whitespace(label.front())) label.remove_prefix(1);
    while (!label.empty() && is_ascii_whitespace(label.back())) label.remove_suffix(1);
    std::string lower(label);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower;
}

template <std::size_t N>
const EncodingInfo* lookup(const std::array<LabelEntry, N>& table, std::string_view label) {
    const std::string key = normalise_label(label);
    auto it = std::lower_bound(table.begin(), table.end(), key,
                               [](const LabelEntry& entry, const std::string& k) { return entry.label < k; });
    if (it == table.end() || it->label != key) return nullptr;
    return &it->encoding;
}

}  // namespace

const EncodingInfo* find_encoding(std::string_view label) { return lookup(kLabels, label); }

const EncodingInfo* find_detector_encoding(std::string_view detector_name) {
    if (const EncodingInfo* info = lookup(kLabels, detector_name)) return info;
    return lookup(kDetectorNames, detector_name);
}

}  // namespace gleaner::extract
