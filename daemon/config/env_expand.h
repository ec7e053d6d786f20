// Replaces ${VAR} and ${VAR:-default} in a configuration value with the environment's value; `$$` is a
// literal dollar, and a `$` followed by anything else is left alone (so regexes like `end$` survive).
// Internal to gleaner_config.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace gleaner::config {

struct EnvExpansion {
    std::string text;   // the expanded value (meaningful when error is empty)
    std::string error;  // e.g. "environment variable API_KEY is not set (...)"
};

// Looks a variable up; nullopt when unset. The loader passes one over ::getenv.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

EnvExpansion expand_env(std::string_view text, const EnvLookup& lookup);

}  // namespace gleaner::config
