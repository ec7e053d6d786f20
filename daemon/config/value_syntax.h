// The text forms of the configuration's value types: durations ("1h30m"), sizes ("16MiB"), and how
// each type is named in messages and in the reference. The unit lists are data, shared by the parsers
// and the hints in error messages. Internal to gleaner_config.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "config/schema.h"

namespace gleaner::config::schema {

// "500ms", "30s", "15m", "1h", "90d", or several in a row: "1h30m". "0" alone is zero.
std::optional<Duration> parse_duration(std::string_view text);
// A plain number of bytes, or a number followed by a unit: "512KiB", "16MiB", "1GB".
std::optional<std::int64_t> parse_size(std::string_view text);

// "use a number followed by ms, s, m, h or d, e.g. 15m"
std::string duration_hint();
// "use a number of bytes, optionally followed by KiB, MiB, GiB, KB, MB or GB, e.g. 16MiB"
std::string size_hint();

// How a type is named in the reference: "duration", "list of URLs", "one of `a`, `b`".
std::string type_name(const TypeSpec& type);
// How a type is named in "expected ..." messages: "a duration", "a list of strings".
std::string expected_value(const TypeSpec& type);
// "`a`, `b` or `c`"
std::string quoted_alternatives(const std::vector<std::string_view>& words);

}  // namespace gleaner::config::schema
