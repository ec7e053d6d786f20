// smtp — e-mails each article through an SMTP server (libcurl: smtp:// or smtps://, optional STARTTLS
// and login). Subject and body are templates over the article's fields; the message is a UTF-8
// text/plain e-mail (see common/mail_message.h). Each article is sent in consume(), so it is
// acknowledged only once the server accepted the message.
#include <gleaner/plugin.hpp>
#include <gleaner/template.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "common/mail_message.h"
#include "common/smtp_client.h"
#include "common/template.h"

namespace {

struct SmtpPluginSettings : gleaner_common::SmtpSettings {
    std::string body;
    std::chrono::milliseconds timeout;
};

std::vector<gleaner::Key<SmtpPluginSettings>> smtp_plugin_keys() {
    const auto& placeholders = gleaner_common::article_placeholders();
    const auto shared = gleaner_common::smtp_keys("\"{{title}}\"", placeholders);
    std::vector<gleaner::Key<SmtpPluginSettings>> keys(shared.begin(), shared.end());
    keys.push_back(gleaner::key("body", &SmtpPluginSettings::body, "Body template: {{title}}, {{url}}, {{text}}, {{published}}, {{terms}}, ...")
                       .text_template(placeholders)
                       .default_value("\"{{title}}\\n{{url}}\\n\\n{{text}}\\n\""));
    keys.push_back(gleaner::key("timeout", &SmtpPluginSettings::timeout,
                                "Longest one message may take to send before it is retried")
                       .default_value("30s")
                       .at_least(1));
    return keys;
}

const gleaner::Settings<SmtpPluginSettings> kSmtpSettings(smtp_plugin_keys());

class SmtpPlugin : public gleaner::Plugin {
public:
    SmtpPlugin(gleaner::Host& host, const SmtpPluginSettings& settings)
        : host_(host),
          sender_(settings, settings.timeout),
          subject_(settings.subject, gleaner_common::article_placeholders()),
          body_(settings.body, gleaner_common::article_placeholders()) {}

    static void check(const SmtpPluginSettings& settings, const gleaner::Problems& problems) {
        for (const auto& [key, message] : gleaner_common::smtp_problems(settings, "")) problems.add(key, message);
    }

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
    gleaner::Host& host_;
    gleaner_common::SmtpSender sender_;
    gleaner::Template subject_;
    gleaner::Template body_;
};

}  // namespace

GLEANER_PLUGIN(SmtpPlugin, "smtp", "1.1.0", "E-mails each article through an SMTP server", kSmtpSettings)
