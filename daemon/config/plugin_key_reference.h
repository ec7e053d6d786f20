// How a plugin's declared keys read to an operator: one line per key (nested keys indented below
// their parent) with its type, default, constraints and description. `gleaner plugins` prints it.
#pragma once

#include <string>
#include <vector>

#include "config/plugin_schema.h"

namespace gleaner::config {

// "list of mappings", "duration", "one of `article` or `summary`", "URL (smtp, smtps)", ...
std::string plugin_key_type_name(const PluginKeySpec& key);

// Every key, `indent` spaces in, nested keys two more.
std::string plugin_keys_text(const std::vector<PluginKeySpec>& keys, int indent = 2);

}  // namespace gleaner::config
