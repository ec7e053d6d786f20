// The alert plugin's two notification targets (see alert_target.h).
#include "alert_target.h"

#include <algorithm>
#include <stdexcept>

#include "common/http_post.h"
#include "common/mail_message.h"
#include "common/smtp_client.h"
#include "common/template.h"

namespace gleaner_alert {
namespace {

constexpr const char* kDefaultSubject = "[gleaner] {{rule}}: {{title}}";

class WebhookTarget : public AlertTarget {
public:
    WebhookTarget(std::string url, std::chrono::milliseconds timeout)
        : url_(std::move(url)), poster_(timeout, "gleaner-alert/1.0") {
        gleaner_common::check_http_url(url_, "webhook");
    }

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
    SmtpTarget(const nlohmann::json& smtp, std::chrono::milliseconds timeout,
               const std::vector<std::string>& placeholders)
        : sender_(settings(smtp), timeout), subject_(sender_.settings().subject, placeholders, "smtp.subject") {}

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
    static gleaner_common::SmtpSettings settings(const nlohmann::json& smtp) {
        if (!smtp.is_object()) throw std::invalid_argument("smtp must be a mapping (url, from, to, ...)");
        const auto& keys = gleaner_common::smtp_setting_keys();
        for (const auto& [key, value] : smtp.items())
            if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
                std::string known;
                for (const auto& k : keys) known += (known.empty() ? "" : ", ") + k;
                throw std::invalid_argument("smtp: unknown key `" + key + "` (accepted: " + known + ")");
            }
        return gleaner_common::smtp_settings(smtp, "smtp.", kDefaultSubject);
    }

    gleaner_common::SmtpSender sender_;
    gleaner_common::Template subject_;
};

}  // namespace

std::unique_ptr<AlertTarget> make_target(const nlohmann::json& config, std::chrono::milliseconds timeout,
                                         const std::vector<std::string>& placeholders) {
    const bool webhook = config.contains("webhook") && !config["webhook"].is_null();
    const bool smtp = config.contains("smtp") && !config["smtp"].is_null();
    if (webhook == smtp)
        throw std::invalid_argument("give exactly one of `webhook` (a URL) and `smtp` (url, from, to, ...)");
    if (webhook) return std::make_unique<WebhookTarget>(config["webhook"].get<std::string>(), timeout);
    return std::make_unique<SmtpTarget>(config["smtp"], timeout, placeholders);
}

}  // namespace gleaner_alert
