// Reads one plugin's `config:` mapping against the keys its plugin declares, down through nested
// mappings and lists: unknown, missing, duplicate and mistyped keys, values out of their bounds, paths
// whose folder is missing, URLs, RE2 patterns, templates with unknown placeholders, items that must be
// unique, groups of keys of which exactly one is given. Every problem is reported at its position;
// the result is the JSON the plugin receives (defaults filled, paths absolute, durations in ms, sizes
// in bytes). Internal to gleaner_config.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "config/load_context.h"
#include "config/plugin_schema.h"

namespace gleaner::config {

class PluginSettingsReader {
public:
    // `plugin_kind` names the plugin in messages about its declarations ("sqlite", "custom.so").
    PluginSettingsReader(LoadContext& context, std::string plugin_kind)
        : context_(context), plugin_kind_(std::move(plugin_kind)) {}

    // The mapping `node` (a null node is an empty mapping) at `path`; `at` is where problems with the
    // mapping as a whole (a missing required key) are shown.
    nlohmann::json read_object(const YAML::Node& node, const std::vector<PluginKeySpec>& keys, const std::string& path,
                               Position at);

private:
    std::optional<nlohmann::json> read_value(const YAML::Node& node, const PluginKeySpec& spec,
                                             gleaner_config_type type, const std::string& path);
    std::optional<nlohmann::json> read_scalar(const YAML::Node& node, const PluginKeySpec& spec,
                                              gleaner_config_type type, const std::string& path);
    std::optional<nlohmann::json> read_list(const YAML::Node& node, const PluginKeySpec& spec, const std::string& path);
    std::optional<nlohmann::json> read_map(const YAML::Node& node, const PluginKeySpec& spec, const std::string& path);
    // The problem with a scalar's text beyond its type (bounds, existence, URL, regex, template), or "".
    std::string check_text(const std::string& text, const PluginKeySpec& spec, gleaner_config_type type) const;
    void apply_default(const PluginKeySpec& key, nlohmann::json& object, const std::string& path, Position at);
    void check_groups(const std::vector<PluginKeySpec>& keys, const nlohmann::json& object, const std::string& path,
                      Position at);
    void check_unique(const YAML::Node& list, const PluginKeySpec& spec, const nlohmann::json& items,
                      const std::string& path);

    LoadContext& context_;
    const std::string plugin_kind_;
};

}  // namespace gleaner::config
