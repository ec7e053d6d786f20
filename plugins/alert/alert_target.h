// Where the alert plugin's notifications go: a webhook (a JSON POST whose "text" is the rendered
// template, so chat incoming-webhooks show it as is) or e-mail through SMTP. Both throw
// gleaner::RetryError for temporary failures and std::runtime_error for permanent ones.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/smtp_client.h"

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

// The target the settings name: exactly one of `webhook` (a URL) and `smtp` (the smtp plugin's keys;
// its `subject` is a template over `placeholders`), as the daemon checked.
std::unique_ptr<AlertTarget> make_target(const std::optional<std::string>& webhook,
                                         const std::optional<gleaner_common::SmtpSettings>& smtp,
                                         std::chrono::milliseconds timeout, const std::vector<std::string>& placeholders);

}  // namespace gleaner_alert
