// See content_decoding.h.
#include "archive/content_decoding.h"

#include <brotli/decode.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace gleaner::archive {
namespace {

constexpr std::size_t kChunk = 64 * 1024;

std::string too_large(std::size_t max_bytes) {
    return "more than " + std::to_string(max_bytes) + " bytes once decoded";
}

// gzip, or zlib-wrapped deflate (what "deflate" means); raw deflate when the zlib header is missing,
// as some servers send it.
Decoded inflate_body(std::string_view input, int window_bits, std::size_t max_bytes) {
    Decoded out;
    z_stream stream{};
    if (inflateInit2(&stream, window_bits) != Z_OK) return {{}, "zlib cannot initialise"};
    std::array<unsigned char, kChunk> chunk{};
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    stream.avail_in = static_cast<uInt>(input.size());
    int status = Z_OK;
    while (status == Z_OK) {
        stream.next_out = chunk.data();
        stream.avail_out = static_cast<uInt>(chunk.size());
        status = inflate(&stream, Z_NO_FLUSH);
        const std::size_t produced = chunk.size() - stream.avail_out;
        if (out.bytes.size() + produced > max_bytes) {
            out.error = too_large(max_bytes);
            break;
        }
        out.bytes.append(reinterpret_cast<const char*>(chunk.data()), produced);
        if (status == Z_BUF_ERROR && stream.avail_in == 0) {
            out.error = "compressed body is truncated";
            break;
        }
        // Another gzip member may follow the first (concatenated gzip is one valid body).
        if (status == Z_STREAM_END && stream.avail_in > 0 && window_bits > MAX_WBITS) {
            inflateReset(&stream);
            status = Z_OK;
        }
    }
    if (out.error.empty() && status != Z_STREAM_END)
        out.error = std::string("corrupt compressed body: ") + (stream.msg != nullptr ? stream.msg : "zlib error");
    inflateEnd(&stream);
    return out;
}

Decoded brotli_body(std::string_view input, std::size_t max_bytes) {
    Decoded out;
    BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
    if (state == nullptr) return {{}, "brotli cannot initialise"};
    std::size_t available_in = input.size();
    const auto* next_in = reinterpret_cast<const std::uint8_t*>(input.data());
    std::array<std::uint8_t, kChunk> chunk{};
    BrotliDecoderResult result = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
    while (result == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
        std::size_t available_out = chunk.size();
        std::uint8_t* next_out = chunk.data();
        result = BrotliDecoderDecompressStream(state, &available_in, &next_in, &available_out, &next_out, nullptr);
        const std::size_t produced = chunk.size() - available_out;
        if (out.bytes.size() + produced > max_bytes) {
            out.error = too_large(max_bytes);
            break;
        }
        out.bytes.append(reinterpret_cast<const char*>(chunk.data()), produced);
    }
    if (out.error.empty() && result == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT) out.error = "brotli body is truncated";
    if (out.error.empty() && result == BROTLI_DECODER_RESULT_ERROR)
        out.error = std::string("corrupt brotli body: ") +
                    BrotliDecoderErrorString(BrotliDecoderGetErrorCode(state));
    BrotliDecoderDestroyInstance(state);
    return out;
}

Decoded zstd_body(std::string_view input, std::size_t max_bytes) {
    Decoded out;
    ZSTD_DStream* stream = ZSTD_createDStream();
    if (stream == nullptr) return {{}, "zstd cannot initialise"};
    ZSTD_inBuffer in{input.data(), input.size(), 0};
    std::vector<char> chunk(ZSTD_DStreamOutSize());
    std::size_t status = 1;
    while (in.pos < in.size || status != 0) {
        ZSTD_outBuffer output{chunk.data(), chunk.size(), 0};
        status = ZSTD_decompressStream(stream, &output, &in);
        if (ZSTD_isError(status)) {
            out.error = std::string("corrupt zstd body: ") + ZSTD_getErrorName(status);
            break;
        }
        if (out.bytes.size() + output.pos > max_bytes) {
            out.error = too_large(max_bytes);
            break;
        }
        out.bytes.append(chunk.data(), output.pos);
        if (in.pos == in.size && output.pos < output.size && status != 0) {
            out.error = "zstd body is truncated";
            break;
        }
    }
    ZSTD_freeDStream(stream);
    return out;
}

std::string lower_trimmed(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

}  // namespace

Decoded decode_content(std::string body, std::string_view content_encoding, std::size_t max_bytes) {
    // Encodings are listed in the order they were applied: undo them from the last.
    std::vector<std::string> codings;
    std::size_t start = 0;
    while (start <= content_encoding.size()) {
        const auto comma = content_encoding.find(',', start);
        const auto end = comma == std::string_view::npos ? content_encoding.size() : comma;
        if (auto coding = lower_trimmed(content_encoding.substr(start, end - start)); !coding.empty())
            codings.push_back(std::move(coding));
        start = end + 1;
    }
    Decoded current{std::move(body), {}};
    for (auto coding = codings.rbegin(); coding != codings.rend(); ++coding) {
        Decoded next;
        if (*coding == "identity") continue;
        if (*coding == "gzip" || *coding == "x-gzip") {
            next = inflate_body(current.bytes, 16 + MAX_WBITS, max_bytes);
        } else if (*coding == "deflate") {
            next = inflate_body(current.bytes, MAX_WBITS, max_bytes);
            if (!next.error.empty()) next = inflate_body(current.bytes, -MAX_WBITS, max_bytes);
        } else if (*coding == "br") {
            next = brotli_body(current.bytes, max_bytes);
        } else if (*coding == "zstd") {
            next = zstd_body(current.bytes, max_bytes);
        } else {
            return {{}, "unsupported content-encoding \"" + *coding + "\""};
        }
        if (!next.error.empty()) return {{}, *coding + ": " + next.error};
        current = std::move(next);
    }
    if (current.bytes.size() > max_bytes) return {{}, too_large(max_bytes)};
    return current;
}

}  // namespace gleaner::archive
