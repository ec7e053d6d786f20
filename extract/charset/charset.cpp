// decode_html: picks the page's encoding (WHATWG encoding sniffing order, plus the two overrides
// documented in charset.h) and converts to UTF-8.
#include "extract/charset.h"

#include <uchardet/uchardet.h>

#include <memory>
#include <optional>
#include <type_traits>

#include "extract/charset/charset_convert.h"
#include "extract/charset/charset_labels.h"
#include "extract/charset/charset_prescan.h"

namespace gleaner::extract {
namespace {

constexpr EncodingInfo kUtf8{"UTF-8", "UTF-8"};
constexpr EncodingInfo kWindows1252{"windows-1252", "WINDOWS-1252"};

// The detector sees at most this much: enough for a confident answer on any page, bounded cost.
constexpr std::size_t kDetectionBytes = 256 * 1024;

struct Decision {
    const EncodingInfo* encoding = nullptr;
    std::string_view source;
    std::size_t skip = 0;          // bytes of BOM to drop
    bool known_valid_utf8 = false;  // the bytes (after the BOM) were found to be valid UTF-8
};

std::optional<Decision> from_bom(std::string_view bytes) {
    static constexpr EncodingInfo kUtf16Be{"UTF-16BE", "UTF-16BE"};
    static constexpr EncodingInfo kUtf16Le{"UTF-16LE", "UTF-16LE"};
    if (bytes.starts_with("\xEF\xBB\xBF")) return Decision{&kUtf8, "bom", 3};
    if (bytes.starts_with("\xFE\xFF")) return Decision{&kUtf16Be, "bom", 2};
    if (bytes.starts_with("\xFF\xFE")) return Decision{&kUtf16Le, "bom", 2};
    return std::nullopt;
}

// The HTML Standard: a page cannot declare UTF-16 in ASCII-compatible markup; such a declaration
// means UTF-8. (HTTP may still say UTF-16, as the spec allows.)
const EncodingInfo* in_document_declaration(std::string_view label) {
    const EncodingInfo* info = find_encoding(label);
    if (info && (info->name == "UTF-16BE" || info->name == "UTF-16LE")) return &kUtf8;
    return info;
}

const EncodingInfo* detect(std::string_view bytes) {
    using Detector = std::unique_ptr<std::remove_pointer_t<uchardet_t>, decltype(&uchardet_delete)>;
    Detector detector(uchardet_new(), &uchardet_delete);
    if (!detector) return nullptr;
    const std::string_view sample = bytes.substr(0, kDetectionBytes);
    if (uchardet_handle_data(detector.get(), sample.data(), sample.size()) != 0) return nullptr;
    uchardet_data_end(detector.get());
    const char* name = uchardet_get_charset(detector.get());
    return name && *name ? find_detector_encoding(name) : nullptr;
}

bool is_ascii(std::string_view bytes) { return ascii_prefix_length(bytes) == bytes.size(); }

bool is_utf8_family(const EncodingInfo* info) {
    return info->name == "UTF-8" || info->name == "UTF-16BE" || info->name == "UTF-16LE";
}

// The declared encoding, or the detected one where the bytes prove the declaration wrong.
Decision check_declaration(std::string_view bytes, Decision declared) {
    if (declared.encoding->name == "UTF-8") {
        if (is_valid_utf8(bytes)) return {declared.encoding, declared.source, 0, true};
        const EncodingInfo* detected = detect(bytes);
        if (detected && !is_utf8_family(detected)) return {detected, "detected", 0};
        return declared;
    }
    if (!is_utf8_family(declared.encoding) && !is_ascii(bytes) && is_valid_utf8(bytes)) {
        return {&kUtf8, "detected", 0, true};
    }
    return declared;
}

Decision decide(std::string_view bytes, std::string_view http_content_type) {
    if (auto bom = from_bom(bytes)) return *bom;
    if (const EncodingInfo* http = find_encoding(charset_from_content_type(http_content_type))) {
        return check_declaration(bytes, {http, "http", 0});
    }
    if (const EncodingInfo* meta = in_document_declaration(prescan_meta_charset(bytes))) {
        return check_declaration(bytes, {meta, "meta", 0});
    }
    if (const EncodingInfo* xml = in_document_declaration(xml_declared_charset(bytes))) {
        return check_declaration(bytes, {xml, "xml", 0});
    }
    // Nothing declared. Non-ASCII text that is valid UTF-8 is UTF-8 (see check_declaration): one fast
    // pass decides it, where the detector would read a quarter megabyte to say the same.
    if (!is_ascii(bytes) && is_valid_utf8(bytes)) return {&kUtf8, "detected", 0, true};
    if (const EncodingInfo* detected = detect(bytes)) return {detected, "detected", 0};
    // Nothing declared and the detector is silent (empty or tiny input): UTF-8 if it is UTF-8,
    // else the web's legacy default.
    const bool valid = is_valid_utf8(bytes);
    return {valid ? &kUtf8 : &kWindows1252, "default", 0, valid};
}

}  // namespace

DecodedHtmlView decode_html_view(std::string_view bytes, std::string_view http_content_type) {
    Decision decision = decide(bytes, http_content_type);
    const std::string_view text = bytes.substr(decision.skip);
    DecodedHtmlView decoded;
    // Valid UTF-8 read as UTF-8 is its own decoding: iconv would hand back the same bytes.
    if (decision.encoding->name == "UTF-8" && (decision.known_valid_utf8 || is_valid_utf8(text))) {
        decoded.unconverted = text;
        decoded.charset = decision.encoding->name;
        decoded.charset_source = decision.source;
        return decoded;
    }
    ConversionResult converted = convert_to_utf8(text, decision.encoding->iconv_name.data());
    if (!converted.converter_available) {
        // Only reachable for a detector-reported name this glibc lacks: fall back to windows-1252,
        // which maps every byte.
        decision = {&kWindows1252, "default", 0};
        converted = convert_to_utf8(bytes, kWindows1252.iconv_name.data());
    }
    decoded.converted = std::move(converted.utf8);
    decoded.needed_conversion = true;
    decoded.charset = decision.encoding->name;
    decoded.charset_source = decision.source;
    return decoded;
}

DecodedHtml decode_html(std::string_view bytes, std::string_view http_content_type) {
    DecodedHtmlView decoded = decode_html_view(bytes, http_content_type);
    std::string utf8 = decoded.needed_conversion ? std::move(decoded.converted) : std::string(decoded.unconverted);
    return {std::move(utf8), std::string(decoded.charset), std::string(decoded.charset_source)};
}

}  // namespace gleaner::extract
