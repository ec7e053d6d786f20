// Tests for parse_date and date_from_url: the formats sites use, normalised to ISO 8601.
#include <gtest/gtest.h>

#include "extract/metadata/dates.h"

namespace gleaner::extract {
namespace {

struct DateCase {
    const char* text;
    const char* iso;
};

class DateFormats : public testing::TestWithParam<DateCase> {};

TEST_P(DateFormats, ParsesToIso8601) {
    const auto parsed = parse_date(GetParam().text);
    ASSERT_TRUE(parsed.has_value()) << GetParam().text;
    EXPECT_EQ(*parsed, GetParam().iso) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    CommonSiteFormats, DateFormats,
    testing::Values(DateCase{"2024-05-01T10:00:00+02:00", "2024-05-01T10:00:00+02:00"},
                    DateCase{"2024-05-01T10:00:00Z", "2024-05-01T10:00:00+00:00"},
                    DateCase{"2024-05-01T10:00:00.123456-05:00", "2024-05-01T10:00:00-05:00"},
                    DateCase{"2024-05-01T10:00:00+0530", "2024-05-01T10:00:00+05:30"},
                    DateCase{"2024-05-01T10:00", "2024-05-01T10:00:00"},
                    DateCase{"2024-05-01 10:00:00", "2024-05-01T10:00:00"},
                    DateCase{"2024-05-01", "2024-05-01"},
                    DateCase{"20240501", "2024-05-01"},
                    DateCase{"2024/05/01", "2024-05-01"},
                    DateCase{"Wed, 01 May 2024 10:00:00 +0000", "2024-05-01T10:00:00+00:00"},
                    DateCase{"Wed, 01 May 2024 10:00:00 GMT", "2024-05-01T10:00:00+00:00"},
                    DateCase{"Wed, 01 May 2024 10:00:00 EDT", "2024-05-01T10:00:00-04:00"},
                    DateCase{"May 1, 2024", "2024-05-01"},
                    DateCase{"Sep 3, 2024", "2024-09-03"},
                    DateCase{"September 3, 2024 10:15 PM", "2024-09-03T22:15:00"},
                    DateCase{"1 May 2024", "2024-05-01"},
                    DateCase{"Wednesday, May 1, 2024", "2024-05-01"},
                    DateCase{"Published: May 1, 2024", "2024-05-01"},
                    DateCase{"  Updated on 2024-05-01  ", "2024-05-01"},
                    DateCase{"1714557600", "2024-05-01T10:00:00+00:00"},
                    DateCase{"Wed May 01 2024 10:00:00 GMT+0200", "2024-05-01T10:00:00+02:00"},
                    DateCase{"1 May 2024 10:00 GMT", "2024-05-01T10:00:00+00:00"},
                    DateCase{"November 19, 2019, 9:02 AM", "2019-11-19T09:02:00"},
                    DateCase{"Monday, November 18, 2019", "2019-11-18"},
                    DateCase{"1714557600000", "2024-05-01T10:00:00+00:00"}));

TEST(Dates, ImpossibleDaysAndNonDatesAreRejected) {
    for (const char* text : {"2024-02-30", "2023-02-29", "2024-13-01", "yesterday", "", "May 2024", "1850-01-01",
                             "12345", "2024-05-01T25:00:00"}) {
        EXPECT_FALSE(parse_date(text).has_value()) << text;
    }
}

TEST(Dates, LeapDayIsAccepted) { EXPECT_EQ(parse_date("2024-02-29"), "2024-02-29"); }

TEST(Dates, LongTextIsNotADate) { EXPECT_FALSE(parse_date(std::string(500, 'x') + " May 1, 2024").has_value()); }

TEST(FindDate, TheFirstDayWrittenInABylineLine) {
    EXPECT_EQ(find_date("By Jane Doe - Mar 27, 2024"), "2024-03-27");
    EXPECT_EQ(find_date("23.07.2025 \xC2\xB7 6 min read"), "2025-07-23");
    EXPECT_EQ(find_date("Posted by jdoe on Friday December 19, 2025 @08:00PM from the jobs dept."), "2025-12-19");
    EXPECT_EQ(find_date("Tags: search December 17th 2025"), "2025-12-17");
    EXPECT_EQ(find_date("Dec 17, 2025Jane Doe"), "2025-12-17");
    EXPECT_EQ(find_date("Essay - Published: 2025.12.17 | programming"), "2025-12-17");
    EXPECT_EQ(find_date("Updated: 10/31/2024"), "2024-10-31");  // month first, as in the US
    EXPECT_EQ(find_date("31/10/2024"), "2024-10-31");           // the first number cannot be a month
}

TEST(FindDate, MonthNamesInManyLanguages) {
    EXPECT_EQ(find_date("Publi\xC3\xA9 le 1er mars 2025"), "2025-03-01");
    EXPECT_EQ(find_date("Von Max Muster, 3. M\xC3\xA4rz 2025"), "2025-03-03");
    EXPECT_EQ(find_date("3 de marzo de 2025"), "2025-03-03");
    EXPECT_EQ(find_date("12 dicembre 2024"), "2024-12-12");
    EXPECT_EQ(find_date("5 sierpnia 2023"), "2023-08-05");
    EXPECT_EQ(find_date("17 maart 2022"), "2022-03-17");
    EXPECT_EQ(find_date("2025\xE5\xB9\xB4" "12\xE6\x9C\x88" "18\xE6\x97\xA5"), "2025-12-18");  // 2025年12月18日
}

TEST(FindDate, NoDayNoDate) {
    EXPECT_FALSE(find_date("Advent of Code 2025 week 2").has_value());
    EXPECT_FALSE(find_date("December 2025").has_value());
    EXPECT_FALSE(find_date("31.02.2024").has_value());  // no such day
    EXPECT_FALSE(find_date(std::string(300, 'x') + " March 3, 2025").has_value());  // a paragraph
}

TEST(DatesFromUrl, YearMonthDayPathSegments) {
    EXPECT_EQ(date_from_url("https://example.com/2024/05/01/storm-hits/"), "2024-05-01");
    EXPECT_EQ(date_from_url("https://example.com/news/2024-05-01-storm"), "2024-05-01");
    EXPECT_EQ(date_from_url("https://example.com/news/20240501/storm"), "2024-05-01");
}

TEST(DatesFromUrl, MonthAbbreviationAndCompactDayEndingTheSlug) {
    EXPECT_EQ(date_from_url("https://example.com/state/2019/nov/18/slug/"), "2019-11-18");
    EXPECT_EQ(date_from_url("https://example.com/cells-that-taste-danger-20191115/"), "2019-11-15");
    EXPECT_FALSE(date_from_url("https://example.com/item-20191115-extra-words").has_value());
}

TEST(DatesFromUrl, NoDateOrNotADateInUrl) {
    EXPECT_FALSE(date_from_url("https://example.com/news/storm-hits-1234567").has_value());
    EXPECT_FALSE(date_from_url("https://example.com/2024/05/storm").has_value());
    EXPECT_FALSE(date_from_url("https://example.com/2024/02/30/x").has_value());
    EXPECT_FALSE(date_from_url("https://example.com/story?date=2024/05/01/").has_value());
    EXPECT_FALSE(date_from_url("").has_value());
}

}  // namespace
}  // namespace gleaner::extract
