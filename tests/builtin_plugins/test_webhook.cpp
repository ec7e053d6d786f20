// The webhook plugin against the in-process HTTP test server: what is sent (body, headers, signature)
// and what each kind of answer means for delivery.
#include <gtest/gtest.h>
#include <openssl/hmac.h>

#include "plugin_harness.h"
#include "test_http_server.h"

namespace gleaner::builtin_test {
namespace {

using plugins::PluginCreateError;

class WebhookTest : public ::testing::Test {
protected:
    std::unique_ptr<plugins::PluginInstance> load(const std::string& extra_yaml, const std::string& path = "/hook") {
        return load_plugin("webhook", "url: " + server_.url(path) + "\n" + extra_yaml, dir_.path());
    }

    TempDir dir_;
    test::TestHttpServer server_;
};

// The receiver's side of the signature, written with OpenSSL's classic HMAC() rather than the
// plugin's EVP_Q_mac, as a receiver in another code base would.
std::string independent_signature(const std::string& secret, const std::string& body) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, &length);
    char hex[3];
    std::string out = "sha256=";
    for (unsigned int i = 0; i < length; ++i) {
        std::snprintf(hex, sizeof hex, "%02x", mac[i]);
        out += hex;
    }
    return out;
}

TEST_F(WebhookTest, PostsTheWholeArticleJsonWithConfiguredHeaders) {
    server_.on("/hook", [](const test::ReceivedRequest&) { return test::TestResponse::with_status(204); });
    auto plugin = load("headers:\n  Authorization: Bearer t0ken\n  X-Team: news\n");
    const auto article = make_article("Flood warning", "https://n.example/1", "Rivers rose overnight.");

    ASSERT_EQ(deliver(*plugin, article).status, GLEANER_OK);

    const auto requests = server_.requests_for("/hook");
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].method, "POST");
    EXPECT_EQ(requests[0].body, article.dump()) << "the article JSON is sent byte for byte";
    EXPECT_EQ(requests[0].header("content-type"), "application/json");
    EXPECT_EQ(requests[0].header("authorization"), "Bearer t0ken");
    EXPECT_EQ(requests[0].header("x-team"), "news");
    EXPECT_EQ(requests[0].header("x-gleaner-article"), "id-https://n.example/1");
    EXPECT_EQ(requests[0].header("x-gleaner-signature"), "") << "no secret, no signature";
    EXPECT_EQ(plugin->counters()["posted"], 1u);
}

TEST_F(WebhookTest, SummaryBodyCarriesMetadataAndMatchedTermsButNoText) {
    server_.on("/hook", [](const test::ReceivedRequest&) { return test::TestResponse::with_status(200); });
    auto plugin = load("body: summary\n");

    ASSERT_EQ(deliver(*plugin, make_article("Flood warning", "https://n.example/1", "Rivers rose."), "flood,river")
                  .status,
              GLEANER_OK);

    const auto body = nlohmann::json::parse(server_.requests_for("/hook").at(0).body);
    EXPECT_EQ(body["title"], "Flood warning");
    EXPECT_EQ(body["canonical_url"], "https://n.example/1");
    EXPECT_EQ(body["authors"], nlohmann::json({"Ada Lovelace", "Charles Babbage"}));
    EXPECT_EQ(body["matched_terms"], nlohmann::json({"flood", "river"}));
    EXPECT_FALSE(body.contains("text"));
    EXPECT_FALSE(body.contains("html"));
}

TEST_F(WebhookTest, SignatureIsAnHmacOfTheExactBodyThatAReceiverCanVerify) {
    server_.on("/hook", [](const test::ReceivedRequest&) { return test::TestResponse::with_status(200); });
    auto plugin = load("secret: \"s3cr3t-ключ\"\n");

    ASSERT_EQ(deliver(*plugin, make_article("Naïve café review", "https://n.example/2", "Ünïcödé text.")).status,
              GLEANER_OK);

    const auto request = server_.requests_for("/hook").at(0);
    EXPECT_EQ(request.header("x-gleaner-signature"), independent_signature("s3cr3t-ключ", request.body));
    EXPECT_NE(request.header("x-gleaner-signature"), independent_signature("another secret", request.body));
}

TEST_F(WebhookTest, ServerErrorsAndThrottlingAreRetried) {
    server_.serve_sequence("/hook", {test::TestResponse::with_status(500, "database down"),
                                     test::TestResponse::with_status(503), test::TestResponse::with_status(429),
                                     test::TestResponse::with_status(408), test::TestResponse::with_status(200)});
    auto plugin = load("");
    const auto article = make_article("Retry me", "https://n.example/3", "text");

    const auto first = deliver(*plugin, article);
    EXPECT_EQ(first.status, GLEANER_RETRY);
    EXPECT_NE(first.error.find("HTTP 500: database down"), std::string::npos) << first.error;
    EXPECT_EQ(deliver(*plugin, article).status, GLEANER_RETRY) << "503";
    EXPECT_EQ(deliver(*plugin, article).status, GLEANER_RETRY) << "429";
    EXPECT_EQ(deliver(*plugin, article).status, GLEANER_RETRY) << "408";
    EXPECT_EQ(deliver(*plugin, article).status, GLEANER_OK);
    EXPECT_EQ(server_.request_count("/hook"), 5u);
}

TEST_F(WebhookTest, ClientErrorFailsWithTheStatusAndTheStartOfTheResponseInTheReason) {
    auto plugin = load("", "/missing");  // the test server answers 404 for unknown paths

    server_.on("/missing", [](const test::ReceivedRequest&) {
        return test::TestResponse::with_status(404, "no such hook\nsee docs");
    });
    const auto result = deliver(*plugin, make_article("Lost", "https://n.example/4", "text"));

    EXPECT_EQ(result.status, GLEANER_FAIL);
    EXPECT_NE(result.error.find("HTTP 404: no such hook see docs"), std::string::npos) << result.error;
}

TEST_F(WebhookTest, RedirectIsNotFollowedAndFails) {
    server_.serve_redirect("/hook", server_.url("/elsewhere"), 301);
    auto plugin = load("");

    const auto result = deliver(*plugin, make_article("Moved", "https://n.example/5", "text"));

    EXPECT_EQ(result.status, GLEANER_FAIL);
    EXPECT_EQ(server_.request_count("/elsewhere"), 0u);
}

TEST_F(WebhookTest, SlowReceiverTimesOutAndIsRetried) {
    test::TestResponse slow = test::TestResponse::with_status(200);
    slow.delay = std::chrono::seconds(5);
    server_.on("/hook", [slow](const test::ReceivedRequest&) { return slow; });
    auto plugin = load("timeout: 200ms\n");

    const auto result = deliver(*plugin, make_article("Slow", "https://n.example/6", "text"));

    EXPECT_EQ(result.status, GLEANER_RETRY);
    EXPECT_NE(result.error.find("timed out"), std::string::npos) << result.error;
}

TEST_F(WebhookTest, UnreachableReceiverIsRetried) {
    auto plugin = load_plugin("webhook", "url: http://127.0.0.1:1/hook\n", dir_.path());

    EXPECT_EQ(deliver(*plugin, make_article("Nobody home", "https://n.example/7", "text")).status, GLEANER_RETRY);
}

TEST_F(WebhookTest, CheckConfigReportsUnusableSettingsAtTheirKeys) {
    const std::string url = "url: " + server_.url("/hook") + "\n";
    EXPECT_NE(config_errors("webhook", url + "body: full\n", dir_.path())
                  .find(":6:13: plugins[0].config.body: invalid value \"full\", expected one of `article` or `summary`"),
              std::string::npos);
    EXPECT_NE(config_errors("webhook", "url: ftp://127.0.0.1/x\n", dir_.path()).find("plugins[0].config.url: "),
              std::string::npos);
    EXPECT_NE(config_errors("webhook", "url: not a url\n", dir_.path()).find("plugins[0].config.url: invalid URL"),
              std::string::npos);
    EXPECT_NE(config_errors("webhook", url + "headers:\n  X-Gleaner-Signature: forged\n", dir_.path())
                  .find(":7:30: plugins[0].config.headers.X-Gleaner-Signature: X-Gleaner-Signature is set by the plugin"),
              std::string::npos);
    EXPECT_NE(config_errors("webhook", "timeout: 1s\n", dir_.path()).find("plugins[0].config.url: missing required key"),
              std::string::npos);
}

}  // namespace
}  // namespace gleaner::builtin_test
