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

PluginSchemaProvider fake_host() {
    return [](const PluginConfig& plugin) -> std::variant<std::vector<PluginKeySpec>, std::string> {
        if (plugin.type == "broken") return std::string("cannot load plugin");
        return std::vector<PluginKeySpec>{
            {"path", GLEANER_CONFIG_PATH, std::nullopt, false, ""},
            {"rows", GLEANER_CONFIG_INT, "10", false, ""},
            {"sync", GLEANER_CONFIG_BOOL, "true", false, ""},
            {"every", GLEANER_CONFIG_DURATION, "1m", false, ""},
            {"tags", GLEANER_CONFIG_STRING_LIST, std::nullopt, false, ""},
            {"headers", GLEANER_CONFIG_STRING_MAP, std::nullopt, false, ""},
            {"ratio", GLEANER_CONFIG_FLOAT, std::nullopt, false, ""},
            {"extra", GLEANER_CONFIG_ANY, std::nullopt, false, ""},
            {"name", GLEANER_CONFIG_STRING, std::nullopt, false, ""},
        };
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
