// Taking a response record's HTTP block apart: Beast's parser (Content-Length, chunked, to the end of
// the block, an HTTP/2 head as curl writes it, a cut-off body) and undoing every content-encoding
// curl may have asked for (gzip, deflate with and without its zlib wrapper, br, zstd, a list of
// them), with the output cap holding against a bomb.
#include <brotli/encode.h>
#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include "archive/content_decoding.h"
#include "archive/http_message.h"
#include "test_http_server.h"

using namespace gleaner::archive;

namespace {

const std::string kText = "<html><body><p>" + std::string(5000, 'z') + " the end</p></body></html>";

std::string deflate(const std::string& data, int window_bits) {
    z_stream stream{};
    deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&stream, data.size()), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

std::string brotli(const std::string& data) {
    std::string out(BrotliEncoderMaxCompressedSize(data.size()), '\0');
    std::size_t size = out.size();
    BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, data.size(),
                          reinterpret_cast<const std::uint8_t*>(data.data()), &size,
                          reinterpret_cast<std::uint8_t*>(out.data()));
    out.resize(size);
    return out;
}

std::string zstd(const std::string& data) {
    std::string out(ZSTD_compressBound(data.size()), '\0');
    out.resize(ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3));
    return out;
}

}  // namespace

TEST(HttpBlock, ContentLengthBodyAndHeaders) {
    const auto response = parse_http_response("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello", 1 << 20);
    ASSERT_TRUE(response.ok()) << response.error;
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.header("content-type"), "text/html");
    EXPECT_EQ(response.body, "hello");
    EXPECT_TRUE(response.complete);
}

TEST(HttpBlock, ChunkedFramingIsRemoved) {
    const auto response = parse_http_response(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n", 1 << 20);
    ASSERT_TRUE(response.ok()) << response.error;
    EXPECT_EQ(response.body, "hello world");
    EXPECT_TRUE(response.complete);
}

TEST(HttpBlock, BodyWithoutLengthRunsToTheEndOfTheBlock) {
    const auto response = parse_http_response("HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<p>all of it</p>", 1 << 20);
    ASSERT_TRUE(response.ok()) << response.error;
    EXPECT_EQ(response.body, "<p>all of it</p>");
}

TEST(HttpBlock, Http2HeadAsCurlWritesItIsRead) {
    const auto response = parse_http_response("HTTP/2 404 \r\ncontent-type: text/plain\r\n\r\nnot here", 1 << 20);
    ASSERT_TRUE(response.ok()) << response.error;
    EXPECT_EQ(response.status, 404);
    EXPECT_EQ(response.body, "not here");
}

TEST(HttpBlock, CutOffBodyIsKeptAndMarkedIncomplete) {
    const auto response = parse_http_response("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this", 1 << 20);
    ASSERT_TRUE(response.ok()) << response.error;
    EXPECT_FALSE(response.complete);
    EXPECT_EQ(response.body, "only this");
}

TEST(HttpBlock, NonsenseAndOversizedBodiesAreErrors) {
    EXPECT_FALSE(parse_http_response("GET / HTTP/1.1\r\n\r\n", 1 << 20).ok());
    EXPECT_FALSE(parse_http_response("<html>", 1 << 20).ok());
    const auto big = parse_http_response("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789", 5);
    EXPECT_FALSE(big.ok());
    EXPECT_NE(big.error.find("larger than 5"), std::string::npos) << big.error;
}

TEST(ContentDecoding, EveryEncodingCurlAsksFor) {
    EXPECT_EQ(decode_content(gleaner::test::gzip_compress(kText), "gzip", 1 << 20).bytes, kText);
    EXPECT_EQ(decode_content(gleaner::test::gzip_compress(kText), "x-gzip", 1 << 20).bytes, kText);
    EXPECT_EQ(decode_content(deflate(kText, MAX_WBITS), "deflate", 1 << 20).bytes, kText);
    EXPECT_EQ(decode_content(deflate(kText, -MAX_WBITS), "deflate", 1 << 20).bytes, kText);  // raw, no zlib wrapper
    EXPECT_EQ(decode_content(brotli(kText), "br", 1 << 20).bytes, kText);
    EXPECT_EQ(decode_content(zstd(kText), "zstd", 1 << 20).bytes, kText);
    EXPECT_EQ(decode_content(kText, "", 1 << 20).bytes, kText);
    EXPECT_EQ(decode_content(kText, "identity", 1 << 20).bytes, kText);
}

TEST(ContentDecoding, ListsAreUndoneFromTheLast) {
    const auto twice = brotli(gleaner::test::gzip_compress(kText));  // gzip applied first, then br
    const auto decoded = decode_content(twice, "gzip, br", 1 << 20);
    EXPECT_TRUE(decoded.error.empty()) << decoded.error;
    EXPECT_EQ(decoded.bytes, kText);
}

TEST(ContentDecoding, BombsCorruptionAndUnknownCodingsAreErrors) {
    const auto bomb = decode_content(gleaner::test::gzip_zeros(64 << 20), "gzip", 1 << 20);
    EXPECT_NE(bomb.error.find("more than"), std::string::npos) << bomb.error;
    const auto gz = gleaner::test::gzip_compress(kText);
    EXPECT_FALSE(decode_content(gz.substr(0, gz.size() / 2), "gzip", 1 << 20).error.empty());
    EXPECT_FALSE(decode_content("not brotli at all", "br", 1 << 20).error.empty());
    const auto unknown = decode_content(kText, "compress", 1 << 20);
    EXPECT_NE(unknown.error.find("unsupported content-encoding \"compress\""), std::string::npos);
}
