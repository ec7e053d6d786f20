// The smtp plugin against the in-process SMTP receiver. What arrives is also read back by an
// independent parser — Python's standard `email` package (python3 is a test package) — so the
// encodings (RFC 2047 subject, quoted-printable body) are checked by someone else's decoder.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "plugin_harness.h"
#include "smtp_receiver.h"

namespace gleaner::builtin_test {
namespace {

// Subject, From, To, content type, charset and decoded body as Python's email package reads them.
nlohmann::json parse_with_python(const std::string& message, const std::filesystem::path& dir) {
    const auto file = dir / "message.eml";
    std::ofstream(file, std::ios::binary) << message;
    const std::string script =
        "import sys, json, email\n"
        "from email import policy\n"
        "m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)\n"
        "defects = [str(d) for d in m.defects] + [str(d) for k in m.keys() for d in m[k].defects]\n"
        "print(json.dumps({'subject': str(m['subject']), 'from': str(m['from']), 'to': str(m['to']),\n"
        "  'content_type': m.get_content_type(), 'charset': m.get_content_charset(),\n"
        "  'body': m.get_content().replace('\\r\\n', '\\n'), 'defects': defects}))\n";
    std::ofstream(dir / "parse.py") << script;
    const std::string command = "python3 '" + (dir / "parse.py").string() + "' '" + file.string() + "'";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) throw std::runtime_error("cannot run python3");
    std::string output;
    char chunk[4096];
    for (size_t n; (n = std::fread(chunk, 1, sizeof chunk, pipe)) > 0;) output.append(chunk, n);
    if (::pclose(pipe) != 0) throw std::runtime_error("python3 could not parse the message: " + output);
    return nlohmann::json::parse(output);
}

std::vector<std::string> header_lines(const std::string& data) {
    std::vector<std::string> lines;
    std::istringstream in(data.substr(0, data.find("\r\n\r\n")));
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(line);
    }
    return lines;
}

bool has_line_starting(const std::vector<std::string>& lines, const std::string& start) {
    for (const auto& line : lines)
        if (line.rfind(start, 0) == 0) return true;
    return false;
}

class SmtpTest : public ::testing::Test {
protected:
    std::unique_ptr<plugins::PluginInstance> load(const std::string& extra_yaml = "") {
        return load_plugin("smtp",
                           "url: " + receiver_.url() +
                               "\nfrom: news@example.org\nto: [desk@example.org, \"editor@example.org\"]\n" + extra_yaml,
                           dir_.path());
    }

    TempDir dir_;
    SmtpReceiver receiver_;
};

TEST_F(SmtpTest, MessageArrivesWithRfc5322HeadersAndTheRenderedBody) {
    auto plugin = load("from_name: Gleaner News\nsubject: \"[{{source}}] {{title}}\"\n"
                       "body: \"{{title}}\\n{{url}}\\n\\n{{text}}\\n\"\n");
    const std::string text = "Rivers rose overnight in the valley, and the authorities asked residents of the lower "
                             "town to move their cars = now.\n\nSecond paragraph, with a trailing space ";
    ASSERT_EQ(deliver(*plugin, make_article("Flood warning", "https://n.example/1", text)).status, GLEANER_OK);

    const auto mails = receiver_.messages();
    ASSERT_EQ(mails.size(), 1u);
    EXPECT_EQ(mails[0].mail_from, "<news@example.org>");
    EXPECT_EQ(mails[0].rcpt_to, (std::vector<std::string>{"<desk@example.org>", "<editor@example.org>"}));
    const auto headers = header_lines(mails[0].data);
    for (const char* start : {"Date: ", "Message-ID: <", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
                              "Content-Transfer-Encoding: quoted-printable", "Subject: [demo] Flood warning",
                              "From: \"Gleaner News\" <news@example.org>",
                              "To: desk@example.org, editor@example.org", "X-Gleaner-Article: id-https://n.example/1"})
        EXPECT_TRUE(has_line_starting(headers, start)) << start << "\n" << mails[0].data;
    std::istringstream all(mails[0].data);
    for (std::string line; std::getline(all, line);) EXPECT_LE(line.size(), 78u) << line;

    const auto parsed = parse_with_python(mails[0].data, dir_.path());
    EXPECT_EQ(parsed["defects"], nlohmann::json::array());
    EXPECT_EQ(parsed["subject"], "[demo] Flood warning");
    EXPECT_EQ(parsed["from"], "Gleaner News <news@example.org>");
    EXPECT_EQ(parsed["content_type"], "text/plain");
    EXPECT_EQ(parsed["charset"], "utf-8");
    EXPECT_EQ(parsed["body"], "Flood warning\nhttps://n.example/1\n\n" + text + "\n");
    EXPECT_EQ(plugin->counters()["sent"], 1u);
}

TEST_F(SmtpTest, NonAsciiSubjectAndSenderNameAreEncodedWords) {
    auto plugin = load("from_name: Redaktion Süd\n");
    const std::string title = "Überschwemmung in München: Pegel der Isar steigt weiter — Anwohner räumen Keller 🌊";
    const std::string text = "Die Feuerwehr pumpt seit Stunden Wasser ab. Straßen sind gesperrt.";
    ASSERT_EQ(deliver(*plugin, make_article(title, "https://n.example/de", text)).status, GLEANER_OK);

    const auto data = receiver_.messages().at(0).data;
    const std::string head = data.substr(0, data.find("\r\n\r\n"));
    EXPECT_TRUE(std::all_of(head.begin(), head.end(), [](unsigned char c) { return c < 0x80; }))
        << "headers are 7-bit ASCII:\n" << head;
    EXPECT_NE(head.find("Subject: =?UTF-8?B?"), std::string::npos) << head;
    const auto parsed = parse_with_python(data, dir_.path());
    EXPECT_EQ(parsed["defects"], nlohmann::json::array());
    EXPECT_EQ(parsed["subject"], title);
    EXPECT_EQ(parsed["from"], "Redaktion Süd <news@example.org>");
    EXPECT_NE(parsed["body"].get<std::string>().find(text), std::string::npos);
}

TEST_F(SmtpTest, LineBreaksInATitleCannotAddHeaders) {
    auto plugin = load();
    ASSERT_EQ(deliver(*plugin, make_article("Hello\r\nBcc: spy@example.net", "https://n.example/x", "text")).status,
              GLEANER_OK);

    const auto headers = header_lines(receiver_.messages().at(0).data);
    EXPECT_FALSE(has_line_starting(headers, "Bcc:"));
    EXPECT_TRUE(has_line_starting(headers, "Subject: Hello  Bcc: spy@example.net"));
}

TEST_F(SmtpTest, LogsInWhenAUsernameIsConfigured) {
    auto plugin = load("username: gleaner\npassword: \"s3cret\"\n");
    ASSERT_EQ(deliver(*plugin, make_article("Hi", "https://n.example/1", "text")).status, GLEANER_OK);

    EXPECT_EQ(receiver_.messages().at(0).auth, std::string("\0gleaner\0s3cret", 15));
}

TEST_F(SmtpTest, TemporaryRefusalIsRetried) {
    auto plugin = load();
    receiver_.refuse(SmtpStage::rcpt_to, "451 4.3.0 mailbox busy, try later");

    const auto result = deliver(*plugin, make_article("Later", "https://n.example/1", "text"));

    EXPECT_EQ(result.status, GLEANER_RETRY);
    EXPECT_NE(result.error.find("451 4.3.0 mailbox busy"), std::string::npos) << result.error;
    EXPECT_TRUE(receiver_.messages().empty());
}

TEST_F(SmtpTest, TemporaryRefusalOfTheMessageItselfIsRetried) {
    auto plugin = load();
    receiver_.refuse(SmtpStage::end_of_data, "452 4.3.1 insufficient system storage");

    EXPECT_EQ(deliver(*plugin, make_article("Later", "https://n.example/1", "text")).status, GLEANER_RETRY);
}

TEST_F(SmtpTest, PermanentRefusalFailsWithTheServersReply) {
    auto plugin = load();
    receiver_.refuse(SmtpStage::rcpt_to, "550 5.1.1 no such user here");

    const auto result = deliver(*plugin, make_article("Never", "https://n.example/1", "text"));

    EXPECT_EQ(result.status, GLEANER_FAIL);
    EXPECT_NE(result.error.find("550 5.1.1 no such user here"), std::string::npos) << result.error;
}

TEST_F(SmtpTest, PermanentRefusalOfTheSenderFails) {
    auto plugin = load();
    receiver_.refuse(SmtpStage::mail_from, "553 5.7.1 sender not allowed");

    EXPECT_EQ(deliver(*plugin, make_article("Never", "https://n.example/1", "text")).status, GLEANER_FAIL);
}

TEST_F(SmtpTest, UnreachableServerIsRetried) {
    auto plugin = load_plugin("smtp", "url: smtp://127.0.0.1:1\nfrom: a@example.org\nto: [b@example.org]\n", dir_.path());

    EXPECT_EQ(deliver(*plugin, make_article("Nobody", "https://n.example/1", "text")).status, GLEANER_RETRY);
}

TEST_F(SmtpTest, CheckConfigReportsUnusableSettingsAtTheirKeys) {
    const std::string base = "from: a@example.org\nto: [b@example.org]\n";
    EXPECT_NE(config_errors("smtp", "url: http://127.0.0.1:25\n" + base, dir_.path())
                  .find(":5:12: plugins[0].config.url: \"http://127.0.0.1:25\": expected a URL starting with smtp:// or "
                        "smtps://"),
              std::string::npos);
    EXPECT_NE(config_errors("smtp", "url: smtp://h\nfrom: a@example.org\nto: [b@example.org, \"x y\"]\n", dir_.path())
                  .find(":7:27: plugins[0].config.to[1]: \"x y\" is not a plain e-mail address"),
              std::string::npos);
    EXPECT_NE(config_errors("smtp", "url: smtp://h\n" + base + "subject: \"{{headline}}\"\n", dir_.path())
                  .find(":8:16: plugins[0].config.subject: unknown placeholder {{headline}}"),
              std::string::npos);
    EXPECT_NE(config_errors("smtp", "url: smtp://h\nfrom: a@example.org\n", dir_.path())
                  .find("plugins[0].config.to: missing required key `to`"),
              std::string::npos);
}

}  // namespace
}  // namespace gleaner::builtin_test
