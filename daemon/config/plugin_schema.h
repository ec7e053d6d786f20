// The contract between the configuration loader and the plugin host: the host knows which keys each
// plugin type accepts (from the plugin's descriptor), the loader validates a plugin's `config:` mapping
// against them. Kept apart from the loader so the host does not need the loader's headers.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <gleaner/plugin.h>

#include "config/config.h"

namespace gleaner::config {

// One key a plugin accepts, as declared by its gleaner_config_key table.
struct PluginKeySpec {
    std::string name;
    gleaner_config_type type = GLEANER_CONFIG_STRING;
    std::optional<std::string> default_yaml;  // YAML text; nullopt when there is no default
    bool required = false;
    std::string description;
};

// Given a plugin entry (name, type and path already read; path absolute), return the keys its plugin
// declares, or a message saying why they cannot be had (unknown plugin type, cannot load the .so, ...).
// The message becomes a diagnostic at the entry's `type` (or `path`) value.
using PluginSchemaProvider =
    std::function<std::variant<std::vector<PluginKeySpec>, std::string>(const PluginConfig&)>;

}  // namespace gleaner::config
