// Loads a configuration file the way `run`, `check-config` and reload all do: plugin settings are
// validated against the keys each plugin declares, with plugins found through the file's own
// plugin_dir and the default search path.
#pragma once

#include <filesystem>

#include "config/config_loader.h"

namespace gleaner::cli {

config::LoadResult load_config_with_plugins(const std::filesystem::path& file);

}  // namespace gleaner::cli
