// Bounds on the work of loading a configuration file, checked before the YAML is turned into a node
// tree. yaml-cpp shares the node behind an alias, but everything that walks the tree afterwards (the
// schema walk, plugin settings as JSON) follows aliases, so ten nested lists of ten aliases each (a
// "billion laughs" file of a few hundred bytes) would expand into 10^10 nodes and exhaust memory.
// The check streams the file's events once, adding up the nodes and scalar bytes every alias stands
// for, and stops at the first alias that would pass a limit. Internal to gleaner_config.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace gleaner::config {

// No real configuration comes near these: thousands of sources are a few hundred thousand nodes.
inline constexpr std::size_t kMaxConfigFileBytes = 16u * 1024 * 1024;
inline constexpr std::size_t kMaxExpandedNodes = 1'000'000;
inline constexpr std::size_t kMaxExpandedScalarBytes = 64u * 1024 * 1024;

struct YamlLimitError {
    int line = 0;  // 1-based, where the limit was passed
    int column = 0;
    std::string message;
};

// Checks the first document of `text` (the one YAML::Load reads). Syntax errors are left to the
// loader, which reports them the usual way: nullopt then too.
std::optional<YamlLimitError> check_yaml_limits(std::string_view text, std::size_t max_nodes = kMaxExpandedNodes,
                                                std::size_t max_scalar_bytes = kMaxExpandedScalarBytes);

}  // namespace gleaner::config
