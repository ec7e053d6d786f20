// Converts a YAML value to JSON as written: mappings to objects, lists to arrays, plain scalars to
// booleans or numbers when they read as such, quoted scalars to strings. ${VAR} is expanded in every
// scalar first. Used for plugin settings without a declared type. Internal to gleaner_config.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "config/load_context.h"

namespace gleaner::config {

// nullopt after reporting a problem (an unset variable).
std::optional<nlohmann::json> yaml_to_json(const YAML::Node& node, LoadContext& context, const std::string& key_path);

}  // namespace gleaner::config
