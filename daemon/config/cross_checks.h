// Checks that involve more than one value, run after the schema walk: unique source and plugin names,
// each plugin naming a `type` or a `path`, plugin filters naming sources that exist. Internal.
#pragma once

#include "config/config.h"
#include "config/load_context.h"

namespace gleaner::config {

void check_cross_references(const Config& config, LoadContext& context);

}  // namespace gleaner::config
