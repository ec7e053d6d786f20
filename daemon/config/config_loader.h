// Reads the daemon's YAML configuration file into a Config, checking every value against the schema
// (config_schema.cpp) and reporting every problem found, each with its position in the file.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "config/diagnostic.h"
#include "config/plugin_schema.h"

namespace gleaner::config {

struct LoadResult {
    std::optional<Config> config;         // set only when there are no diagnostics
    std::vector<Diagnostic> diagnostics;  // every problem found, in file order

    bool ok() const { return config.has_value(); }
};

// Loads `file`: expands ${VAR} / ${VAR:-default} / $$ in scalars, applies the schema's defaults,
// resolves relative paths and `file:relative` URLs against the file's folder. With `plugins`, each
// plugin's `config:` mapping is validated against the keys its plugin declares and converted into
// typed JSON (defaults filled, paths absolute, durations in ms); without it, the mapping is converted
// as written and plugin types are not checked.
LoadResult load_config(const std::filesystem::path& file, const PluginSchemaProvider* plugins = nullptr);

// The same for text already read; `file` names it in diagnostics and anchors relative paths.
LoadResult load_config_text(std::string_view text, const std::filesystem::path& file,
                            const PluginSchemaProvider* plugins = nullptr);

}  // namespace gleaner::config
