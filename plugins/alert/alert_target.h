// Where the alert plugin's notifications go: a webhook (a JSON POST whose "text" is the rendered
// template, so chat incoming-webhooks show it as is) or e-mail through SMTP. Both throw
// gleaner::RetryError for temporary failures and std::runtime_error for permanent ones.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace gleaner_alert {

struct Alert {
    std::string rule;
    std::vector<std::string> terms;
    std::string text;                           // the rendered template
    std::map<std::string, std::string> values;  // every placeholder's value (for an e-mail subject)
};

class AlertTarget {
public:
    virtual ~AlertTarget() = default;
    virtual void send(const Alert& alert) = 0;
};

// From the plugin's config: exactly one of `webhook` (a URL) and `smtp` (a map with the smtp plugin's
// keys; its `subject` is a template too). Throws std::invalid_argument otherwise.
std::unique_ptr<AlertTarget> make_target(const nlohmann::json& config, std::chrono::milliseconds timeout,
                                         const std::vector<std::string>& placeholders);

}  // namespace gleaner_alert
