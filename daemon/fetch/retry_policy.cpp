// Backoff arithmetic and Retry-After parsing.
#include "fetch/retry_policy.h"

#include <curl/curl.h>

#include <algorithm>
#include <charconv>
#include <string>

namespace gleaner::fetch {

std::chrono::milliseconds backoff_delay(const config::RetryConfig& retry, int failed_attempts, double jitter) {
    using std::chrono::milliseconds;
    const milliseconds cap = std::max(retry.max_delay, milliseconds(0));
    milliseconds nominal = std::max(retry.base_delay, milliseconds(0));
    for (int i = 1; i < failed_attempts && nominal < cap; ++i) nominal *= 2;
    nominal = std::min(nominal, cap);
    const double spread = std::clamp(jitter, 0.0, 1.0) * static_cast<double>(nominal.count()) / 2.0;
    return nominal - nominal / 2 + milliseconds(static_cast<milliseconds::rep>(spread));
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, std::time_t now) {
    const auto first = value.find_first_not_of(" \t");
    if (first == std::string_view::npos) return std::nullopt;
    value = value.substr(first, value.find_last_not_of(" \t") - first + 1);
    if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        std::int64_t seconds = 0;
        const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
        if (error != std::errc() || end != value.data() + value.size()) return std::nullopt;
        return std::chrono::seconds(seconds);
    }
    const std::time_t when = curl_getdate(std::string(value).c_str(), nullptr);
    if (when == -1) return std::nullopt;
    return std::chrono::seconds(std::max<std::time_t>(0, when - now));
}

}  // namespace gleaner::fetch
