// tracking_params.h — which query parameters only track the reader (utm_*, fbclid, ...) and so are
// dropped from the dedup key. The list itself is data in tracking_params.cpp.
#pragma once

#include <string_view>

namespace gleaner::sources {

// `name` is the raw (still percent-encoded) parameter name; compared case-insensitively.
bool is_tracking_param(std::string_view name);

}  // namespace gleaner::sources
