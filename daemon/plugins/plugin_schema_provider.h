// Implements the configuration loader's PluginSchemaProvider: loads a plugin's shared object (without
// creating an instance) and reports the config keys its descriptor declares, nested keys included,
// with its check callback, so `check-config`, start-up and reload validate plugin settings before any
// plugin runs.
#pragma once

#include <filesystem>
#include <vector>

#include "config/plugin_schema.h"
#include "plugins/plugin_library.h"

namespace gleaner::plugins {

// `search_path` is used for plugin entries without an explicit `path:`. When empty, the default
// search path (plugin_search_path) with the entry's config plugin_dir is used.
config::PluginSchemaProvider make_plugin_schema_provider(std::vector<std::filesystem::path> search_path = {});

// The keys `library` declares (read with its stride; nesting deeper than a few levels is refused).
// Throws PluginLoadError when a key table is malformed.
std::vector<config::PluginKeySpec> declared_keys(const PluginLibrary& library);

}  // namespace gleaner::plugins
