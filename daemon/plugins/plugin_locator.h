// Finds the shared object behind a plugin entry of the configuration: an explicit `path:`, or a
// built-in type looked up as gleaner_<type>.so in the plugin folders.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"

namespace gleaner::plugins {

// The folders searched for plugin types, in order: the config's plugin_dir, $GLEANER_PLUGIN_PATH
// (colon separated), build/plugins next to the executable, then <prefix>/lib/gleaner/plugins.
std::vector<std::filesystem::path> plugin_search_path(const std::filesystem::path& config_plugin_dir);

// The file for `plugin`, or an error message listing where it looked.
struct LocatedPlugin {
    std::optional<std::filesystem::path> file;
    std::string error;
};
LocatedPlugin locate_plugin(const config::PluginConfig& plugin, const std::vector<std::filesystem::path>& search);

// Types available in the search path (for messages such as "unknown plugin type; known: ...").
std::vector<std::string> available_plugin_types(const std::vector<std::filesystem::path>& search);

}  // namespace gleaner::plugins
