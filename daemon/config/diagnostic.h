// One problem found in a configuration file, positioned like a compiler message so editors can jump
// to it: `config/gleaner.yaml:12:14: sources[0].interval: invalid duration "15 minutes" (...)`.
#pragma once

#include <filesystem>
#include <string>

namespace gleaner::config {

struct Diagnostic {
    std::filesystem::path file;  // as given to load_config
    int line = 0;                // 1-based; 0 when the problem concerns the whole file (cannot read it)
    int column = 0;              // 1-based; 0 with line 0
    std::string key_path;        // e.g. "sources[0].interval"; empty for syntax errors
    std::string message;

    // "file:line:column: key_path: message", leaving out the parts that are unknown.
    std::string to_string() const;

    bool operator==(const Diagnostic&) const = default;
};

}  // namespace gleaner::config
