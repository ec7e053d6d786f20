// The fetcher against the test server: plain GETs, headers, conditional GETs, compression,
// file: URLs, bad URLs, classified transport failures and many requests at once.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "fetch_harness.h"
#include "test_http_server.h"

namespace gleaner::fetch {
namespace {

using testing::FetchHarness;
using testing::test_settings;
using gleaner::test::TestHttpServer;
using gleaner::test::TestResponse;

TEST(FetcherHttp, FetchesAPageWithItsMetadata) {
    TestHttpServer server;
    server.serve("/a.html", "<html>hello</html>", "text/html; charset=utf-8");
    FetchHarness harness;
    const auto before = std::chrono::system_clock::now();
    const Response response = harness.fetch(server.url("/a.html"));
    EXPECT_EQ(response.failure, FailureKind::none) << response.error;
    EXPECT_TRUE(response.ok());
    EXPECT_EQ(response.http_status, 200);
    EXPECT_EQ(response.body, "<html>hello</html>");
    EXPECT_EQ(response.content_type, "text/html; charset=utf-8");
    EXPECT_EQ(response.requested_url, server.url("/a.html"));
    EXPECT_EQ(response.final_url, server.url("/a.html"));
    EXPECT_EQ(response.redirect_count, 0);
    EXPECT_EQ(response.attempts, 1);
    EXPECT_EQ(response.robots, "no-robots-txt");  // the server answers 404 for /robots.txt
    EXPECT_FALSE(response.not_modified);
    EXPECT_GE(response.fetched_at, before);
    EXPECT_TRUE(response.error.empty());
}

TEST(FetcherHttp, SendsUserAgentAndConfiguredAndRequestHeaders) {
    TestHttpServer server;
    server.serve("/h", "ok");
    auto settings = test_settings();
    settings.headers = {{"X-From-Config", "config"}, {"X-Both", "config"}};
    FetchHarness harness(settings);
    harness.fetch(Request{server.url("/h"), "", {{"X-Both", "request"}, {"X-Only-Request", "yes"}}, "", ""});
    harness.fetch(Request{server.url("/h"), "OtherAgent/2.0", {}, "", ""});
    const auto seen = server.requests_for("/h");
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0].header("User-Agent"), settings.user_agent);
    EXPECT_EQ(seen[0].header("X-From-Config"), "config");
    EXPECT_EQ(seen[0].header("X-Both"), "request");
    EXPECT_EQ(seen[0].header("X-Only-Request"), "yes");
    EXPECT_EQ(seen[1].header("User-Agent"), "OtherAgent/2.0");
    EXPECT_EQ(seen[1].header("X-Only-Request"), "");
}

TEST(FetcherHttp, ConditionalGetWithEtagAnswersNotModified) {
    TestHttpServer server;
    server.serve_conditional("/feed", "<rss/>", "\"v1\"", "Wed, 21 Oct 2015 07:28:00 GMT");
    FetchHarness harness;
    const Response first = harness.fetch(server.url("/feed"));
    ASSERT_TRUE(first.ok()) << first.error;
    EXPECT_EQ(first.etag, "\"v1\"");
    EXPECT_EQ(first.last_modified, "Wed, 21 Oct 2015 07:28:00 GMT");

    const Response second = harness.fetch(Request{server.url("/feed"), "", {}, first.etag, ""});
    EXPECT_EQ(second.failure, FailureKind::none) << second.error;
    EXPECT_TRUE(second.not_modified);
    EXPECT_EQ(second.http_status, 304);
    EXPECT_TRUE(second.body.empty());
    EXPECT_EQ(second.etag, "\"v1\"");
    EXPECT_EQ(server.requests_for("/feed").back().header("If-None-Match"), "\"v1\"");

    const Response changed = harness.fetch(Request{server.url("/feed"), "", {}, "\"v0\"", ""});
    EXPECT_FALSE(changed.not_modified);
    EXPECT_EQ(changed.body, "<rss/>");
}

TEST(FetcherHttp, ConditionalGetWithLastModifiedAnswersNotModified) {
    TestHttpServer server;
    server.serve_conditional("/feed", "<rss/>", "\"v1\"", "Wed, 21 Oct 2015 07:28:00 GMT");
    FetchHarness harness;
    const Response response =
        harness.fetch(Request{server.url("/feed"), "", {}, "", "Wed, 21 Oct 2015 07:28:00 GMT"});
    EXPECT_TRUE(response.not_modified) << response.error;
    EXPECT_EQ(response.last_modified, "Wed, 21 Oct 2015 07:28:00 GMT");  // kept from the request
    EXPECT_EQ(server.requests_for("/feed").back().header("If-Modified-Since"), "Wed, 21 Oct 2015 07:28:00 GMT");
}

TEST(FetcherHttp, AsksForCompressionAndDecompressesGzip) {
    TestHttpServer server;
    const std::string page = "<html>" + std::string(5000, 'x') + "</html>";
    server.serve_gzip("/z.html", page);
    FetchHarness harness;
    const Response response = harness.fetch(server.url("/z.html"));
    ASSERT_TRUE(response.ok()) << response.error;
    EXPECT_EQ(response.body, page);
    const std::string accepted = server.requests_for("/z.html").at(0).header("Accept-Encoding");
    EXPECT_NE(accepted.find("gzip"), std::string::npos) << accepted;
    EXPECT_NE(accepted.find("br"), std::string::npos) << accepted;
}

TEST(FetcherHttp, PassesALyingCharsetThroughUntouched) {
    TestHttpServer server;
    const std::string latin1 = "<p>caf\xE9</p>";  // Latin-1 bytes labelled UTF-8
    server.serve_lying_charset("/l.html", latin1, "utf-8");
    FetchHarness harness;
    const Response response = harness.fetch(server.url("/l.html"));
    ASSERT_TRUE(response.ok()) << response.error;
    EXPECT_EQ(response.body, latin1);  // the fetcher never converts; the extractor decides
    EXPECT_EQ(response.content_type, "text/html; charset=utf-8");
}

TEST(FetcherHttp, ReadsFileUrls) {
    const auto path = std::filesystem::temp_directory_path() / ("gleaner_fetch_file_" + std::to_string(::getpid()));
    std::ofstream(path) << "<html>local</html>";
    FetchHarness harness;
    const Response response = harness.fetch("file://" + path.string());
    std::filesystem::remove(path);
    EXPECT_EQ(response.failure, FailureKind::none) << response.error;
    EXPECT_EQ(response.body, "<html>local</html>");
    EXPECT_EQ(response.http_status, 0);
    EXPECT_EQ(response.robots, "not-checked");
}

TEST(FetcherHttp, MissingFileIsAFileError) {
    FetchHarness harness;
    const Response response = harness.fetch("file:///nonexistent/gleaner/nothing-here.html");
    EXPECT_EQ(response.failure, FailureKind::file_error);
    EXPECT_NE(response.error.find("nothing-here.html"), std::string::npos) << response.error;
}

TEST(FetcherHttp, BadUrlsAreRefusedAndTheFetcherCarriesOn) {
    TestHttpServer server;
    server.serve("/ok", "fine");
    FetchHarness harness;
    const auto responses = harness.fetch_all(std::vector<std::string>{"not a url", "ftp://example.com/x", "", server.url("/ok")});
    EXPECT_EQ(responses[0].failure, FailureKind::bad_url);
    EXPECT_NE(responses[0].error.find("not a url"), std::string::npos) << responses[0].error;
    EXPECT_EQ(responses[1].failure, FailureKind::bad_url);
    EXPECT_NE(responses[1].error.find("ftp"), std::string::npos) << responses[1].error;
    EXPECT_EQ(responses[2].failure, FailureKind::bad_url);
    EXPECT_EQ(responses[0].attempts, 0);
    EXPECT_TRUE(responses[3].ok()) << responses[3].error;
}

TEST(FetcherHttp, ClientErrorIsClassifiedWithItsStatusAndNotRetried) {
    TestHttpServer server;
    server.on("/gone", [](const auto&) { return TestResponse::with_status(410, "gone"); });
    FetchHarness harness;
    const Response response = harness.fetch(server.url("/gone"));
    EXPECT_EQ(response.failure, FailureKind::http_4xx);
    EXPECT_EQ(response.http_status, 410);
    EXPECT_EQ(response.attempts, 1);
    EXPECT_NE(response.error.find("410"), std::string::npos);
    EXPECT_NE(response.error.find(server.url("/gone")), std::string::npos);
    EXPECT_EQ(server.request_count("/gone"), 1u);
}

TEST(FetcherHttp, TlsHandshakeFailureIsClassifiedAsTls) {
    TestHttpServer server;  // speaks plain HTTP, so a TLS client hello gets garbage back
    server.serve("/", "plain");
    auto settings = test_settings();
    settings.respect_robots = false;
    FetchHarness harness(settings);
    const Response response = harness.fetch("https://127.0.0.1:" + std::to_string(server.port()) + "/");
    EXPECT_EQ(response.failure, FailureKind::tls) << response.error;
    EXPECT_TRUE(harness.fetch(server.url("/")).ok());
}

TEST(FetcherHttp, UnresolvableHostIsClassifiedAsDns) {
    FetchHarness harness;
    const Response response = harness.fetch("http://gleaner-test.invalid/");  // .invalid never resolves (RFC 2606)
    EXPECT_EQ(response.failure, FailureKind::dns) << response.error;
    EXPECT_NE(response.error.find("gleaner-test.invalid"), std::string::npos) << response.error;
}

TEST(FetcherHttp, ConfiguredProxyCarriesEveryRequest) {
    TestHttpServer proxy;  // a forward proxy sees absolute-form targets
    proxy.serve("http://news.example.invalid/story", "via proxy");
    auto settings = config::FetchConfig{};  // defaults: private networks refused, robots respected
    settings.proxy = proxy.origin();
    FetchHarness harness(settings);
    const Response response = harness.fetch("http://news.example.invalid/story");
    ASSERT_TRUE(response.ok()) << response.error;
    EXPECT_EQ(response.body, "via proxy");
    EXPECT_EQ(response.final_url, "http://news.example.invalid/story");
    EXPECT_EQ(proxy.request_count("http://news.example.invalid/robots.txt"), 1u);
    EXPECT_EQ(proxy.requests_for("http://news.example.invalid/story").at(0).header("Host"), "news.example.invalid");
}

TEST(FetcherHttp, KeepAliveReusesOneConnectionForSequentialRequests) {
    TestHttpServer server;
    server.serve("/k", "k");
    FetchHarness harness;
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(harness.fetch(server.url("/k")).ok());
    EXPECT_EQ(server.request_count("/k"), 5u);
    EXPECT_EQ(server.connections_accepted(), 1u);
}

TEST(FetcherHttp, FiveHundredConcurrentRequestsAllComplete) {
    TestHttpServer server;
    server.on("/page", [](const gleaner::test::ReceivedRequest& request) {
        return TestResponse::text("page " + request.target.substr(request.target.find('=') + 1));
    });
    auto settings = test_settings();
    settings.concurrency = 32;
    settings.per_host_concurrency = 16;
    FetchHarness harness(settings);
    std::vector<std::string> urls;
    for (int i = 0; i < 500; ++i) urls.push_back(server.url("/page?n=" + std::to_string(i)));
    const auto responses = harness.fetch_all(urls);
    for (int i = 0; i < 500; ++i) {
        ASSERT_TRUE(responses[i].ok()) << i << ": " << responses[i].error;
        ASSERT_EQ(responses[i].body, "page " + std::to_string(i));
    }
    EXPECT_EQ(server.request_count("/page"), 500u);
    EXPECT_LE(server.max_concurrent(), 16u);
    EXPECT_LE(server.connections_accepted(), 32u);  // keep-alive: connections are reused
    EXPECT_EQ(harness.fetcher->in_flight(), 0u);
    EXPECT_EQ(harness.fetcher->queued(), 0u);
    EXPECT_EQ(harness.fetcher->stats().completed(FailureKind::none), 500u);
}

}  // namespace
}  // namespace gleaner::fetch
