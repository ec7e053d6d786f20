// Test helper: a PluginSchemaProvider standing in for the plugin host (which reads the keys from each
// plugin's descriptor after dlopen). It knows two plugin types and accepts `path:` entries whose file
// exists, declaring the same keys as `jsonl` for them.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "config/plugin_schema.h"

namespace gleaner::config::testing {

inline std::vector<PluginKeySpec> jsonl_keys() {
    return {
        {"path", GLEANER_CONFIG_PATH, std::nullopt, true, "File the articles are appended to"},
        {"fsync", GLEANER_CONFIG_BOOL, "true", false, "fsync after each batch"},
    };
}

inline std::vector<PluginKeySpec> sqlite_keys() {
    return {
        {"path", GLEANER_CONFIG_PATH, std::nullopt, true, "Database file"},
        {"busy_timeout", GLEANER_CONFIG_DURATION, "5s", false, "How long to wait for a lock"},
        {"page_cache", GLEANER_CONFIG_INT, "2000", false, "Pages kept in memory"},
    };
}

inline PluginSchemaProvider fake_plugin_host() {
    return [](const PluginConfig& plugin) -> std::variant<std::vector<PluginKeySpec>, std::string> {
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
