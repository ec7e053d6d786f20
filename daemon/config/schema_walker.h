// Walks a YAML mapping against a schema Table: stores each known key into its field, reports unknown
// keys (with a suggestion), duplicate keys, missing required keys and nested mappings of the wrong shape,
// applies the defaults of absent keys, and descends into list entries (sources, plugins).
// Internal to gleaner_config.
#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

#include "config/load_context.h"
#include "config/schema.h"

namespace gleaner::config::schema {

// `record` is the struct `table` describes (Config for config_table(), ...). `key_prefix` is prepended
// to key paths in messages ("sources[0]."); `where` is used for missing keys when `node` is absent.
void walk_table(const YAML::Node& node, const Table& table, void* record, const std::string& key_prefix,
                Position where, LoadContext& context);

}  // namespace gleaner::config::schema
