// The fetcher archiving what it fetches: a real Fetcher against the local test server with a
// WarcArchiver as its exchange sink, the WARC files read back by the independent Python reader.
// Bytes must be those of the wire: chunk framing and gzip content-encoding kept, digests right.
#include <gtest/gtest.h>

#include "archive/warc_archiver.h"
#include "fetch_harness.h"
#include "python_reader.h"
#include "test_http_server.h"

namespace fs = std::filesystem;
using namespace gleaner;
using archive::testing::read_with_python;
using archive::testing::warc_files;
using test::TestResponse;

namespace {

class FetchArchiveTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("gleaner-fetch-warc-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    // Fetches `urls` with archiving on, stops the archiver (closing its file) and reads the result.
    archive::testing::PythonReading fetch_and_read(const std::vector<std::string>& urls,
                                                   std::vector<fetch::Response>* responses = nullptr) {
        auto settings = fetch::testing::test_settings();
        settings.respect_robots = false;
        fetch::testing::FetchHarness harness(settings);
        auto archiver = std::make_shared<archive::WarcArchiver>(
            archive::ArchiverSettings{dir_, 1024 * 1024 * 1024, settings.user_agent});
        harness.fetcher->set_exchange_sink(archiver);
        auto got = harness.fetch_all(urls);
        if (responses != nullptr) *responses = std::move(got);
        harness.fetcher->set_exchange_sink(nullptr);
        archiver.reset();
        auto reading = read_with_python(warc_files(dir_));
        EXPECT_TRUE(reading.problems.empty()) << reading.problems.front();
        return reading;
    }

    static std::vector<nlohmann::json> of_type(const archive::testing::PythonReading& reading, const std::string& type) {
        std::vector<nlohmann::json> out;
        for (const auto& record : reading.records)
            if (record["type"] == type) out.push_back(record);
        return out;
    }

    test::TestHttpServer server_;
    fs::path dir_;
};

const std::string kPage = "<html><head><title>Archived</title></head><body><p>" + std::string(3000, 'x') + "</p></body></html>";

}  // namespace

TEST_F(FetchArchiveTest, ResponseAndRequestRecordsHoldTheExchangeWithDigestsAndAddress) {
    server_.serve("/page.html", kPage);
    const auto reading = fetch_and_read({server_.url("/page.html")});
    ASSERT_EQ(of_type(reading, "warcinfo").size(), 1u);
    const auto responses = of_type(reading, "response");
    const auto requests = of_type(reading, "request");
    ASSERT_EQ(responses.size(), 1u);
    ASSERT_EQ(requests.size(), 1u);
    const auto& response = responses[0];
    EXPECT_EQ(response["target"], server_.url("/page.html"));
    EXPECT_EQ(response["ip"], "127.0.0.1");
    EXPECT_EQ(response["status"], 200);
    EXPECT_EQ(response["body"], kPage);
    EXPECT_EQ(response["block_digest_ok"], true);
    EXPECT_EQ(response["payload_digest_ok"], true);
    EXPECT_EQ(response["content_type"], "application/http;msgtype=response");
    EXPECT_EQ(response["warcinfo_id"], of_type(reading, "warcinfo")[0]["id"]);
    EXPECT_FALSE(response["date"].get<std::string>().empty());
    const auto& request = requests[0];
    EXPECT_EQ(request["concurrent_to"], response["id"]);
    EXPECT_EQ(request["request_line"], "GET /page.html HTTP/1.1");
    EXPECT_EQ(request["block_digest_ok"], true);
    EXPECT_EQ(request["target"], response["target"]);
}

TEST_F(FetchArchiveTest, ChunkedGzipBodyIsKeptAsItCameOverTheWire) {
    server_.on("/chunked.html", [](const test::ReceivedRequest&) {
        TestResponse response = TestResponse::text(test::gzip_compress(kPage), "text/html; charset=utf-8");
        response.header("Content-Encoding", "gzip");
        response.chunk_size = 700;
        return response;
    });
    std::vector<fetch::Response> fetched;
    const auto reading = fetch_and_read({server_.url("/chunked.html")}, &fetched);
    EXPECT_EQ(fetched.at(0).body, kPage);  // the fetcher itself still sees the decoded page
    const auto responses = of_type(reading, "response");
    ASSERT_EQ(responses.size(), 1u);
    EXPECT_EQ(responses[0]["headers"]["transfer-encoding"], "chunked");
    EXPECT_EQ(responses[0]["headers"]["content-encoding"], "gzip");
    EXPECT_EQ(responses[0]["payload_digest_ok"], true);  // over the de-chunked, still gzipped body
    EXPECT_EQ(responses[0]["body"], kPage);
}

TEST_F(FetchArchiveTest, NotModifiedAnswerIsARevisitRecord) {
    server_.serve_conditional("/cond.html", kPage, "\"v1\"", "Wed, 21 Oct 2015 07:28:00 GMT");
    auto settings = fetch::testing::test_settings();
    settings.respect_robots = false;
    {
        fetch::testing::FetchHarness harness(settings);
        auto archiver =
            std::make_shared<archive::WarcArchiver>(archive::ArchiverSettings{dir_, 1 << 30, settings.user_agent});
        harness.fetcher->set_exchange_sink(archiver);
        fetch::Request request{server_.url("/cond.html"), {}, {}, "\"v1\"", {}};
        EXPECT_TRUE(harness.fetch(request).not_modified);
    }
    const auto reading = read_with_python(warc_files(dir_));
    const auto revisits = of_type(reading, "revisit");
    ASSERT_EQ(revisits.size(), 1u);
    EXPECT_EQ(revisits[0]["status"], 304);
    EXPECT_EQ(revisits[0]["profile"], "http://netpreserve.org/warc/1.1/revisit/server-not-modified");
    EXPECT_EQ(revisits[0]["block_digest_ok"], true);
    EXPECT_TRUE(of_type(reading, "response").empty());
    ASSERT_EQ(of_type(reading, "request").size(), 1u);
    EXPECT_EQ(of_type(reading, "request")[0]["concurrent_to"], revisits[0]["id"]);
}

TEST_F(FetchArchiveTest, EveryRedirectHopAndErrorAnswerIsArchived) {
    server_.serve_redirect("/old", "/page.html", 301);
    server_.serve("/page.html", kPage);
    server_.serve_sequence("/missing", {TestResponse::with_status(404, "gone")});
    const auto reading = fetch_and_read({server_.url("/old"), server_.url("/missing")});
    std::map<std::string, int> status_by_target;
    for (const auto& response : of_type(reading, "response")) status_by_target[response["target"]] = response["status"];
    EXPECT_EQ(status_by_target, (std::map<std::string, int>{
                                    {server_.url("/old"), 301}, {server_.url("/page.html"), 200}, {server_.url("/missing"), 404}}));
    EXPECT_EQ(of_type(reading, "request").size(), 3u);
}

TEST_F(FetchArchiveTest, ABodyCutAtTheSizeLimitIsMarkedTruncated) {
    server_.on("/big.html", [](const test::ReceivedRequest&) {
        TestResponse response = TestResponse::text(std::string(200 * 1024, 'y'), "text/html");
        response.chunk_size = 16 * 1024;  // no Content-Length: the limit is met mid-body
        return response;
    });
    auto settings = fetch::testing::test_settings();
    settings.respect_robots = false;
    settings.max_body_bytes = 64 * 1024;
    {
        fetch::testing::FetchHarness harness(settings);
        auto archiver =
            std::make_shared<archive::WarcArchiver>(archive::ArchiverSettings{dir_, 1 << 30, settings.user_agent});
        harness.fetcher->set_exchange_sink(archiver);
        EXPECT_EQ(harness.fetch(server_.url("/big.html")).failure, fetch::FailureKind::too_large);
    }
    const auto reading = read_with_python(warc_files(dir_));
    const auto responses = of_type(reading, "response");
    ASSERT_EQ(responses.size(), 1u);
    EXPECT_EQ(responses[0]["truncated"], "length");
    EXPECT_EQ(responses[0]["block_digest_ok"], true);
}

TEST_F(FetchArchiveTest, FilesRotateAtMaxSize) {
    for (int i = 0; i < 12; ++i) server_.serve("/p" + std::to_string(i), kPage + std::to_string(i));
    std::vector<std::string> urls;
    for (int i = 0; i < 12; ++i) urls.push_back(server_.url("/p" + std::to_string(i)));
    auto settings = fetch::testing::test_settings();
    settings.respect_robots = false;
    {
        fetch::testing::FetchHarness harness(settings);
        auto archiver =
            std::make_shared<archive::WarcArchiver>(archive::ArchiverSettings{dir_, 2048, settings.user_agent});
        harness.fetcher->set_exchange_sink(archiver);
        harness.fetch_all(urls);
        harness.fetcher->set_exchange_sink(nullptr);
        archiver.reset();
    }
    const auto files = warc_files(dir_);
    EXPECT_GT(files.size(), 3u);
    const auto reading = read_with_python(files);
    EXPECT_TRUE(reading.problems.empty());
    EXPECT_EQ(of_type(reading, "warcinfo").size(), files.size());
    EXPECT_EQ(of_type(reading, "response").size(), 12u);
    // A response and its request always share a file.
    std::map<std::string, std::string> file_of_id;
    for (const auto& record : reading.records) file_of_id[record["id"]] = record["file"];
    for (const auto& request : of_type(reading, "request"))
        EXPECT_EQ(file_of_id[request["concurrent_to"]], request["file"]);
}
