// Tests for detect_language (CLD2) and normalise_language_tag.
#include <gtest/gtest.h>

#include "extract/metadata/language.h"

namespace gleaner::extract {
namespace {

TEST(Language, DetectsCommonLanguagesFromText) {
    EXPECT_EQ(detect_language("The government announced on Tuesday a series of measures intended to support farmers "
                              "affected by the drought, which has hit a large part of the country for several weeks."),
              "en");
    EXPECT_EQ(detect_language("Die Regierung hat am Dienstag eine Reihe von Maßnahmen angekündigt, die den von der "
                              "Dürre betroffenen Landwirten helfen sollen, die seit Wochen große Teile des Landes trifft."),
              "de");
    EXPECT_EQ(detect_language("Правительство во вторник объявило о ряде мер, направленных на поддержку фермеров, "
                              "пострадавших от засухи, которая уже несколько недель охватывает большую часть страны."),
              "ru");
    EXPECT_EQ(detect_language("政府は火曜日、数週間にわたり国土の大部分を襲っている干ばつの影響を受けた農家を支援するための一連の措置を発表した。"),
              "ja");
}

TEST(Language, ReturnsEmptyWhenUnsure) {
    EXPECT_EQ(detect_language(""), "");
    EXPECT_EQ(detect_language("12345 67890 !!!"), "");
}

TEST(Language, HandlesTextLongerThanTheSampleWithoutSplittingCharacters) {
    std::string text;
    while (text.size() < 40000) text += "Правительство объявило о ряде мер поддержки фермеров. ";
    EXPECT_EQ(detect_language(text), "ru");
}

TEST(LanguageTag, NormalisedToBcp47CaseForm) {
    EXPECT_EQ(normalise_language_tag("en"), "en");
    EXPECT_EQ(normalise_language_tag("EN-us"), "en-US");
    EXPECT_EQ(normalise_language_tag(" en_GB "), "en-GB");
    EXPECT_EQ(normalise_language_tag("zh-hant-tw"), "zh-Hant-TW");
}

TEST(LanguageTag, NonTagsAreRejected) {
    for (const char* tag : {"", "*", "x-default", "en, fr", "english", "e", "en-", "-en", "12"}) {
        EXPECT_EQ(normalise_language_tag(tag), "") << tag;
    }
}

}  // namespace
}  // namespace gleaner::extract
