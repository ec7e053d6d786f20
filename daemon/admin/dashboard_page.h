// The dashboard page served at / (dashboard.html, embedded into the binary at build time so the
// daemon serves it with no file to install and no asset from another host).
#pragma once

#include <string_view>

namespace gleaner::admin {

std::string_view dashboard_page();

}  // namespace gleaner::admin
