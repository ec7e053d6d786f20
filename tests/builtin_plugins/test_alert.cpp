// The alert plugin: which articles its rules match, the rendered notification a webhook or the SMTP
// receiver gets, the per-rule rate limit, and what a failing target means for the article.
#include <gtest/gtest.h>

#include "plugin_harness.h"
#include "smtp_receiver.h"
#include "test_http_server.h"

namespace gleaner::builtin_test {
namespace {

class AlertTest : public ::testing::Test {
protected:
    void SetUp() override {
        server_.on("/alerts", [](const test::ReceivedRequest&) { return test::TestResponse::with_status(200); });
    }

    std::unique_ptr<plugins::PluginInstance> load(const std::string& rules_yaml, const std::string& extra_yaml = "") {
        return load_plugin("alert", "webhook: " + server_.url("/alerts") + "\nrules:\n" + rules_yaml + extra_yaml,
                           dir_.path());
    }

    std::vector<nlohmann::json> alerts() const {
        std::vector<nlohmann::json> out;
        for (const auto& r : server_.requests_for("/alerts")) out.push_back(nlohmann::json::parse(r.body));
        return out;
    }

    std::vector<std::string> alerted_rules() const {
        std::vector<std::string> out;
        for (const auto& a : alerts()) out.push_back(a["rule"]);
        return out;
    }

    TempDir dir_;
    test::TestHttpServer server_;
};

TEST_F(AlertTest, MatchingRuleSendsTheRenderedTemplateToTheWebhook) {
    auto plugin = load("  - name: floods\n    keywords: [flood, river]\n",
                       "template: \"{{rule}} | {{title}} | {{url}} | {{terms}} | {{source}} | {{published}}\"\n");
    auto article = make_article("Flood warning for the river towns", "https://n.example/1", "Rivers rose.");

    ASSERT_EQ(deliver(*plugin, article).status, GLEANER_OK);

    const auto sent = alerts();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0]["text"],
              "floods | Flood warning for the river towns | https://n.example/1 | flood, river | demo | "
              "2024-05-01T10:00:00+02:00");
    EXPECT_EQ(sent[0]["rule"], "floods");
    EXPECT_EQ(sent[0]["terms"], nlohmann::json({"flood", "river"}));
    EXPECT_EQ(sent[0]["article"]["url"], "https://n.example/1");
    EXPECT_EQ(server_.requests_for("/alerts")[0].header("content-type"), "application/json");
    EXPECT_EQ(plugin->counters()["alerts_sent"], 1u);
}

TEST_F(AlertTest, KeywordsMatchWholeWordsInAnyCaseInTheChosenFieldsOnly) {
    auto plugin = load("  - name: title-only\n    keywords: [flood, Überschwemmung]\n    fields: [title]\n");

    ASSERT_EQ(deliver(*plugin, make_article("Calm day", "https://n.example/1", "A flood of letters.")).status,
              GLEANER_OK);
    ASSERT_EQ(deliver(*plugin, make_article("Floods everywhere", "https://n.example/2", "x")).status, GLEANER_OK);
    ASSERT_EQ(deliver(*plugin, make_article("Subflood risk", "https://n.example/3", "x")).status, GLEANER_OK);
    EXPECT_TRUE(alerts().empty()) << "text is not searched; floods and subflood are other words";

    ASSERT_EQ(deliver(*plugin, make_article("FLOOD: roads closed", "https://n.example/4", "x")).status, GLEANER_OK);
    ASSERT_EQ(deliver(*plugin, make_article("Die ÜBERSCHWEMMUNG kam", "https://n.example/5", "x")).status, GLEANER_OK);
    const auto sent = alerts();
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(sent[0]["terms"], nlohmann::json({"flood"}));
    EXPECT_EQ(sent[1]["terms"], nlohmann::json({"Überschwemmung"})) << "as configured, found in any case";
}

TEST_F(AlertTest, PatternsReportWhatTheyMatched) {
    auto plugin = load("  - name: quakes\n    patterns: ['magnitude [0-9]+(\\.[0-9])?']\n    fields: [text]\n");

    ASSERT_EQ(deliver(*plugin, make_article("Quake", "https://n.example/1",
                                            "A magnitude 6.1 shock, then magnitude 4 and magnitude 6.1 again."))
                  .status,
              GLEANER_OK);
    ASSERT_EQ(deliver(*plugin, make_article("Quiet", "https://n.example/2", "No magnitude given.")).status, GLEANER_OK);

    const auto sent = alerts();
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(sent[0]["terms"], nlohmann::json({"magnitude 6.1", "magnitude 4"}));
}

TEST_F(AlertTest, RuleWithoutKeywordsFiresWithTheDaemonFiltersTerms) {
    auto plugin = load("  - name: everything-the-filter-passes\n", "template: \"{{terms}}\"\n");

    ASSERT_EQ(deliver(*plugin, make_article("Storm", "https://n.example/1", "x"), "storm,flood").status, GLEANER_OK);

    EXPECT_EQ(alerts().at(0)["text"], "storm, flood");
    EXPECT_EQ(alerts().at(0)["terms"], nlohmann::json({"storm", "flood"}));
}

TEST_F(AlertTest, RateLimitSuppressesAlertsBeyondMaxPerHourForEachRuleSeparately) {
    auto plugin = load("  - name: limited\n    keywords: [storm]\n    max_per_hour: 2\n"
                       "  - name: unlimited\n    keywords: [storm]\n");

    for (int i = 1; i <= 4; ++i)
        ASSERT_EQ(deliver(*plugin, make_article("Storm " + std::to_string(i), "https://n.example/" + std::to_string(i),
                                                "x"))
                      .status,
                  GLEANER_OK)
            << "a suppressed alert is not a failed article";

    const auto rules = alerted_rules();
    EXPECT_EQ(std::count(rules.begin(), rules.end(), "limited"), 2);
    EXPECT_EQ(std::count(rules.begin(), rules.end(), "unlimited"), 4);
    EXPECT_EQ(plugin->counters()["suppressed"], 2u);
    EXPECT_EQ(plugin->counters()["alerts_sent"], 6u);
}

TEST_F(AlertTest, FailingTargetRetriesAndTheRetryDoesNotRepeatAlertsAlreadySent) {
    server_.serve_sequence("/alerts", {test::TestResponse::with_status(200), test::TestResponse::with_status(503),
                                       test::TestResponse::with_status(200)});
    auto plugin = load("  - name: first\n    keywords: [storm]\n  - name: second\n    keywords: [storm]\n");
    const auto article = make_article("Storm", "https://n.example/1", "x");

    const auto failed = deliver(*plugin, article);
    EXPECT_EQ(failed.status, GLEANER_RETRY);
    EXPECT_NE(failed.error.find("HTTP 503"), std::string::npos) << failed.error;
    EXPECT_EQ(deliver(*plugin, article).status, GLEANER_OK);

    EXPECT_EQ(alerted_rules(), (std::vector<std::string>{"first", "second", "second"}))
        << "the redelivered article only sends the alert that failed";
}

TEST_F(AlertTest, RefusingTargetFailsTheArticle) {
    server_.on("/alerts", [](const test::ReceivedRequest&) { return test::TestResponse::with_status(403, "bad token"); });
    auto plugin = load("  - name: storms\n    keywords: [storm]\n");

    const auto result = deliver(*plugin, make_article("Storm", "https://n.example/1", "x"));

    EXPECT_EQ(result.status, GLEANER_FAIL);
    EXPECT_NE(result.error.find("HTTP 403: bad token"), std::string::npos) << result.error;
}

TEST_F(AlertTest, EmailTargetSendsTheRenderedAlert) {
    SmtpReceiver receiver;
    auto plugin = load_plugin("alert",
                              "rules:\n  - name: storms\n    keywords: [storm]\n"
                              "template: \"{{rule}}: {{title}}\\n{{url}}\"\n"
                              "smtp:\n  url: " + receiver.url() +
                                  "\n  from: alerts@example.org\n  to: [desk@example.org]\n"
                                  "  subject: \"[alert] {{rule}}: {{title}}\"\n",
                              dir_.path());

    ASSERT_EQ(deliver(*plugin, make_article("Storm ahead", "https://n.example/1", "x")).status, GLEANER_OK);

    const auto mails = receiver.messages();
    ASSERT_EQ(mails.size(), 1u);
    EXPECT_EQ(mails[0].rcpt_to, std::vector<std::string>{"<desk@example.org>"});
    EXPECT_NE(mails[0].data.find("Subject: [alert] storms: Storm ahead\r\n"), std::string::npos) << mails[0].data;
    EXPECT_NE(mails[0].data.find("\r\n\r\nstorms: Storm ahead\r\nhttps://n.example/1\r\n"), std::string::npos)
        << mails[0].data;

    receiver.refuse(SmtpStage::rcpt_to, "450 4.2.1 mailbox temporarily unavailable");
    EXPECT_EQ(deliver(*plugin, make_article("Storm again", "https://n.example/2", "x")).status, GLEANER_RETRY);
}

TEST_F(AlertTest, CheckConfigReportsEveryProblemOfRulesAndTargetsAtItsPosition) {
    const std::string errors = config_errors("alert",
                                             "rules:\n"
                                             "  - name: quakes\n"
                                             "    keywords: army\n"
                                             "    patterns: ['magnitude (']\n"
                                             "    fields: [body]\n"
                                             "    keyword: [x]\n"
                                             "  - name: quakes\n"
                                             "    max_per_hour: -1\n"
                                             "  - keywords: [x]\n"
                                             "template: \"{{headline}}\"\n"
                                             "webhook: ftp://example.org/hook\n",
                                             dir_.path());
    EXPECT_NE(errors.find(":7:21: plugins[0].config.rules[0].keywords: expected a list, got a string (write [army] "
                          "for a list of one)"),
              std::string::npos)
        << errors;
    EXPECT_NE(errors.find(":8:22: plugins[0].config.rules[0].patterns[0]: invalid regular expression \"magnitude (\""),
              std::string::npos)
        << errors;
    EXPECT_NE(errors.find(":9:20: plugins[0].config.rules[0].fields[0]: invalid value \"body\""), std::string::npos)
        << errors;
    EXPECT_NE(errors.find(":10:11: plugins[0].config.rules[0].keyword: unknown key `keyword` (did you mean `keywords`?)"),
              std::string::npos)
        << errors;
    EXPECT_NE(errors.find(":11:17: plugins[0].config.rules[1].name: \"quakes\" is already the `name` of rules[0]"),
              std::string::npos)
        << errors;
    EXPECT_NE(errors.find("plugins[0].config.rules[1].max_per_hour: must be at least 0, got -1"), std::string::npos)
        << errors;
    EXPECT_NE(errors.find("plugins[0].config.rules[2].name: missing required key `name`"), std::string::npos) << errors;
    EXPECT_NE(errors.find(":14:17: plugins[0].config.template: unknown placeholder {{headline}}"), std::string::npos)
        << errors;
    EXPECT_NE(errors.find(":15:16: plugins[0].config.webhook: \"ftp://example.org/hook\": expected a URL starting with "
                          "http:// or https://"),
              std::string::npos)
        << errors;
}

TEST_F(AlertTest, CheckConfigWantsExactlyOneTargetAndChecksTheSmtpMapping) {
    EXPECT_NE(config_errors("alert", "rules:\n  - name: r\n", dir_.path())
                  .find("plugins[0].config: give one of `webhook` or `smtp`"),
              std::string::npos);
    const std::string both = config_errors(
        "alert", "webhook: " + server_.url("/alerts") + "\nsmtp: {url: smtp://h, from: a@example.org, to: [b@example.org]}\n"
                 "rules:\n  - name: r\n",
        dir_.path());
    EXPECT_NE(both.find("plugins[0].config.smtp: `webhook` and `smtp` exclude each other"), std::string::npos) << both;
    const std::string smtp = config_errors(
        "alert", "smtp: {url: smtp://h, from: a@example.org, to: [b@example.org], port: 25, subject: \"{{rules}}\"}\n"
                 "rules:\n  - name: r\n",
        dir_.path());
    EXPECT_NE(smtp.find("plugins[0].config.smtp.port: unknown key `port`"), std::string::npos) << smtp;
    EXPECT_NE(smtp.find("plugins[0].config.smtp.subject: unknown placeholder {{rules}}"), std::string::npos) << smtp;
    const std::string address = config_errors(
        "alert", "smtp: {url: smtp://h, from: \"Ann <a@example.org>\", to: [b@example.org]}\nrules:\n  - name: r\n",
        dir_.path());
    EXPECT_NE(address.find(":5:35: plugins[0].config.smtp.from: \"Ann <a@example.org>\" is not a plain e-mail address"),
              std::string::npos)
        << address;
    EXPECT_EQ(config_errors("alert", "webhook: " + server_.url("/alerts") + "\nrules:\n  - name: r\n", dir_.path()), "");
}

}  // namespace
}  // namespace gleaner::builtin_test
