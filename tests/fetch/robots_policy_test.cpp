// What a robots.txt answer means for the origin, and for how long.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include "fetch/robots_policy.h"

namespace gleaner::fetch {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

RobotsFetchResult answer(long status, std::string body = {}) {
    RobotsFetchResult result;
    result.origin = "https://example.com:443";
    result.http_status = status;
    result.body = std::move(body);
    return result;
}

TEST(RobotsPolicy, LifetimeFollowsMaxAgeWithinBounds) {
    EXPECT_EQ(robots_lifetime("public, max-age=3600", "", 0), hours(1));
    EXPECT_EQ(robots_lifetime("Max-Age=7200", "", 0), hours(2));
    EXPECT_EQ(robots_lifetime("max-age=999999", "", 0), hours(24));
    EXPECT_EQ(robots_lifetime("max-age=0", "", 0), minutes(1));
    EXPECT_EQ(robots_lifetime("no-cache", "", 0), hours(24));
    EXPECT_EQ(robots_lifetime("", "", 0), hours(24));
}

TEST(RobotsPolicy, LifetimeFollowsExpiresWhenNoMaxAge) {
    const std::time_t now = curl_getdate("Wed, 21 Oct 2015 07:00:00 GMT", nullptr);
    EXPECT_EQ(robots_lifetime("", "Wed, 21 Oct 2015 09:00:00 GMT", now), hours(2));
    EXPECT_EQ(robots_lifetime("max-age=600", "Wed, 21 Oct 2015 09:00:00 GMT", now), minutes(10));
    EXPECT_EQ(robots_lifetime("", "not a date", now), hours(24));
}

TEST(RobotsPolicy, SuccessParsesRules) {
    const auto now = Clock::now();
    const auto state = next_robots_state(answer(200, "User-agent: *\nDisallow: /private\n"), {}, now, 0);
    EXPECT_EQ(state.status, RobotsStatus::rules);
    EXPECT_TRUE(state.fresh(now + hours(23)));
    EXPECT_FALSE(state.fresh(now + hours(25)));
    EXPECT_FALSE(robots_verdict(state, "bot", "/private/1").allowed);
    EXPECT_EQ(robots_verdict(state, "bot", "/private/1").label, "disallowed");
    EXPECT_EQ(robots_verdict(state, "bot", "/public").label, "allowed");
}

TEST(RobotsPolicy, ClientErrorMeansNoRobotsTxt) {
    for (long status : {401L, 403L, 404L, 410L}) {
        const auto state = next_robots_state(answer(status), {}, Clock::now(), 0);
        EXPECT_EQ(state.status, RobotsStatus::missing) << status;
        EXPECT_TRUE(robots_verdict(state, "bot", "/x").allowed);
        EXPECT_EQ(robots_verdict(state, "bot", "/x").label, "no-robots-txt");
    }
}

TEST(RobotsPolicy, ServerErrorMeansDisallowForAWhile) {
    const auto now = Clock::now();
    const auto state = next_robots_state(answer(503), {}, now, 0);
    EXPECT_EQ(state.status, RobotsStatus::unavailable);
    EXPECT_EQ(state.unavailable_failure, FailureKind::robots_disallowed);
    EXPECT_NE(state.unavailable_reason.find("HTTP 503"), std::string::npos);
    EXPECT_FALSE(robots_verdict(state, "bot", "/x").allowed);
    EXPECT_EQ(robots_verdict(state, "bot", "/x").label, "unavailable");
    EXPECT_TRUE(state.fresh(now + minutes(5)));
    EXPECT_FALSE(state.fresh(now + hours(1)));  // asked again later
}

TEST(RobotsPolicy, UnreachableServerKeepsTheTransportFailure) {
    RobotsFetchResult result = answer(0);
    result.failure = FailureKind::connect;
    result.error = "Connection refused";
    const auto state = next_robots_state(result, {}, Clock::now(), 0);
    EXPECT_EQ(state.status, RobotsStatus::unavailable);
    EXPECT_EQ(state.unavailable_failure, FailureKind::connect);
    EXPECT_NE(state.unavailable_reason.find("Connection refused"), std::string::npos);
}

TEST(RobotsPolicy, ServerErrorKeepsAnEarlierCopy) {
    const auto now = Clock::now();
    const auto good = next_robots_state(answer(200, "User-agent: *\nDisallow: /private\n"), {}, now, 0);
    const auto after_outage = next_robots_state(answer(500), good, now, 0);
    EXPECT_EQ(after_outage.status, RobotsStatus::rules);
    EXPECT_TRUE(robots_verdict(after_outage, "bot", "/public").allowed);
    EXPECT_FALSE(robots_verdict(after_outage, "bot", "/private").allowed);
    EXPECT_LT(after_outage.expires, good.expires);  // but asks again sooner
}

TEST(RobotsPolicy, EndlessRedirectsCountAsNoRobotsTxt) {
    RobotsFetchResult result = answer(301);
    result.failure = FailureKind::too_many_redirects;
    EXPECT_EQ(next_robots_state(result, {}, Clock::now(), 0).status, RobotsStatus::missing);
}

}  // namespace
}  // namespace gleaner::fetch
