// The test server's own helpers, which other suites rely on: broken feeds, HTTP dates, gzip, and
// the request log (method, headers, body, connection).
#include <curl/curl.h>
#include <gtest/gtest.h>

#include "fetch_harness.h"
#include "test_http_server.h"

namespace gleaner::fetch {
namespace {

using testing::FetchHarness;
using gleaner::test::BrokenFeed;
using gleaner::test::TestHttpServer;

TEST(TestServerHelpers, BrokenFeedsAreServedAsFeedsAndAreNotWellFormed) {
    TestHttpServer server;
    const std::pair<BrokenFeed, std::string_view> kinds[] = {
        {BrokenFeed::truncated, "/truncated"},
        {BrokenFeed::unescaped_ampersand, "/ampersand"},
        {BrokenFeed::mismatched_tags, "/mismatched"},
        {BrokenFeed::not_xml, "/html"},
    };
    for (const auto& [kind, path] : kinds) server.serve_broken_feed(std::string(path), kind);
    FetchHarness harness;
    for (const auto& [kind, path] : kinds) {
        const Response response = harness.fetch(server.url(path));
        ASSERT_TRUE(response.ok()) << response.error;
        EXPECT_EQ(response.body, gleaner::test::broken_feed_xml(kind));
        EXPECT_EQ(response.content_type, "application/rss+xml; charset=utf-8");
    }
    EXPECT_EQ(gleaner::test::broken_feed_xml(BrokenFeed::truncated).find("</rss>"), std::string::npos);
    EXPECT_NE(gleaner::test::broken_feed_xml(BrokenFeed::unescaped_ampersand).find("Fish & Chips"), std::string::npos);
}

TEST(TestServerHelpers, HttpDateIsWhatCurlParsesBack) {
    const auto now = std::chrono::system_clock::now();
    const std::string date = gleaner::test::http_date(now);
    EXPECT_EQ(date.size(), std::string("Wed, 21 Oct 2015 07:28:00 GMT").size()) << date;
    EXPECT_EQ(curl_getdate(date.c_str(), nullptr), std::chrono::system_clock::to_time_t(now));
}

TEST(TestServerHelpers, GzipZerosInflatesToTheRequestedSize) {
    TestHttpServer server;
    server.serve_gzip_bomb("/zeros", 100000);
    FetchHarness harness;
    const Response response = harness.fetch(server.url("/zeros"));
    ASSERT_TRUE(response.ok()) << response.error;
    EXPECT_EQ(response.body, std::string(100000, '\0'));
}

TEST(TestServerHelpers, RequestLogRecordsMethodHeadersAndConnection) {
    TestHttpServer server;
    server.serve("/logged", "x");
    FetchHarness harness;
    harness.fetch(Request{server.url("/logged?a=1"), "", {{"X-Trace", "t1"}}, "", ""});
    const auto seen = server.requests_for("/logged");
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].method, "GET");
    EXPECT_EQ(seen[0].target, "/logged?a=1");
    EXPECT_EQ(seen[0].header("x-trace"), "t1");
    EXPECT_EQ(seen[0].headers.at("x-trace"), "t1");  // names are stored lower-cased
    EXPECT_GE(seen[0].connection, 1u);
    server.clear_log();
    EXPECT_TRUE(server.requests().empty());
}

}  // namespace
}  // namespace gleaner::fetch
