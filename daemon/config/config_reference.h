// The configuration reference (every key, its type, default and description) rendered as Markdown
// from the schema table; README.md carries a copy between the config-reference markers.
#pragma once

#include <string>

namespace gleaner::config {

std::string config_reference_markdown();

}  // namespace gleaner::config
