// iconv wrapper: the conversion loop that turns any supported encoding into valid UTF-8 and survives
// arbitrary bytes (EILSEQ and truncated input are replaced, never passed through).
//
// glibc's UTF-8 decoder accepts code points above U+10FFFF and 5- and 6-byte forms, and its
// UTF-8 -> UTF-8 conversion passes them through; its UTF-16 encoder refuses them. So UTF-8 input is
// checked by converting it to UTF-16LE (refusals become U+FFFD) and back, chunk by chunk.
#include "extract/charset/charset_convert.h"

#include <iconv.h>

#include <cerrno>
#include <cstring>
#include <strings.h>

namespace gleaner::extract {
namespace {

constexpr std::size_t kChunk = 64 * 1024;
// is_valid_utf8 hands iconv a stretch of non-ASCII bytes together with the ASCII gaps inside it
// shorter than this: an iconv call per accented word costs more than decoding a few ASCII bytes along.
constexpr std::size_t kAsciiGapToSkip = 16;
constexpr std::string_view kReplacementUtf8 = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kReplacementUtf16Le{"\xFD\xFF", 2};

class Iconv {
public:
    Iconv(const char* to, const char* from) : handle_(iconv_open(to, from)) {}
    ~Iconv() {
        if (ok()) iconv_close(handle_);
    }
    Iconv(const Iconv&) = delete;
    Iconv& operator=(const Iconv&) = delete;
    bool ok() const { return handle_ != reinterpret_cast<iconv_t>(-1); }
    iconv_t get() const { return handle_; }

private:
    iconv_t handle_;
};

// Converts all of `input`, handing output to `sink(std::string_view)` in chunks of whole characters.
// Each byte iconv rejects (EILSEQ), and a truncated sequence at the end (EINVAL), is replaced by
// `replacement` (in the output encoding) and decoding resumes at the next byte. Returns the number of
// replacements.
template <class Sink>
std::size_t convert(Iconv& converter, std::string_view input, std::string_view replacement, Sink&& sink) {
    char buffer[kChunk];
    char* in = const_cast<char*>(input.data());  // iconv's signature is not const-correct
    std::size_t in_left = input.size();
    std::size_t replaced = 0;
    while (in_left > 0) {
        char* out = buffer;
        std::size_t out_left = kChunk;
        const std::size_t rc = iconv(converter.get(), &in, &in_left, &out, &out_left);
        const int error = errno;
        sink(std::string_view(buffer, static_cast<std::size_t>(out - buffer)));
        if (rc != static_cast<std::size_t>(-1)) break;
        if (error == E2BIG) continue;
        if (error != EILSEQ && error != EINVAL) break;  // no other errno is documented; never loop
        sink(replacement);
        ++replaced;
        ++in;
        --in_left;
        iconv(converter.get(), nullptr, nullptr, nullptr, nullptr);  // back to the initial shift state
    }
    // Flush stateful encodings (ISO-2022-JP) back to the initial state.
    char* out = buffer;
    std::size_t out_left = kChunk;
    iconv(converter.get(), nullptr, nullptr, &out, &out_left);
    sink(std::string_view(buffer, static_cast<std::size_t>(out - buffer)));
    return replaced;
}

bool is_utf8_name(const char* name) { return strcasecmp(name, "UTF-8") == 0; }

// Whether iconv converts all of `input` without an error (the output, in `buffer`, is dropped).
bool converts_cleanly(Iconv& converter, std::string_view input, char* buffer, std::size_t buffer_size) {
    char* in = const_cast<char*>(input.data());
    std::size_t in_left = input.size();
    while (in_left > 0) {
        char* out = buffer;
        std::size_t out_left = buffer_size;
        if (iconv(converter.get(), &in, &in_left, &out, &out_left) != static_cast<std::size_t>(-1)) return true;
        if (errno != E2BIG) return false;
    }
    return true;
}

}  // namespace

ConversionResult convert_to_utf8(std::string_view bytes, const char* iconv_name) {
    ConversionResult result;
    result.utf8.reserve(bytes.size() + bytes.size() / 4);
    auto append = [&](std::string_view chunk) { result.utf8.append(chunk); };
    if (is_utf8_name(iconv_name)) {
        Iconv to_utf16("UTF-16LE", "UTF-8");
        Iconv to_utf8("UTF-8", "UTF-16LE");
        if (!to_utf16.ok() || !to_utf8.ok()) {
            result.converter_available = false;
            return result;
        }
        result.invalid_sequences = convert(to_utf16, bytes, kReplacementUtf16Le, [&](std::string_view utf16) {
            convert(to_utf8, utf16, kReplacementUtf8, append);
        });
        return result;
    }
    Iconv converter("UTF-8", iconv_name);
    if (!converter.ok()) {
        result.converter_available = false;
        return result;
    }
    result.invalid_sequences = convert(converter, bytes, kReplacementUtf8, append);
    return result;
}

std::size_t count_invalid_utf8(std::string_view bytes, std::size_t stop_after) {
    Iconv to_utf16("UTF-16LE", "UTF-8");
    if (!to_utf16.ok()) return 0;
    char buffer[kChunk];
    char* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    std::size_t invalid = 0;
    while (in_left > 0 && invalid < stop_after) {
        char* out = buffer;
        std::size_t out_left = kChunk;
        const std::size_t rc = iconv(to_utf16.get(), &in, &in_left, &out, &out_left);
        if (rc != static_cast<std::size_t>(-1)) break;
        if (errno == E2BIG) continue;
        ++invalid;
        ++in;
        --in_left;
    }
    return invalid;
}

std::size_t ascii_prefix_length(std::string_view bytes) {
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    constexpr std::uint64_t kHighBits = 0x8080808080808080u;
    std::size_t i = 0;
    for (; i + sizeof(std::uint64_t) <= bytes.size(); i += sizeof(std::uint64_t)) {
        std::uint64_t word;
        std::memcpy(&word, data + i, sizeof word);
        if ((word & kHighBits) != 0) break;
    }
    while (i < bytes.size() && data[i] < 0x80) ++i;
    return i;
}

// A multi-byte UTF-8 sequence holds no ASCII byte, so an ASCII byte always ends what came before it:
// the stretches between ASCII runs are valid or not on their own, exactly as within the whole.
bool is_valid_utf8(std::string_view bytes) {
    std::size_t start = ascii_prefix_length(bytes);
    if (start == bytes.size()) return true;
    Iconv to_utf16("UTF-16LE", "UTF-8");
    if (!to_utf16.ok()) return true;  // as count_invalid_utf8
    char buffer[16 * 1024];
    while (start < bytes.size()) {
        std::size_t end = start;  // [start, end): non-ASCII bytes and the short ASCII gaps between them
        std::size_t next = end;   // where the next stretch may start, past the ASCII after `end`
        for (;;) {
            while (end < bytes.size() && static_cast<unsigned char>(bytes[end]) >= 0x80) ++end;
            const std::size_t gap = ascii_prefix_length(bytes.substr(end));
            next = end + gap;
            if (next == bytes.size() || gap >= kAsciiGapToSkip) break;
            end = next;
        }
        if (!converts_cleanly(to_utf16, bytes.substr(start, end - start), buffer, sizeof buffer)) return false;
        start = next;
    }
    return true;
}

}  // namespace gleaner::extract
