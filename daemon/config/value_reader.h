// Turns one YAML value into a typed schema::Value according to its key's TypeSpec, reporting what is
// wrong with it (wrong type, bad duration, out-of-range number, bad regex or URL) at its position.
// Internal to gleaner_config.
#pragma once

#include <optional>
#include <string>

#include <yaml-cpp/yaml.h>

#include "config/load_context.h"
#include "config/schema.h"

namespace gleaner::config::schema {

// nullopt after reporting an error. Not for kEntryList, kPluginSettings or kAny (read by their owners).
std::optional<Value> read_value(const YAML::Node& node, const TypeSpec& type, LoadContext& context,
                                const std::string& key_path);

}  // namespace gleaner::config::schema
