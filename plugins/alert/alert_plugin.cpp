// alert — keyword and RE2 rules over each article; a rule that fires sends one notification (a
// rendered template) to a webhook or by e-mail, at most `max_per_hour` per rule: alerts beyond the
// limit are suppressed and counted ("suppressed"), not failed. A notification that cannot be delivered
// makes the article RETRY (or FAIL, as the target's answer says); rules that already notified for that
// article are not sent again when it comes back.
#include <gleaner/plugin.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <deque>
#include <map>
#include <memory>
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

constexpr const char* kDefaultTemplate = "{{rule}}: {{title}}\n{{url}}\nmatched: {{terms}}";

class AlertPlugin : public gleaner::Plugin {
public:
    explicit AlertPlugin(gleaner::Host& host) : AlertPlugin(host, nlohmann::json::parse(host.config_json())) {}

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
    AlertPlugin(gleaner::Host& host, const nlohmann::json& config)
        : host_(host),
          rules_(gleaner_alert::parse_rules(config.value("rules", nlohmann::json()))),
          template_(config.value("template", std::string(kDefaultTemplate)), alert_placeholders(), "template"),
          target_(gleaner_alert::make_target(config, std::chrono::milliseconds(config.value("timeout", 30000)),
                                             alert_placeholders())) {}

    gleaner::Host& host_;
    std::vector<gleaner_alert::Rule> rules_;
    gleaner_common::Template template_;
    std::unique_ptr<gleaner_alert::AlertTarget> target_;
    RateLimiter limiter_;
    SentAlerts sent_;
};

const gleaner_config_key kAlertKeys[] = {
    {"rules", GLEANER_CONFIG_ANY, nullptr, 1,
     "List of rules: {name, keywords: [...], patterns: [RE2...], fields: [title, text], max_per_hour: 0 = no limit}"},
    {"template", GLEANER_CONFIG_STRING, "\"{{rule}}: {{title}}\\n{{url}}\\nmatched: {{terms}}\"", 0,
     "Notification text: {{rule}}, {{title}}, {{url}}, {{terms}}, {{source}}, {{published}} and every article field"},
    {"webhook", GLEANER_CONFIG_STRING, nullptr, 0,
     "URL to POST {\"text\": <rendered template>, \"rule\", \"terms\", \"article\"} to (or give smtp)"},
    {"smtp", GLEANER_CONFIG_ANY, nullptr, 0,
     "E-mail instead of a webhook: url, from, from_name, to, username, password, starttls, subject (a template)"},
    {"timeout", GLEANER_CONFIG_DURATION, "30s", 0, "Longest one notification may take before the article is retried"},
};

}  // namespace

GLEANER_PLUGIN(AlertPlugin, "alert", "1.0.0",
               "Sends a notification (webhook or e-mail) when an article matches keyword or regex rules",
               kAlertKeys)
