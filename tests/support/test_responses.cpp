// Canned responses and misbehaviours for TestHttpServer, plus the zlib and date helpers they need.
#include <curl/curl.h>
#include <zlib.h>

#include <ctime>
#include <memory>
#include <stdexcept>

#include "test_http_server.h"

namespace gleaner::test {
namespace {

// Malformed feeds as data: what each BrokenFeed kind serves.
struct BrokenFeedText {
    BrokenFeed kind;
    std::string_view xml;
};
constexpr BrokenFeedText kBrokenFeeds[] = {
    {BrokenFeed::truncated,
     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Cut short</title>\n"
     "<item><title>First</title><link>http://example.com/first</link></item>\n"
     "<item><title>Second</title><link>http://example.com/sec"},
    {BrokenFeed::unescaped_ampersand,
     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Fish & Chips</title>\n"
     "<item><title>Salt & vinegar</title><link>http://example.com/a?x=1&y=2</link></item>\n"
     "</channel></rss>\n"},
    {BrokenFeed::mismatched_tags,
     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Tangled</title>\n"
     "<item><title>One <b>bold</title></b><link>http://example.com/one</link></item>\n"
     "<item><title>Two</title><link>http://example.com/two</item></link>\n"
     "</channel></rss>\n"},
    {BrokenFeed::not_xml, "<!DOCTYPE html><html><body><p>This is not the feed you are looking for</p></body></html>\n"},
};

struct DeflateStream {
    z_stream stream{};
    DeflateStream() {
        // 15 window bits + 16: a gzip wrapper rather than zlib's.
        if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
            throw std::runtime_error("deflateInit2 failed");
        }
    }
    ~DeflateStream() { deflateEnd(&stream); }

    // Compresses `length` bytes at `data` into `out`; `finish` ends the gzip member.
    void feed(const char* data, std::size_t length, bool finish, std::string& out) {
        stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
        stream.avail_in = static_cast<uInt>(length);
        char buffer[64 * 1024];
        int result = Z_OK;
        do {
            stream.next_out = reinterpret_cast<Bytef*>(buffer);
            stream.avail_out = sizeof buffer;
            result = deflate(&stream, finish ? Z_FINISH : Z_NO_FLUSH);
            if (result == Z_STREAM_ERROR) throw std::runtime_error("deflate failed");
            out.append(buffer, sizeof buffer - stream.avail_out);
        } while (stream.avail_out == 0 || (finish && result != Z_STREAM_END));
    }
};

}  // namespace

// ---- TestResponse ----

TestResponse TestResponse::text(std::string body, std::string content_type) {
    TestResponse response;
    response.body = std::move(body);
    response.headers.emplace_back("Content-Type", std::move(content_type));
    return response;
}

TestResponse TestResponse::with_status(int status, std::string body) {
    TestResponse response = text(std::move(body));
    response.status = status;
    return response;
}

TestResponse TestResponse::redirect(std::string location, int status) {
    TestResponse response = with_status(status, "moved");
    response.headers.emplace_back("Location", std::move(location));
    return response;
}

TestResponse TestResponse::retry_after(std::string value, int status) {
    TestResponse response = with_status(status, "slow down");
    response.headers.emplace_back("Retry-After", std::move(value));
    return response;
}

TestResponse& TestResponse::header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
}

// ---- TestHttpServer helpers ----

void TestHttpServer::serve(std::string path, std::string body, std::string content_type) {
    on(std::move(path), [response = TestResponse::text(std::move(body), std::move(content_type))](
                            const ReceivedRequest&) { return response; });
}

void TestHttpServer::serve_sequence(std::string path, std::vector<TestResponse> responses) {
    if (responses.empty()) throw std::invalid_argument("serve_sequence needs at least one response");
    // Handlers run on the server thread only, so the counter needs no lock.
    on(std::move(path), [responses = std::move(responses), next = std::make_shared<std::size_t>(0)](
                            const ReceivedRequest&) {
        const std::size_t index = std::min(*next, responses.size() - 1);
        ++*next;
        return responses[index];
    });
}

void TestHttpServer::serve_slow(std::string path, std::string body, std::size_t chunk_size,
                                std::chrono::milliseconds chunk_delay) {
    TestResponse response = TestResponse::text(std::move(body), "text/html; charset=utf-8");
    response.chunk_size = std::max<std::size_t>(1, chunk_size);
    response.chunk_delay = chunk_delay;
    on(std::move(path), [response](const ReceivedRequest&) { return response; });
}

void TestHttpServer::serve_reset_mid_body(std::string path, std::string body, std::size_t bytes_before_reset) {
    TestResponse response = TestResponse::text(std::move(body), "text/html; charset=utf-8");
    response.reset_after = bytes_before_reset;
    on(std::move(path), [response](const ReceivedRequest&) { return response; });
}

void TestHttpServer::serve_redirect(std::string path, std::string location, int status) {
    on(std::move(path), [response = TestResponse::redirect(std::move(location), status)](const ReceivedRequest&) {
        return response;
    });
}

void TestHttpServer::serve_gzip(std::string path, std::string body, std::string content_type) {
    TestResponse response = TestResponse::text(gzip_compress(body), std::move(content_type));
    response.header("Content-Encoding", "gzip");
    on(std::move(path), [response](const ReceivedRequest&) { return response; });
}

void TestHttpServer::serve_gzip_bomb(std::string path, std::size_t uncompressed_bytes) {
    TestResponse response = TestResponse::text(gzip_zeros(uncompressed_bytes), "text/html; charset=utf-8");
    response.header("Content-Encoding", "gzip");
    on(std::move(path), [response](const ReceivedRequest&) { return response; });
}

void TestHttpServer::serve_lying_charset(std::string path, std::string body, std::string declared_charset) {
    serve(std::move(path), std::move(body), "text/html; charset=" + declared_charset);
}

void TestHttpServer::serve_conditional(std::string path, std::string body, std::string etag,
                                       std::string last_modified, std::string content_type) {
    TestResponse full = TestResponse::text(std::move(body), std::move(content_type));
    full.header("ETag", etag).header("Last-Modified", last_modified);
    TestResponse not_modified = TestResponse::with_status(304);
    not_modified.headers.clear();
    not_modified.header("ETag", etag);
    const std::time_t modified_at = curl_getdate(last_modified.c_str(), nullptr);
    on(std::move(path), [=](const ReceivedRequest& request) {
        const std::string if_none_match = request.header("If-None-Match");
        if (!if_none_match.empty()) return if_none_match == etag || if_none_match == "*" ? not_modified : full;
        const std::string if_modified_since = request.header("If-Modified-Since");
        if (!if_modified_since.empty()) {
            const std::time_t since = curl_getdate(if_modified_since.c_str(), nullptr);
            if (since != -1 && modified_at != -1 && since >= modified_at) return not_modified;
        }
        return full;
    });
}

void TestHttpServer::serve_robots(std::string text) {
    serve("/robots.txt", std::move(text), "text/plain; charset=utf-8");
}

void TestHttpServer::serve_broken_feed(std::string path, BrokenFeed kind) {
    serve(std::move(path), broken_feed_xml(kind), "application/rss+xml; charset=utf-8");
}

// ---- free helpers ----

std::string gzip_compress(std::string_view data) {
    DeflateStream deflater;
    std::string out;
    deflater.feed(data.data(), data.size(), true, out);
    return out;
}

std::string gzip_zeros(std::size_t uncompressed_bytes) {
    static const std::string zeros(1024 * 1024, '\0');
    DeflateStream deflater;
    std::string out;
    std::size_t left = uncompressed_bytes;
    do {
        const std::size_t piece = std::min(left, zeros.size());
        left -= piece;
        deflater.feed(zeros.data(), piece, left == 0, out);
    } while (left > 0);
    return out;
}

std::string http_date(std::chrono::system_clock::time_point when) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    // Fixed English names: strftime's %a/%b follow the locale, HTTP dates must not.
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char text[64];
    std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[utc.tm_wday], utc.tm_mday,
                  kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
    return text;
}

std::string broken_feed_xml(BrokenFeed kind) {
    for (const auto& feed : kBrokenFeeds) {
        if (feed.kind == kind) return std::string(feed.xml);
    }
    throw std::invalid_argument("unknown BrokenFeed kind");
}

}  // namespace gleaner::test
