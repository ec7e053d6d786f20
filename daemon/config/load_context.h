// What every step of loading shares: the diagnostics collected so far, the folder relative paths
// resolve against, the environment for ${VAR}, and the positions of the values read (so checks that
// run after the walk, like duplicate names, can still point at the right line). Internal.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/diagnostic.h"
#include "config/env_expand.h"

namespace gleaner::config {

struct Position {
    int line = 0;  // 1-based
    int column = 0;
};

// Where a node starts in the file (1-based).
Position position_of(const YAML::Node& node);
// Whether `text` is valid UTF-8 (every value ends up in JSON, which must be).
bool is_utf8(const std::string& text);
// "a string", "a list", "a mapping", "nothing": what was found where something else was expected.
std::string describe_node(const YAML::Node& node);

class LoadContext {
public:
    LoadContext(std::filesystem::path file_as_given, std::filesystem::path base_dir, EnvLookup env);

    void error(Position where, std::string key_path, std::string message);

    // The scalar's text with ${VAR} expanded. When the node is not a scalar, or expansion fails,
    // reports it (saying `expected` was wanted) and returns nullopt.
    std::optional<std::string> scalar(const YAML::Node& node, const std::string& key_path,
                                      const std::string& expected);

    // A relative path made absolute against the config file's folder; empty stays empty.
    std::filesystem::path resolve_path(const std::filesystem::path& path) const;
    const std::filesystem::path& base_dir() const { return base_dir_; }

    void remember(const std::string& key_path, Position where) { positions_[key_path] = where; }
    // The remembered position of `key_path`, else of its closest remembered parent.
    Position position(const std::string& key_path) const;
    // True when the file gave `key_path` itself (rightly or not).
    bool given(const std::string& key_path) const { return positions_.count(key_path) > 0; }

    bool has_errors() const { return !diagnostics_.empty(); }
    std::size_t error_count() const { return diagnostics_.size(); }
    // All diagnostics in file order.
    std::vector<Diagnostic> take_diagnostics();

private:
    std::filesystem::path file_;
    std::filesystem::path base_dir_;
    EnvLookup env_;
    std::vector<Diagnostic> diagnostics_;
    std::map<std::string, Position> positions_;
};

}  // namespace gleaner::config
