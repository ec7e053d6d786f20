// What the fetcher knows about one origin's robots.txt and for how long (RFC 9309 section 2.3/2.4):
// parsed rules cached per Cache-Control max-age / Expires (24 h by default and at most), 4xx meaning
// "no robots.txt, allow all", 5xx or an unreachable server meaning "disallow everything for a while".
#pragma once

#include <chrono>
#include <ctime>
#include <string>
#include <string_view>

#include "fetch/fetch_types.h"
#include "fetch/robots_rules.h"

namespace gleaner::fetch {

enum class RobotsStatus {
    unknown,      // never fetched
    rules,        // fetched: `rules` apply
    missing,      // 4xx (or a redirect chain too long): everything allowed
    unavailable,  // 5xx or transport failure, no earlier copy: everything refused until `expires`
};

struct RobotsState {
    RobotsStatus status = RobotsStatus::unknown;
    RobotsRules rules;
    std::chrono::steady_clock::time_point expires{};
    FailureKind unavailable_failure = FailureKind::robots_disallowed;  // what refused pages report
    std::string unavailable_reason;

    bool fresh(std::chrono::steady_clock::time_point now) const {
        return status != RobotsStatus::unknown && now < expires;
    }
};

// How a robots.txt fetch ended.
struct RobotsFetchResult {
    std::string origin;        // "https://example.com:443", for messages
    long http_status = 0;
    FailureKind failure = FailureKind::none;  // transport failures only; HTTP statuses are read from http_status
    std::string error;
    std::string body;
    std::string cache_control, expires;  // response headers, empty when absent
};

// The state after a fetch. An unavailable answer keeps `previous` rules when there are some
// (RFC 9309 allows using a cached copy) and asks again sooner.
RobotsState next_robots_state(RobotsFetchResult result, const RobotsState& previous,
                              std::chrono::steady_clock::time_point now, std::time_t wall_now);

// How long a fetched robots.txt stays valid: max-age, else Expires, else 24 h; clamped to
// [1 minute, 24 hours] so a "no-cache" robots.txt does not double every request.
std::chrono::seconds robots_lifetime(std::string_view cache_control, std::string_view expires, std::time_t now);

struct RobotsVerdict {
    bool allowed = true;
    std::string_view label;  // Response::robots: "allowed", "disallowed", "no-robots-txt", "unavailable"
};

RobotsVerdict robots_verdict(const RobotsState& state, std::string_view user_agent, std::string_view path);

}  // namespace gleaner::fetch
