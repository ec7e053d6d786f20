// The small syntaxes inside values: durations, sizes, ${VAR} expansion, and "did you mean" matching.
#include <gtest/gtest.h>

#include "config/env_expand.h"
#include "config/suggest.h"
#include "config/value_syntax.h"

namespace gleaner::config {
namespace {

using namespace std::chrono_literals;
using schema::parse_duration;
using schema::parse_size;

TEST(ValueSyntax, DurationUnitsAndCombinations) {
    EXPECT_EQ(parse_duration("500ms"), Duration(500));
    EXPECT_EQ(parse_duration("30s"), Duration(30s));
    EXPECT_EQ(parse_duration("15m"), Duration(15min));
    EXPECT_EQ(parse_duration("1h"), Duration(1h));
    EXPECT_EQ(parse_duration("90d"), Duration(90 * 24h));
    EXPECT_EQ(parse_duration("1h30m"), Duration(90min));
    EXPECT_EQ(parse_duration("1m500ms"), Duration(60500));
    EXPECT_EQ(parse_duration("0"), Duration(0));
}

TEST(ValueSyntax, DurationRejectsMissingUnitsSpacesSignsAndOverflow) {
    for (const char* text : {"", "15", "15 m", "15minutes", "m", "-5s", "1.5h", "5s ", "99999999999999999999d",
                             "200000000000000d"}) {
        EXPECT_EQ(parse_duration(text), std::nullopt) << text;
    }
}

TEST(ValueSyntax, SizesInBytesOrWithUnits) {
    EXPECT_EQ(parse_size("0"), 0);
    EXPECT_EQ(parse_size("1048576"), 1048576);
    EXPECT_EQ(parse_size("512KiB"), 512 * 1024);
    EXPECT_EQ(parse_size("16MiB"), 16 * 1024 * 1024);
    EXPECT_EQ(parse_size("1GiB"), 1LL << 30);
    EXPECT_EQ(parse_size("10KB"), 10'000);
    EXPECT_EQ(parse_size("3MB"), 3'000'000);
    EXPECT_EQ(parse_size("2GB"), 2'000'000'000);
    for (const char* text : {"", "MiB", "16 MiB", "16mib", "1.5GiB", "-1", "16MiBs", "99999999999GiB"}) {
        EXPECT_EQ(parse_size(text), std::nullopt) << text;
    }
}

EnvLookup fixed_environment() {
    return [](const std::string& name) -> std::optional<std::string> {
        if (name == "HOME") {
            return "/home/ann";
        }
        if (name == "EMPTY") {
            return "";
        }
        return std::nullopt;
    };
}

TEST(ValueSyntax, EnvExpansionReplacesVariablesAndDefaults) {
    EnvLookup env = fixed_environment();
    EXPECT_EQ(expand_env("${HOME}/news", env).text, "/home/ann/news");
    EXPECT_EQ(expand_env("${MISSING:-/tmp}/news", env).text, "/tmp/news");
    EXPECT_EQ(expand_env("${EMPTY:-fallback}", env).text, "fallback");
    EXPECT_EQ(expand_env("${EMPTY}", env).text, "");
    EXPECT_EQ(expand_env("${HOME:-unused}", env).text, "/home/ann");
    EXPECT_EQ(expand_env("cost: $$5, ${MISSING:-}", env).text, "cost: $5, ");
    EXPECT_EQ(expand_env("$HOME stays, so does end$", env).text, "$HOME stays, so does end$");
}

TEST(ValueSyntax, EnvExpansionErrorsNameTheProblem) {
    EnvLookup env = fixed_environment();
    EXPECT_EQ(expand_env("a ${MISSING} b", env).error,
              "environment variable MISSING is not set (write ${MISSING:-default} to give a default)");
    EXPECT_EQ(expand_env("${HOME", env).error, "unterminated `${` (write `$$` for a literal dollar)");
    EXPECT_EQ(expand_env("${1ABC}", env).error, "invalid environment variable name `1ABC` in `${1ABC}`");
}

TEST(ValueSyntax, SuggestionsOnlyForPlausibleTypos) {
    const std::vector<std::string_view> keys{"interval", "include", "exclude", "urls", "name"};
    EXPECT_EQ(closest_match("intervl", keys), "interval");
    EXPECT_EQ(closest_match("INTERVAL", keys), "interval");
    EXPECT_EQ(closest_match("url", keys), "urls");
    EXPECT_EQ(closest_match("exlcude", keys), "exclude");
    EXPECT_EQ(closest_match("colour", keys), std::nullopt);
    EXPECT_EQ(closest_match("x", keys), std::nullopt);
}

}  // namespace
}  // namespace gleaner::config
