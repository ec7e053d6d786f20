// The C++ helper's settings binding (<gleaner/settings.hpp>): the key table it hands the daemon (types
// deduced from the fields, refinements, nested keys) and a settings struct filled from the value tree
// the host builds (plugins/settings_tree.h) — both sides of ABI 1.2's typed settings.
#include <gtest/gtest.h>

#include <gleaner/settings.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "plugins/settings_tree.h"

namespace {

struct Target {
    std::string url;
    bool starttls;
};

struct Base {
    std::string shared;
};

struct Example : Base {
    std::string name;
    std::int64_t rows;
    double ratio;
    std::chrono::milliseconds wait;
    std::vector<std::string> patterns;
    std::map<std::string, std::int64_t> limits;
    std::vector<Target> targets;
    std::optional<Target> fallback;
};

const gleaner::Settings<Target> kTarget{
    gleaner::key("url", &Target::url, "Where").url({"smtp", "smtps"}).required(),
    gleaner::key("starttls", &Target::starttls, "Upgrade").default_value("false"),
};

const gleaner::Settings<Example> kExample{
    gleaner::key("shared", &Example::shared, "From a base struct").one_of({"a", "b"}),
    gleaner::key("name", &Example::name, "A name").required().at_least(1),
    gleaner::key("rows", &Example::rows, "How many").default_value("10").at_least(0).at_most(99),
    gleaner::key("ratio", &Example::ratio, "How much"),
    gleaner::key("wait", &Example::wait, "How long").default_value("2s"),
    gleaner::key("patterns", &Example::patterns, "RE2").regex(),
    gleaner::key("limits", &Example::limits, "Sizes").size(),
    gleaner::key("targets", &Example::targets, "Many").keys(kTarget).unique(),
    gleaner::key("fallback", &Example::fallback, "One").keys(kTarget).exclusive("spare"),
};

TEST(SettingsBinding, TheKeyTableDeclaresTypesDeducedFromTheFieldsAndTheirRefinements) {
    ASSERT_EQ(kExample.size(), 9u);
    const gleaner_config_key* k = kExample.c_keys();
    EXPECT_STREQ(k[0].name, "shared");
    EXPECT_EQ(k[0].type, GLEANER_CONFIG_ENUM);
    EXPECT_STREQ(k[0].choices[1], "b");
    EXPECT_EQ(k[0].choices[2], nullptr);
    EXPECT_EQ(k[1].type, GLEANER_CONFIG_STRING);
    EXPECT_EQ(k[1].required, 1);
    EXPECT_EQ(k[1].flags, GLEANER_KEY_MIN);
    EXPECT_EQ(k[2].type, GLEANER_CONFIG_INT);
    EXPECT_STREQ(k[2].default_value, "10");
    EXPECT_EQ(k[2].flags, GLEANER_KEY_MIN | GLEANER_KEY_MAX);
    EXPECT_EQ(k[2].max, 99);
    EXPECT_EQ(k[3].type, GLEANER_CONFIG_FLOAT);
    EXPECT_EQ(k[4].type, GLEANER_CONFIG_DURATION);
    EXPECT_EQ(k[5].type, GLEANER_CONFIG_LIST);
    EXPECT_EQ(k[5].item_type, GLEANER_CONFIG_REGEX);
    EXPECT_EQ(k[6].type, GLEANER_CONFIG_MAP);
    EXPECT_EQ(k[6].item_type, GLEANER_CONFIG_SIZE);
    EXPECT_EQ(k[7].type, GLEANER_CONFIG_LIST);
    EXPECT_EQ(k[7].item_type, GLEANER_CONFIG_OBJECT);
    EXPECT_EQ(k[7].keys, kTarget.c_keys());
    EXPECT_EQ(k[7].key_count, 2u);
    EXPECT_EQ(k[8].type, GLEANER_CONFIG_OBJECT);
    EXPECT_STREQ(k[8].exclusive_group, "spare");
    EXPECT_EQ(kTarget.c_keys()[0].type, GLEANER_CONFIG_URL);
}

TEST(SettingsBinding, TheStructIsFilledFromTheHostsValueTree) {
    const gleaner::plugins::SettingsTree tree(R"({
        "shared": "b", "name": "n", "rows": 12, "ratio": 2, "wait": 1500, "patterns": ["a+", "b?"],
        "limits": {"small": 1024}, "targets": [{"url": "smtp://a", "starttls": true}, {"url": "smtp://b", "starttls": false}],
        "fallback": {"url": "smtps://c", "starttls": false}})");

    const Example e = kExample.read(*tree.root());

    EXPECT_EQ(e.shared, "b");
    EXPECT_EQ(e.name, "n");
    EXPECT_EQ(e.rows, 12);
    EXPECT_DOUBLE_EQ(e.ratio, 2.0);
    EXPECT_EQ(e.wait, std::chrono::milliseconds(1500));
    EXPECT_EQ(e.patterns, (std::vector<std::string>{"a+", "b?"}));
    EXPECT_EQ(e.limits, (std::map<std::string, std::int64_t>{{"small", 1024}}));
    ASSERT_EQ(e.targets.size(), 2u);
    EXPECT_EQ(e.targets[1].url, "smtp://b");
    EXPECT_TRUE(e.targets[0].starttls);
    ASSERT_TRUE(e.fallback.has_value());
    EXPECT_EQ(e.fallback->url, "smtps://c");
}

TEST(SettingsBinding, AbsentKeysStayEmptyAndAMistypedValueNamesItsKey) {
    const gleaner::plugins::SettingsTree absent(R"({"name": "n"})");
    const Example e = kExample.read(*absent.root());
    EXPECT_FALSE(e.fallback.has_value());
    EXPECT_TRUE(e.targets.empty());

    const gleaner::plugins::SettingsTree wrong(R"({"name": "n", "targets": [{"url": 5}]})");
    try {
        kExample.read(*wrong.root());
        FAIL() << "a number where a string belongs should throw";
    } catch (const gleaner::SettingsError& error) {
        EXPECT_NE(std::string(error.what()).find("targets[0].url: expected a string"), std::string::npos) << error.what();
    }
}

}  // namespace
