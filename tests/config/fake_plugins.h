// Test helper: a PluginSchemaProvider standing in for the plugin host (which reads the keys from each
// plugin's descriptor after dlopen). It knows two plugin types and accepts `path:` entries whose file
// exists, declaring the same keys as `jsonl` for them.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "config/plugin_schema.h"

namespace gleaner::config::testing {

// One declared key (the fields tests usually care about; the rest stay at their defaults).
inline PluginKeySpec key_spec(std::string name, gleaner_config_type type, std::optional<std::string> default_yaml = {},
                              bool required = false) {
    PluginKeySpec spec;
    spec.name = std::move(name);
    spec.type = type;
    spec.default_yaml = std::move(default_yaml);
    spec.required = required;
    return spec;
}

inline std::vector<PluginKeySpec> jsonl_keys() {
    return {
        key_spec("path", GLEANER_CONFIG_PATH, std::nullopt, true),
        key_spec("fsync", GLEANER_CONFIG_BOOL, "true", false),
    };
}

inline std::vector<PluginKeySpec> sqlite_keys() {
    return {
        key_spec("path", GLEANER_CONFIG_PATH, std::nullopt, true),
        key_spec("busy_timeout", GLEANER_CONFIG_DURATION, "5s", false),
        key_spec("page_cache", GLEANER_CONFIG_INT, "2000", false),
    };
}

inline PluginSchemaProvider fake_plugin_host() {
    return [](const PluginConfig& plugin) -> std::variant<PluginSchema, std::string> {
        if (!plugin.path.empty()) {
            if (!std::filesystem::exists(plugin.path)) {
                return "cannot load " + plugin.path.string() + ": no such file";
            }
            return jsonl_keys();
        }
        if (plugin.type == "jsonl") {
            return jsonl_keys();
        }
        if (plugin.type == "sqlite") {
            return sqlite_keys();
        }
        return "unknown plugin type \"" + plugin.type + "\" (known: jsonl, sqlite)";
    };
}

}  // namespace gleaner::config::testing
