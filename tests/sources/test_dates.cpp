// test_dates.cpp — the date syntaxes of feeds and sitemaps (RFC 822 and RFC 3339 with their
// variants), as parse_feed_date reads them, shown back as ISO 8601 UTC.
#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>

#include "sources/dates.h"

namespace gleaner::sources {
namespace {

struct Case {
  const char* text;
  const char* expected_utc;  // nullptr: not a date
};

// Shown by GoogleTest in test names of failures instead of the bytes of the struct.
void PrintTo(const Case& c, std::ostream* os) { *os << c.text; }

class ParseFeedDate : public ::testing::TestWithParam<Case> {};

TEST_P(ParseFeedDate, GivesTheExpectedInstant) {
  const Case& c = GetParam();
  const auto when = parse_feed_date(c.text);
  if (c.expected_utc == nullptr) {
    EXPECT_FALSE(when.has_value()) << c.text << " -> " << (when ? iso8601_utc(*when) : "");
  } else {
    ASSERT_TRUE(when.has_value()) << c.text;
    EXPECT_EQ(iso8601_utc(*when), c.expected_utc) << c.text;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Rfc822, ParseFeedDate,
    ::testing::Values(Case{"Wed, 01 May 2024 09:30:00 GMT", "2024-05-01T09:30:00Z"},
                      Case{"Tue, 30 Apr 2024 18:05:00 -0400", "2024-04-30T22:05:00Z"},
                      Case{"Tue, 30 Apr 2024 18:05:00 +0530", "2024-04-30T12:35:00Z"},
                      Case{"Mon, 29 Apr 2024 23:00:00 EST", "2024-04-30T04:00:00Z"},
                      Case{"Mon, 29 Apr 2024 23:00:00 PDT", "2024-04-30T06:00:00Z"},
                      Case{"Mon, 29 Apr 2024 23:00:00 UT", "2024-04-29T23:00:00Z"},
                      Case{"01 May 2024 09:30 +0000", "2024-05-01T09:30:00Z"},
                      Case{"Wed, 01 May 24 09:30:00 GMT", "2024-05-01T09:30:00Z"},
                      Case{"Sat, 29 Feb 2020 12:00:00 GMT", "2020-02-29T12:00:00Z"}));

INSTANTIATE_TEST_SUITE_P(
    Rfc3339, ParseFeedDate,
    ::testing::Values(Case{"2024-03-12T21:40:00Z", "2024-03-12T21:40:00Z"},
                      Case{"2024-04-28T07:15:00+02:00", "2024-04-28T05:15:00Z"},
                      Case{"2023-12-20T16:30:00.250-05:00", "2023-12-20T21:30:00Z"},
                      Case{"2024-05-01T10:00:00+0530", "2024-05-01T04:30:00Z"},
                      Case{"2024-05-01T10:00+01:00", "2024-05-01T09:00:00Z"},
                      Case{"2024-05-01t10:00:00z", "2024-05-01T10:00:00Z"},
                      Case{"2024-05-01 10:00:00", "2024-05-01T10:00:00Z"},
                      Case{"2024-03-11", "2024-03-11T00:00:00Z"},
                      Case{"  2024-05-01T10:00:00Z \n", "2024-05-01T10:00:00Z"},
                      Case{"2024-12-31T23:30:00-01:00", "2025-01-01T00:30:00Z"}));

INSTANTIATE_TEST_SUITE_P(NotDates, ParseFeedDate,
                         ::testing::Values(Case{"", nullptr}, Case{"   ", nullptr},
                                           Case{"yesterday", nullptr}, Case{"2024-02-30", nullptr},
                                           Case{"2023-02-29T10:00:00Z", nullptr},
                                           Case{"2024-05-01T25:00:00Z", nullptr},
                                           // Beyond system_clock's nanoseconds (fuzzer findings).
                                           Case{"9857-05-01", nullptr},
                                           Case{"Tue, 30 Apr 20241 8:05:00 -0400", nullptr}));

}  // namespace
}  // namespace gleaner::sources
