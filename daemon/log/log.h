// Logging for the whole daemon: spdlog underneath, with structured fields (SOURCE, URL, PLUGIN, ERROR,
// HTTP_STATUS, ...) that each output renders its own way: key=value after the message on a terminal,
// keys of a JSON object in JSON-lines mode, and journal fields under systemd (so
// `journalctl -u gleaner SOURCE=demo` works).
//
//   log::info("stored article", {{"SOURCE", source}, {"URL", url}});
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gleaner::log {

enum class Level { trace, debug, info, warn, error, critical };

// A structured field. Keys are upper-case journal field names; other outputs lower-case them.
using Field = std::pair<std::string_view, std::string>;
using Fields = std::initializer_list<Field>;

enum class Output { automatic, text, json, journal };

// Configures the process-wide logger. `automatic` picks the journal when stderr is connected to it
// (systemd sets JOURNAL_STREAM), else `format` ("text" or "json").
void setup(std::string_view level, std::string_view format, Output output = Output::automatic);
// Changes the level at run time (reload). Returns false for an unknown level name.
bool set_level(std::string_view level);
bool parse_level(std::string_view name, Level& out);

void write(Level level, std::string_view message, Fields fields = {});
inline void trace(std::string_view m, Fields f = {}) { write(Level::trace, m, f); }
inline void debug(std::string_view m, Fields f = {}) { write(Level::debug, m, f); }
inline void info(std::string_view m, Fields f = {}) { write(Level::info, m, f); }
inline void warn(std::string_view m, Fields f = {}) { write(Level::warn, m, f); }
inline void error(std::string_view m, Fields f = {}) { write(Level::error, m, f); }
inline void critical(std::string_view m, Fields f = {}) { write(Level::critical, m, f); }
bool enabled(Level level);

}  // namespace gleaner::log
