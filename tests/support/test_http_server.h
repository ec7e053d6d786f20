// An HTTP/1.1 server for tests: listens on 127.0.0.1 on an ephemeral port, runs its own io_context
// on its own thread, answers through routes the test registers, and can misbehave on purpose (slow
// bodies, resets, error sequences, Retry-After, redirect loops, gzip bombs, lying charsets, broken
// feeds). Every request it receives is logged, with its arrival time, for assertions.
//
// Handlers run on the server thread; everything else may be called from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gleaner::test {

namespace detail {
struct ServerState;
}

struct ReceivedRequest {
    std::string method;
    std::string target;                          // as sent: "/a/b?c=d"
    std::string path;                            // the target without its query
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;
    std::chrono::steady_clock::time_point received_at;
    std::uint64_t connection = 0;  // 1, 2, ... in accept order: repeats show keep-alive reuse

    std::string header(std::string_view name) const;  // case-insensitive; "" when absent
};

// What to answer, and how badly.
struct TestResponse {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::chrono::milliseconds delay{0};        // wait this long before sending anything
    std::size_t chunk_size = 0;                // > 0: chunked encoding, pieces of this size...
    std::chrono::milliseconds chunk_delay{0};  // ...with this pause before each piece
    std::optional<std::size_t> reset_after;    // announce the whole body, send this many bytes, then RST
    bool close = false;                        // close the connection after answering

    static TestResponse text(std::string body, std::string content_type = "text/plain; charset=utf-8");
    static TestResponse with_status(int status, std::string body = {});
    static TestResponse redirect(std::string location, int status = 302);
    // 429 or 503 with a Retry-After of seconds ("2") or an HTTP date (see http_date).
    static TestResponse retry_after(std::string value, int status = 429);
    TestResponse& header(std::string name, std::string value);
};

using Handler = std::function<TestResponse(const ReceivedRequest&)>;

// Kinds of malformed feed serve_broken_feed can produce.
enum class BrokenFeed { truncated, unescaped_ampersand, mismatched_tags, not_xml };

class TestHttpServer {
public:
    // Listening and serving when it returns. Any loopback address works (127.0.0.2 is another host).
    explicit TestHttpServer(std::string address = "127.0.0.1");
    ~TestHttpServer();
    TestHttpServer(const TestHttpServer&) = delete;
    TestHttpServer& operator=(const TestHttpServer&) = delete;

    unsigned short port() const { return port_; }
    std::string origin() const;                 // "http://ADDRESS:PORT"
    std::string url(std::string_view path) const;  // origin() + path

    // Routes match the request path exactly (query ignored); unknown paths answer 404.
    void on(std::string path, Handler handler);

    void serve(std::string path, std::string body, std::string content_type = "text/html; charset=utf-8");
    // One response per request, in order; the last one repeats.
    void serve_sequence(std::string path, std::vector<TestResponse> responses);
    void serve_slow(std::string path, std::string body, std::size_t chunk_size, std::chrono::milliseconds chunk_delay);
    void serve_reset_mid_body(std::string path, std::string body, std::size_t bytes_before_reset);
    void serve_redirect(std::string path, std::string location, int status = 302);
    void serve_gzip(std::string path, std::string body, std::string content_type = "text/html; charset=utf-8");
    // Content-Encoding: gzip of `uncompressed_bytes` zeros, compressed once here with zlib.
    void serve_gzip_bomb(std::string path, std::size_t uncompressed_bytes);
    // `body` as is, labelled with `declared_charset` (which it is not in).
    void serve_lying_charset(std::string path, std::string body, std::string declared_charset);
    // 304 when If-None-Match matches `etag` or If-Modified-Since is not before `last_modified`.
    void serve_conditional(std::string path, std::string body, std::string etag, std::string last_modified,
                           std::string content_type = "text/html; charset=utf-8");
    void serve_robots(std::string text);
    void serve_broken_feed(std::string path, BrokenFeed kind);

    std::vector<ReceivedRequest> requests() const;
    std::vector<ReceivedRequest> requests_for(std::string_view path) const;
    std::size_t request_count(std::string_view path) const;
    std::size_t max_concurrent() const;        // most requests being answered at the same moment
    std::size_t connections_accepted() const;
    void clear_log();                          // also resets max_concurrent

private:
    std::shared_ptr<detail::ServerState> state_;
    std::string address_;
    unsigned short port_ = 0;
};

// zlib helpers and fixtures, also useful on their own.
std::string gzip_compress(std::string_view data);
std::string gzip_zeros(std::size_t uncompressed_bytes);
std::string http_date(std::chrono::system_clock::time_point when);  // "Wed, 21 Oct 2015 07:28:00 GMT"
std::string broken_feed_xml(BrokenFeed kind);

}  // namespace gleaner::test
