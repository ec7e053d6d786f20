// Turning a robots.txt fetch into a cached state, and a state into a verdict for one path.
#include "fetch/robots_policy.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace gleaner::fetch {
namespace {

constexpr std::chrono::seconds kMaximumLifetime = std::chrono::hours(24);  // RFC 9309 section 2.4
constexpr std::chrono::seconds kMinimumLifetime = std::chrono::minutes(1);
// How long "unavailable" (5xx, unreachable) holds before robots.txt is asked again.
constexpr std::chrono::seconds kUnavailableRetry = std::chrono::minutes(10);

// max-age from a Cache-Control value ("public, max-age=3600"), if present.
std::optional<std::int64_t> max_age(std::string_view cache_control) {
    while (!cache_control.empty()) {
        const auto comma = cache_control.find(',');
        std::string_view directive = cache_control.substr(0, comma);
        cache_control.remove_prefix(comma == std::string_view::npos ? cache_control.size() : comma + 1);
        const auto start = directive.find_first_not_of(" \t");
        if (start == std::string_view::npos) continue;
        directive.remove_prefix(start);
        constexpr std::string_view kName = "max-age=";
        if (directive.size() <= kName.size()) continue;
        const bool named = std::equal(kName.begin(), kName.end(), directive.begin(),
                                      [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
        if (!named) continue;
        std::int64_t seconds = 0;
        const char* first = directive.data() + kName.size();
        const auto [end, error] = std::from_chars(first, directive.data() + directive.size(), seconds);
        if (error == std::errc() && end != first) return seconds;
    }
    return std::nullopt;
}

bool is_transport_failure(FailureKind kind) {
    switch (kind) {
        case FailureKind::dns:
        case FailureKind::connect:
        case FailureKind::tls:
        case FailureKind::timeout:
        case FailureKind::private_network: return true;
        default: return false;
    }
}

}  // namespace

std::chrono::seconds robots_lifetime(std::string_view cache_control, std::string_view expires, std::time_t now) {
    std::chrono::seconds lifetime = kMaximumLifetime;
    if (const auto seconds = max_age(cache_control)) {
        lifetime = std::chrono::seconds(*seconds);
    } else if (!expires.empty()) {
        const std::time_t when = curl_getdate(std::string(expires).c_str(), nullptr);
        if (when != -1) lifetime = std::chrono::seconds(when - now);
    }
    return std::clamp(lifetime, kMinimumLifetime, kMaximumLifetime);
}

RobotsState next_robots_state(RobotsFetchResult result, const RobotsState& previous,
                              std::chrono::steady_clock::time_point now, std::time_t wall_now) {
    RobotsState state;
    const long status = result.http_status;
    const bool answered = result.failure == FailureKind::none && status != 0;
    if (answered && status >= 200 && status < 300) {
        state.status = RobotsStatus::rules;
        state.rules = RobotsRules::parse(result.body);
        state.expires = now + robots_lifetime(result.cache_control, result.expires, wall_now);
        return state;
    }
    // 4xx, or redirects that never end: RFC 9309 lets the crawler act as if there were no robots.txt.
    if ((answered && status >= 400 && status < 500) || result.failure == FailureKind::too_many_redirects ||
        (answered && status >= 300 && status < 400)) {
        state.status = RobotsStatus::missing;
        state.expires = now + robots_lifetime(result.cache_control, result.expires, wall_now);
        return state;
    }
    if (previous.status == RobotsStatus::rules || previous.status == RobotsStatus::missing) {
        state = previous;  // a cached copy beats refusing everything
        state.expires = now + kUnavailableRetry;
        return state;
    }
    state.status = RobotsStatus::unavailable;
    state.expires = now + kUnavailableRetry;
    if (is_transport_failure(result.failure)) {
        state.unavailable_failure = result.failure;
        state.unavailable_reason = "robots.txt of " + result.origin + " could not be fetched: " + result.error;
    } else {
        state.unavailable_failure = FailureKind::robots_disallowed;
        state.unavailable_reason = "robots.txt of " + result.origin + " is unavailable (" +
                                   (answered ? "HTTP " + std::to_string(status) : result.error) +
                                   "); RFC 9309 treats the site as disallowed until it answers";
    }
    return state;
}

RobotsVerdict robots_verdict(const RobotsState& state, std::string_view user_agent, std::string_view path) {
    switch (state.status) {
        case RobotsStatus::rules:
            return state.rules.allowed(user_agent, path) ? RobotsVerdict{true, "allowed"}
                                                         : RobotsVerdict{false, "disallowed"};
        case RobotsStatus::missing: return {true, "no-robots-txt"};
        case RobotsStatus::unavailable: return {false, "unavailable"};
        case RobotsStatus::unknown: break;
    }
    return {true, "not-checked"};
}

}  // namespace gleaner::fetch
