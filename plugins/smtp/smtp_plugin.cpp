// smtp — e-mails each article through an SMTP server (libcurl: smtp:// or smtps://, optional STARTTLS
// and login). Subject and body are templates over the article's fields; the message is a UTF-8
// text/plain e-mail (see common/mail_message.h). Each article is sent in consume(), so it is
// acknowledged only once the server accepted the message.
#include <gleaner/plugin.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "common/mail_message.h"
#include "common/smtp_client.h"
#include "common/template.h"

namespace {

constexpr const char* kDefaultSubject = "{{title}}";
constexpr const char* kDefaultBody = "{{title}}\n{{url}}\n\n{{text}}\n";

class SmtpPlugin : public gleaner::Plugin {
public:
    explicit SmtpPlugin(gleaner::Host& host) : SmtpPlugin(host, nlohmann::json::parse(host.config_json())) {}

    gleaner::Status consume(const gleaner::Article& article) override {
        const auto values = gleaner_common::article_values(article);
        gleaner_common::MailHeaders headers;
        headers.from = sender_.settings().from;
        headers.from_name = sender_.settings().from_name;
        headers.to = sender_.settings().to;
        headers.subject = subject_.render(values);
        headers.article_id = std::string(article.id());
        sender_.send(gleaner_common::build_message(headers, body_.render(values)));
        host_.count("sent");
        return gleaner::Status::ok;
    }

private:
    SmtpPlugin(gleaner::Host& host, const nlohmann::json& config)
        : host_(host),
          sender_(gleaner_common::smtp_settings(config, "", kDefaultSubject),
                  std::chrono::milliseconds(config.value("timeout", 30000))),
          subject_(sender_.settings().subject, gleaner_common::article_placeholders(), "subject"),
          body_(config.value("body", std::string(kDefaultBody)), gleaner_common::article_placeholders(), "body") {}

    gleaner::Host& host_;
    gleaner_common::SmtpSender sender_;
    gleaner_common::Template subject_;
    gleaner_common::Template body_;
};

const gleaner_config_key kSmtpKeys[] = {
    {"url", GLEANER_CONFIG_STRING, nullptr, 1, "smtp://host:port (587, 25) or smtps://host:port (465)"},
    {"from", GLEANER_CONFIG_STRING, nullptr, 1, "Sender address (envelope and From header), e.g. news@example.org"},
    {"from_name", GLEANER_CONFIG_STRING, nullptr, 0, "Display name in the From header"},
    {"to", GLEANER_CONFIG_STRING_LIST, nullptr, 1, "Recipient addresses"},
    {"username", GLEANER_CONFIG_STRING, nullptr, 0, "Login name; no login when unset"},
    {"password", GLEANER_CONFIG_STRING, nullptr, 0, "Login password (use ${ENV_VAR} in the config file)"},
    {"starttls", GLEANER_CONFIG_BOOL, "false", 0,
     "Upgrade an smtp:// connection with STARTTLS and refuse to send without it"},
    {"subject", GLEANER_CONFIG_STRING, "\"{{title}}\"", 0, "Subject template: {{title}}, {{source}}, ..."},
    {"body", GLEANER_CONFIG_STRING, "\"{{title}}\\n{{url}}\\n\\n{{text}}\\n\"", 0,
     "Body template: {{title}}, {{url}}, {{text}}, {{published}}, {{terms}}, ..."},
    {"timeout", GLEANER_CONFIG_DURATION, "30s", 0, "Longest one message may take to send before it is retried"},
};

}  // namespace

GLEANER_PLUGIN(SmtpPlugin, "smtp", "1.0.0", "E-mails each article through an SMTP server", kSmtpKeys)
