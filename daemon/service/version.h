// Gleaner's version strings, shared by `gleaner version`, logs and article provenance.
#pragma once

#include <gleaner/plugin.h>

#define GLEANER_STR2(x) #x
#define GLEANER_STR(x) GLEANER_STR2(x)

namespace gleaner {
inline constexpr const char* kVersion = GLEANER_VERSION;
inline constexpr const char* kAbiVersion = GLEANER_STR(GLEANER_ABI_MAJOR) "." GLEANER_STR(GLEANER_ABI_MINOR);
}  // namespace gleaner
