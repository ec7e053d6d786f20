// Reads each plugin's `config:` mapping into PluginConfig::config_json. With a PluginSchemaProvider the
// mapping is checked against the keys the plugin declares, nested ones included, and typed (defaults
// filled, paths absolute, durations in milliseconds), then handed to the plugin's own check when it
// has one. Without a provider it is converted as written.
// Internal to gleaner_config.
#pragma once

#include <yaml-cpp/yaml.h>

#include "config/config.h"
#include "config/load_context.h"
#include "config/plugin_schema.h"

namespace gleaner::config {

// `plugins_node` is the file's `plugins:` list (its entries match config.plugins by index).
void read_plugin_settings(const YAML::Node& plugins_node, Config& config, const PluginSchemaProvider* provider,
                          LoadContext& context);

}  // namespace gleaner::config
