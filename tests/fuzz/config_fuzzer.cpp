// libFuzzer target for configuration files: arbitrary bytes as YAML through load_config_text, with a
// plugin host that declares a key of every ABI type (so plugin settings are read typed too). Any
// crash, sanitizer report, exception, a diagnostic without a message, or a loaded configuration
// that is not complete (a required key left empty) is a finding; running out of memory on a small
// file (alias bombs) is caught by -rss_limit_mb.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "config/config_loader.h"

namespace {

using namespace gleaner::config;

PluginKeySpec key(std::string name, gleaner_config_type type) {
    PluginKeySpec spec;
    spec.name = std::move(name);
    spec.type = type;
    return spec;
}

// A plugin declaring a key of every type, nested ones included, and a check of its own.
PluginSchema every_type() {
    std::vector<PluginKeySpec> keys = {
        key("path", GLEANER_CONFIG_PATH),       key("rows", GLEANER_CONFIG_INT),
        key("sync", GLEANER_CONFIG_BOOL),       key("every", GLEANER_CONFIG_DURATION),
        key("tags", GLEANER_CONFIG_STRING_LIST), key("headers", GLEANER_CONFIG_STRING_MAP),
        key("ratio", GLEANER_CONFIG_FLOAT),     key("extra", GLEANER_CONFIG_ANY),
        key("name", GLEANER_CONFIG_STRING),     key("size", GLEANER_CONFIG_SIZE),
        key("url", GLEANER_CONFIG_URL),         key("pattern", GLEANER_CONFIG_REGEX),
        key("message", GLEANER_CONFIG_TEMPLATE), key("level", GLEANER_CONFIG_ENUM),
    };
    keys[1].default_yaml = "10";
    keys[1].flags = GLEANER_KEY_MIN | GLEANER_KEY_MAX;
    keys[1].min = 1;
    keys[1].max = 1000;
    keys[10].choices = {"http", "https"};
    keys[12].choices = {"title", "url"};
    keys[13].choices = {"low", "high"};
    PluginKeySpec target = key("targets", GLEANER_CONFIG_LIST);
    target.item_type = GLEANER_CONFIG_OBJECT;
    target.keys = {key("host", GLEANER_CONFIG_STRING), key("port", GLEANER_CONFIG_INT)};
    target.keys[0].required = true;
    keys.push_back(target);
    PluginKeySpec limits = key("limits", GLEANER_CONFIG_MAP);
    limits.item_type = GLEANER_CONFIG_SIZE;
    keys.push_back(limits);
    return PluginSchema(std::move(keys), [](const std::string& settings) {
        return settings.size() > 4096 ? std::vector<PluginProblem>{{"", "too much"}} : std::vector<PluginProblem>{};
    });
}

PluginSchemaProvider fake_host() {
    return [](const PluginConfig& plugin) -> std::variant<PluginSchema, std::string> {
        if (plugin.type == "broken") return std::string("cannot load plugin");
        return every_type();
    };
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const PluginSchemaProvider host = fake_host();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const LoadResult result = load_config_text(text, "/fuzz/gleaner.yaml", &host);
    for (const Diagnostic& d : result.diagnostics)
        if (d.message.empty()) std::abort();
    if (result.ok()) {
        for (const SourceConfig& source : result.config->sources)
            if (source.name.empty() || source.urls.empty()) std::abort();
        for (const PluginConfig& plugin : result.config->plugins)
            if (plugin.name.empty() || plugin.type.empty() == plugin.path.empty()) std::abort();
    }
    return 0;
}
