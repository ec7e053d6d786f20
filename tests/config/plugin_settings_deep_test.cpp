// Plugin settings checked as deeply as the daemon's own: the ABI 1.2 key types (size, URL, regex,
// template, enum, list and map of typed items, nested mappings), bounds, path existence, unique items,
// exclusive groups, and the plugin's own check — every problem at once, each at its line and column.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "config/config_loader.h"
#include "fake_plugins.h"
#include "temp_config.h"

namespace gleaner::config {
namespace {

using testing::key_spec;

PluginKeySpec with(PluginKeySpec spec, std::function<void(PluginKeySpec&)> change) {
    change(spec);
    return spec;
}

// A plugin with a bit of everything: a list of rules (mappings), a map of limits, a nested target.
std::vector<PluginKeySpec> deep_keys() {
    PluginKeySpec rules = with(key_spec("rules", GLEANER_CONFIG_LIST, std::nullopt, true), [](PluginKeySpec& k) {
        k.item_type = GLEANER_CONFIG_OBJECT;
        k.min = 1;
        k.keys = {
            with(key_spec("name", GLEANER_CONFIG_STRING, std::nullopt, true), [](PluginKeySpec& n) { n.flags = GLEANER_KEY_UNIQUE; }),
            with(key_spec("patterns", GLEANER_CONFIG_LIST), [](PluginKeySpec& p) { p.item_type = GLEANER_CONFIG_REGEX; }),
            with(key_spec("fields", GLEANER_CONFIG_LIST, "[title]"), [](PluginKeySpec& f) {
                f.item_type = GLEANER_CONFIG_ENUM;
                f.choices = {"title", "text"};
            }),
            with(key_spec("per_hour", GLEANER_CONFIG_INT, "0"), [](PluginKeySpec& m) {
                m.min = 0;
                m.max = 100;
            }),
        };
    });
    PluginKeySpec limits = with(key_spec("limits", GLEANER_CONFIG_MAP), [](PluginKeySpec& k) { k.item_type = GLEANER_CONFIG_SIZE; });
    PluginKeySpec hook = with(key_spec("hook", GLEANER_CONFIG_URL), [](PluginKeySpec& k) {
        k.choices = {"http", "https"};
        k.exclusive_group = "target";
    });
    PluginKeySpec mail = with(key_spec("mail", GLEANER_CONFIG_OBJECT), [](PluginKeySpec& k) {
        k.exclusive_group = "target";
        k.keys = {key_spec("to", GLEANER_CONFIG_STRING, std::nullopt, true),
                  key_spec("starttls", GLEANER_CONFIG_BOOL, "false")};
    });
    PluginKeySpec text = with(key_spec("text", GLEANER_CONFIG_TEMPLATE, "\"{{title}}\""),
                              [](PluginKeySpec& k) { k.choices = {"title", "url"}; });
    PluginKeySpec file = with(key_spec("file", GLEANER_CONFIG_PATH),
                              [](PluginKeySpec& k) { k.flags = GLEANER_KEY_PARENT_MUST_EXIST; });
    PluginKeySpec wait = with(key_spec("wait", GLEANER_CONFIG_DURATION, "30s"), [](PluginKeySpec& k) { k.min = 1000; });
    return {rules, limits, hook, mail, text, file, wait};
}

PluginSchemaProvider deep_plugin(PluginCheck check = {}) {
    return [check](const PluginConfig&) -> std::variant<PluginSchema, std::string> {
        return PluginSchema(deep_keys(), check);
    };
}

std::vector<std::string> messages(const LoadResult& result) {
    std::vector<std::string> out;
    for (const Diagnostic& d : result.diagnostics) {
        Diagnostic unnamed = d;
        unnamed.file.clear();
        out.push_back(unnamed.to_string());
    }
    return out;
}

TEST(PluginSettingsDeep, NestedValuesAreTypedWithTheirDefaultsFilled) {
    testing::TempDir dir;
    dir.write("out/.keep", "");
    const auto file = dir.write("gleaner.yaml", R"(plugins:
  - name: deep
    type: deep
    config:
      rules:
        - name: floods
          patterns: ["flood(s|ing)?"]
        - name: fires
          fields: [text, title]
          per_hour: 5
      limits: { small: 16KiB, large: 2MiB }
      mail: { to: desk@example.org }
      file: out/alerts.log
      wait: 1m
)");
    PluginSchemaProvider provider = deep_plugin();

    const LoadResult result = load_config(file, &provider);

    ASSERT_TRUE(result.ok()) << messages(result).front();
    const nlohmann::json expected = {
        {"rules",
         {{{"name", "floods"}, {"patterns", {"flood(s|ing)?"}}, {"fields", {"title"}}, {"per_hour", 0}},
          {{"name", "fires"}, {"fields", {"text", "title"}}, {"per_hour", 5}}}},
        {"limits", {{"small", 16384}, {"large", 2097152}}},
        {"mail", {{"to", "desk@example.org"}, {"starttls", false}}},
        {"text", "{{title}}"},
        {"file", (dir.path() / "out/alerts.log").string()},
        {"wait", 60000},
    };
    EXPECT_EQ(nlohmann::json::parse(result.config->plugins[0].config_json), expected);
}

TEST(PluginSettingsDeep, EveryProblemIsReportedAtOnceAtItsPosition) {
    testing::TempDir dir;
    const auto file = dir.write("gleaner.yaml", R"(plugins:
  - name: deep
    type: deep
    config:
      rules:
        - name: floods
          patterns: "flood"
          fields: [titel]
          per_hour: 101
          colour: red
        - name: floods
          patterns: ["(unclosed"]
        - patterns: []
      limits: { small: lots }
      hook: "ftp://example.org/x"
      mail: { to: desk@example.org, cc: boss@example.org }
      text: "{{title}} {{link}} {{"
      file: missing/alerts.log
      wait: 10ms
)");
    PluginSchemaProvider provider = deep_plugin();

    const LoadResult result = load_config(file, &provider);

    const std::vector<std::string> expected = {
        ":7:21: plugins[0].config.rules[0].patterns: expected a list, got a string (write [flood] for a list of one)",
        ":8:20: plugins[0].config.rules[0].fields[0]: invalid value \"titel\", expected one of `title` or `text` (did "
        "you mean `title`?)",
        ":9:21: plugins[0].config.rules[0].per_hour: must be at most 100, got 101",
        ":10:11: plugins[0].config.rules[0].colour: unknown key `colour` (plugin `deep` accepts `name`, `patterns`, "
        "`fields` or `per_hour` here)",
        ":11:17: plugins[0].config.rules[1].name: \"floods\" is already the `name` of rules[0]; each must be different",
        ":12:22: plugins[0].config.rules[1].patterns[0]: invalid regular expression \"(unclosed\": missing ): (unclosed",
        ":13:11: plugins[0].config.rules[2].name: missing required key `name`",
        ":14:24: plugins[0].config.limits.small: invalid size \"lots\" (use a number of bytes, optionally followed by "
        "KiB, MiB, GiB, KB, MB or GB, e.g. 16MiB)",
        ":15:13: plugins[0].config.hook: \"ftp://example.org/x\": expected a URL starting with http:// or https://",
        ":16:13: plugins[0].config.mail: `hook` and `mail` exclude each other: give only one of `hook` or `mail`",
        ":16:37: plugins[0].config.mail.cc: unknown key `cc` (plugin `deep` accepts `to` or `starttls` here)",
        ":17:13: plugins[0].config.text: unknown placeholder {{link}} (known: title, url)",
        ":18:13: plugins[0].config.file: folder \"" + (dir.path() / "missing").string() +
            "\" does not exist (create it first)",
        ":19:13: plugins[0].config.wait: must be at least 1000ms, got 10ms",
    };
    EXPECT_EQ(messages(result), expected);
}

TEST(PluginSettingsDeep, AGroupWithNoKeyGivenAsksForOne) {
    testing::TempDir dir;
    const auto file = dir.write("gleaner.yaml", "plugins:\n  - name: deep\n    type: deep\n    config:\n"
                                                "      rules: [{name: r}]\n");
    PluginSchemaProvider provider = deep_plugin();

    EXPECT_EQ(messages(load_config(file, &provider)),
              std::vector<std::string>{":5:7: plugins[0].config: give one of `hook` or `mail`"});
}

TEST(PluginSettingsDeep, ThePluginsOwnCheckRunsOnTypedSettingsAndIsPositionedAtTheKeyItNames) {
    testing::TempDir dir;
    const auto file = dir.write("gleaner.yaml", "plugins:\n  - name: deep\n    type: deep\n    config:\n"
                                                "      rules: [{name: r}, {name: s}]\n"
                                                "      hook: https://example.org/hook\n");
    std::string seen;
    PluginSchemaProvider provider = deep_plugin([&seen](const std::string& json) {
        seen = json;
        return std::vector<PluginProblem>{{"rules[1].name", "\"s\" is reserved"}, {"", "something overall"}};
    });

    const LoadResult result = load_config(file, &provider);

    EXPECT_EQ(messages(result), (std::vector<std::string>{":5:7: plugins[0].config: something overall",
                                                          ":5:33: plugins[0].config.rules[1].name: \"s\" is reserved"}));
    EXPECT_EQ(nlohmann::json::parse(seen)["wait"], 30000) << "the check sees defaults filled";
}

TEST(PluginSettingsDeep, ThePluginsOwnCheckIsSkippedWhileTypesAreWrong) {
    testing::TempDir dir;
    const auto file = dir.write("gleaner.yaml", "plugins:\n  - name: deep\n    type: deep\n    config:\n"
                                                "      rules: [{name: r}]\n      hook: https://x/\n      wait: soon\n");
    bool called = false;
    PluginSchemaProvider provider = deep_plugin([&called](const std::string&) {
        called = true;
        return std::vector<PluginProblem>{};
    });

    EXPECT_EQ(load_config(file, &provider).diagnostics.size(), 1u);
    EXPECT_FALSE(called);
}

}  // namespace
}  // namespace gleaner::config
