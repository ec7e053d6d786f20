// alert — keyword and RE2 rules over each article; a rule that fires sends one notification (a
// rendered template) to a webhook or by e-mail, at most `max_per_hour` per rule: alerts beyond the
// limit are suppressed and counted ("suppressed"), not failed. A notification that cannot be delivered
// makes the article RETRY (or FAIL, as the target's answer says); rules that already notified for that
// article are not sent again when it comes back.
#include <gleaner/plugin.hpp>
#include <gleaner/template.hpp>

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>

#include "alert_rules.h"
#include "alert_target.h"
#include "common/template.h"

namespace {

using Clock = std::chrono::steady_clock;

// Notifications sent per rule in the last hour (a sliding window; kept in memory, so a restart of the
// daemon starts the window afresh).
class RateLimiter {
public:
    bool allows(const gleaner_alert::Rule& rule, Clock::time_point now) {
        if (rule.max_per_hour == 0) return true;
        auto& sent = sent_[rule.name];
        while (!sent.empty() && now - sent.front() >= std::chrono::hours(1)) sent.pop_front();
        return sent.size() < static_cast<std::size_t>(rule.max_per_hour);
    }
    void record(const gleaner_alert::Rule& rule, Clock::time_point now) {
        if (rule.max_per_hour != 0) sent_[rule.name].push_back(now);
    }

private:
    std::map<std::string, std::deque<Clock::time_point>> sent_;
};

// (article, rule) pairs already notified, so a retried article does not repeat the alerts that went
// out before the one that failed. Bounded: the oldest are forgotten first.
class SentAlerts {
public:
    bool contains(const std::string& key) const { return keys_.count(key) != 0; }
    void add(const std::string& key) {
        if (!keys_.insert(key).second) return;
        order_.push_back(key);
        if (order_.size() > kCapacity) {
            keys_.erase(order_.front());
            order_.pop_front();
        }
    }

private:
    static constexpr std::size_t kCapacity = 10000;
    std::unordered_set<std::string> keys_;
    std::deque<std::string> order_;
};

std::vector<std::string> alert_placeholders() {
    auto names = gleaner_common::article_placeholders();
    names.push_back("rule");
    return names;
}

using gleaner_alert::RuleSettings;

struct AlertSettings {
    std::vector<RuleSettings> rules;
    std::string text_template;
    std::optional<std::string> webhook;
    std::optional<gleaner_common::SmtpSettings> smtp;
    std::chrono::milliseconds timeout;
};

const gleaner::Settings<RuleSettings> kRuleSettings{
    gleaner::key("name", &RuleSettings::name, "Names the rule in alerts, logs and the rate limit").required().at_least(1).unique(),
    gleaner::key("keywords", &RuleSettings::keywords, "Whole words matched in any case"),
    gleaner::key("patterns", &RuleSettings::patterns, "RE2 regular expressions").regex(),
    gleaner::key("fields", &RuleSettings::fields, "Article fields searched")
        .one_of(gleaner_alert::field_names())
        .default_value("[title, text]")
        .at_least(1),
    gleaner::key("max_per_hour", &RuleSettings::max_per_hour, "Alerts of this rule per hour at most; 0: no limit")
        .default_value("0")
        .at_least(0)
        .at_most(1000000),
};

const gleaner::Settings<gleaner_common::SmtpSettings> kAlertSmtpSettings(
    gleaner_common::smtp_keys("\"[gleaner] {{rule}}: {{title}}\"", alert_placeholders()));

const gleaner::Settings<AlertSettings> kAlertSettings{
    gleaner::key("rules", &AlertSettings::rules,
                 "Rules; one with neither keywords nor patterns fires on every article the filter lets through")
        .keys(kRuleSettings)
        .required()
        .at_least(1),
    gleaner::key("template", &AlertSettings::text_template,
                 "Notification text: {{rule}}, {{title}}, {{url}}, {{terms}}, {{source}}, {{published}} and every "
                 "article field")
        .text_template(alert_placeholders())
        .default_value("\"{{rule}}: {{title}}\\n{{url}}\\nmatched: {{terms}}\""),
    gleaner::key("webhook", &AlertSettings::webhook,
                 "URL to POST {\"text\": <rendered template>, \"rule\", \"terms\", \"article\"} to (or give smtp)")
        .url({"http", "https"})
        .exclusive("target"),
    gleaner::key("smtp", &AlertSettings::smtp, "E-mail instead of a webhook (the smtp plugin's keys)")
        .keys(kAlertSmtpSettings)
        .exclusive("target"),
    gleaner::key("timeout", &AlertSettings::timeout, "Longest one notification may take before the article is retried")
        .default_value("30s")
        .at_least(1),
};

class AlertPlugin : public gleaner::Plugin {
public:
    AlertPlugin(gleaner::Host& host, const AlertSettings& settings)
        : host_(host),
          rules_(gleaner_alert::compile_rules(settings.rules)),
          template_(settings.text_template, alert_placeholders()),
          target_(gleaner_alert::make_target(settings.webhook, settings.smtp, settings.timeout, alert_placeholders())) {}

    static void check(const AlertSettings& settings, const gleaner::Problems& problems) {
        for (std::size_t i = 0; i < settings.rules.size(); ++i) {
            const auto& keywords = settings.rules[i].keywords;
            for (std::size_t k = 0; k < keywords.size(); ++k)
                if (keywords[k].find_first_not_of(" \t") == std::string::npos)
                    problems.add("rules[" + std::to_string(i) + "].keywords[" + std::to_string(k) + "]",
                                 "a keyword must not be empty");
        }
        if (settings.smtp)
            for (const auto& [key, message] : gleaner_common::smtp_problems(*settings.smtp, "smtp.")) problems.add(key, message);
    }

    gleaner::Status consume(const gleaner::Article& article) override {
        for (const auto& rule : rules_) {
            const auto terms = gleaner_alert::match(rule, article);
            if (!terms) continue;
            const std::string key = std::string(article.id()) + '\n' + rule.name;
            if (sent_.contains(key)) continue;  // notified before this article was retried
            const auto now = Clock::now();
            if (!limiter_.allows(rule, now)) {
                host_.count("suppressed");
                host_.debug("rule \"" + rule.name + "\" reached max_per_hour; alert for " +
                            std::string(article.canonical_url()) + " suppressed");
                continue;
            }
            gleaner_alert::Alert alert;
            alert.rule = rule.name;
            alert.terms = *terms;
            alert.values = gleaner_common::article_values(article);
            alert.values["rule"] = rule.name;
            std::string joined;
            for (const auto& t : *terms) joined += (joined.empty() ? "" : ", ") + t;
            alert.values["terms"] = joined;
            alert.text = template_.render(alert.values);
            target_->send(alert);  // throws: the article is retried (or failed)
            limiter_.record(rule, now);
            sent_.add(key);
            host_.count("alerts_sent");
        }
        return gleaner::Status::ok;
    }

private:
    gleaner::Host& host_;
    std::vector<gleaner_alert::Rule> rules_;
    gleaner::Template template_;
    std::unique_ptr<gleaner_alert::AlertTarget> target_;
    RateLimiter limiter_;
    SentAlerts sent_;
};

}  // namespace

GLEANER_PLUGIN(AlertPlugin, "alert", "1.1.0",
               "Sends a notification (webhook or e-mail) when an article matches keyword or regex rules",
               kAlertSettings)
