// The contract between the configuration loader and the plugin host: the host knows which keys each
// plugin type accepts (from the plugin's descriptor), the loader validates a plugin's `config:` mapping
// against them. Kept apart from the loader so the host does not need the loader's headers.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <gleaner/plugin.h>

#include "config/config.h"

namespace gleaner::config {

// One key a plugin accepts, as declared by its gleaner_config_key table (nested keys included).
struct PluginKeySpec {
    std::string name;
    gleaner_config_type type = GLEANER_CONFIG_STRING;
    std::optional<std::string> default_yaml;  // YAML text; nullopt when there is no default
    bool required = false;
    std::string description;
    std::uint32_t flags = 0;                  // GLEANER_KEY_*
    gleaner_config_type item_type = GLEANER_CONFIG_STRING;  // LIST and MAP items
    std::vector<std::string> choices;         // ENUM values, TEMPLATE placeholders, URL schemes
    std::vector<PluginKeySpec> keys;          // OBJECT (or LIST/MAP of OBJECT) keys
    std::optional<std::int64_t> min, max;     // values, or lengths of strings and lists
    std::string exclusive_group;              // exactly one key of a group is given
};

// A problem the plugin's own check found: `key` is the path below `config:` ("" for the whole).
struct PluginProblem {
    std::string key;
    std::string message;
};

// Runs the plugin's check callback over its typed settings (as JSON); empty when all is well.
using PluginCheck = std::function<std::vector<PluginProblem>(const std::string& settings_json)>;

struct PluginSchema {
    PluginSchema(std::vector<PluginKeySpec> k = {}, PluginCheck c = {}) : keys(std::move(k)), check(std::move(c)) {}
    std::vector<PluginKeySpec> keys;
    PluginCheck check;  // empty when the plugin declares none
};

// Given a plugin entry (name, type and path already read; path absolute), return the keys its plugin
// declares, or a message saying why they cannot be had (unknown plugin type, cannot load the .so, ...).
// The message becomes a diagnostic at the entry's `type` (or `path`) value.
using PluginSchemaProvider = std::function<std::variant<PluginSchema, std::string>(const PluginConfig&)>;

}  // namespace gleaner::config
