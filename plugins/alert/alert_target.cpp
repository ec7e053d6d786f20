// The alert plugin's two notification targets (see alert_target.h).
#include "alert_target.h"

#include <gleaner/template.hpp>
#include <nlohmann/json.hpp>

#include <stdexcept>

#include "common/http_post.h"
#include "common/mail_message.h"

namespace gleaner_alert {
namespace {

class WebhookTarget : public AlertTarget {
public:
    WebhookTarget(std::string url, std::chrono::milliseconds timeout)
        : url_(std::move(url)), poster_(timeout, "gleaner-alert/1.0") {}

    void send(const Alert& alert) override {
        const auto value = [&](const char* name) {
            auto found = alert.values.find(name);
            return found == alert.values.end() ? std::string() : found->second;
        };
        const nlohmann::json body = {
            {"text", alert.text},
            {"rule", alert.rule},
            {"terms", alert.terms},
            {"article",
             {{"id", value("id")}, {"title", value("title")}, {"url", value("url")}, {"source", value("source")},
              {"published", value("published")}}},
        };
        poster_.post(url_, body.dump(), {"Content-Type: application/json"});
    }

private:
    std::string url_;
    gleaner_common::HttpPoster poster_;
};

class SmtpTarget : public AlertTarget {
public:
    SmtpTarget(const gleaner_common::SmtpSettings& smtp, std::chrono::milliseconds timeout,
               const std::vector<std::string>& placeholders)
        : sender_(smtp, timeout), subject_(smtp.subject, placeholders) {}

    void send(const Alert& alert) override {
        gleaner_common::MailHeaders headers;
        headers.from = sender_.settings().from;
        headers.from_name = sender_.settings().from_name;
        headers.to = sender_.settings().to;
        headers.subject = subject_.render(alert.values);
        headers.article_id = alert.values.count("id") ? alert.values.at("id") : std::string();
        sender_.send(gleaner_common::build_message(headers, alert.text));
    }

private:
    gleaner_common::SmtpSender sender_;
    gleaner::Template subject_;
};

}  // namespace

std::unique_ptr<AlertTarget> make_target(const std::optional<std::string>& webhook,
                                         const std::optional<gleaner_common::SmtpSettings>& smtp,
                                         std::chrono::milliseconds timeout, const std::vector<std::string>& placeholders) {
    if (webhook) return std::make_unique<WebhookTarget>(*webhook, timeout);
    if (smtp) return std::make_unique<SmtpTarget>(*smtp, timeout, placeholders);
    throw std::invalid_argument("give one of `webhook` and `smtp`");
}

}  // namespace gleaner_alert
