// Backoff bounds and Retry-After parsing.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include "fetch/retry_policy.h"

namespace gleaner::fetch {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

config::RetryConfig retry_of(milliseconds base, milliseconds max) {
    config::RetryConfig retry;
    retry.base_delay = base;
    retry.max_delay = max;
    return retry;
}

TEST(RetryPolicy, BackoffDoublesWithEachFailure) {
    const auto retry = retry_of(milliseconds(100), seconds(60));
    EXPECT_EQ(backoff_delay(retry, 1, 1.0), milliseconds(100));
    EXPECT_EQ(backoff_delay(retry, 2, 1.0), milliseconds(200));
    EXPECT_EQ(backoff_delay(retry, 3, 1.0), milliseconds(400));
}

TEST(RetryPolicy, JitterKeepsAtLeastHalfTheNominalDelay) {
    const auto retry = retry_of(milliseconds(1000), seconds(60));
    EXPECT_EQ(backoff_delay(retry, 1, 0.0), milliseconds(500));
    EXPECT_EQ(backoff_delay(retry, 1, 0.5), milliseconds(750));
    EXPECT_EQ(backoff_delay(retry, 1, 1.0), milliseconds(1000));
}

TEST(RetryPolicy, BackoffIsCappedByMaxDelay) {
    const auto retry = retry_of(seconds(2), seconds(10));
    EXPECT_EQ(backoff_delay(retry, 50, 1.0), seconds(10));
    EXPECT_EQ(backoff_delay(retry, 1000000, 0.0), seconds(5));
}

TEST(RetryPolicy, RetryAfterInSeconds) {
    EXPECT_EQ(parse_retry_after("120", 0), seconds(120));
    EXPECT_EQ(parse_retry_after(" 3 ", 0), seconds(3));
    EXPECT_EQ(parse_retry_after("0", 0), seconds(0));
}

TEST(RetryPolicy, RetryAfterAsHttpDate) {
    const std::time_t now = curl_getdate("Wed, 21 Oct 2015 07:28:00 GMT", nullptr);
    ASSERT_NE(now, -1);
    EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now), seconds(30));
    EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now), seconds(0));  // already past
}

TEST(RetryPolicy, RetryAfterGarbageIsIgnored) {
    EXPECT_FALSE(parse_retry_after("", 0).has_value());
    EXPECT_FALSE(parse_retry_after("soon", 0).has_value());
    EXPECT_FALSE(parse_retry_after("99999999999999999999999", 0).has_value());
}

}  // namespace
}  // namespace gleaner::fetch
