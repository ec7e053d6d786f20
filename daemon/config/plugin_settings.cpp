// Plugin settings: each entry's `config:` mapping read against its plugin's declared keys, then
// handed to the plugin's own check (see plugin_settings.h).
#include "config/plugin_settings.h"

#include <nlohmann/json.hpp>

#include "config/plugin_settings_reader.h"
#include "config/yaml_json.h"

namespace gleaner::config {
namespace {

std::string kind_name(const PluginConfig& plugin) {
    return plugin.type.empty() ? plugin.path.filename().string() : plugin.type;
}

// Where a problem with the plugin itself (unknown type, unloadable .so) is shown.
std::string kind_key(const PluginConfig& plugin, const std::string& entry_path) {
    return entry_path + (plugin.path.empty() ? ".type" : ".path");
}

void read_untyped(PluginConfig& plugin, const YAML::Node& settings, const std::string& entry_path,
                  LoadContext& context) {
    if (settings.IsNull()) {
        plugin.config_json = "{}";
    } else if (std::optional<nlohmann::json> json = yaml_to_json(settings, context, entry_path + ".config")) {
        plugin.config_json = json->dump();
    }
}

// The plugin's own check over its typed settings; each problem at the key it names.
void run_plugin_check(const PluginCheck& check, const PluginConfig& plugin, const std::string& config_path,
                      LoadContext& context) {
    std::vector<PluginProblem> problems;
    try {
        problems = check(plugin.config_json);
    } catch (const std::exception& error) {
        problems.push_back({"", std::string("the plugin's check failed: ") + error.what()});
    }
    for (const PluginProblem& problem : problems) {
        std::string key_path = config_path;
        if (!problem.key.empty()) key_path += (problem.key.front() == '[' ? "" : ".") + problem.key;
        context.error(context.position(key_path), key_path, problem.message);
    }
}

}  // namespace

void read_plugin_settings(const YAML::Node& plugins_node, Config& config, const PluginSchemaProvider* provider,
                          LoadContext& context) {
    for (std::size_t i = 0; i < config.plugins.size(); ++i) {
        PluginConfig& plugin = config.plugins[i];
        const std::string entry_path = "plugins[" + std::to_string(i) + "]";
        const std::string config_path = entry_path + ".config";
        const YAML::Node entry = plugins_node.IsSequence() ? plugins_node[i] : YAML::Node();
        // A missing key gives an invalid node that throws when asked its type: use an empty one instead.
        const YAML::Node settings = entry.IsMap() && entry["config"] ? entry["config"] : YAML::Node();
        const Position at = settings.IsNull() ? position_of(entry) : position_of(settings);
        plugin.config_line = at.line;
        plugin.config_column = at.column;
        if (!settings.IsNull() && !settings.IsMap()) {
            continue;  // reported by the walk
        }
        // A plugin without exactly one of type and path, or with a type that is no plain name, was
        // reported and is not looked up.
        const bool bad_type = !plugin.type.empty() && !is_plugin_type_name(plugin.type);
        if (provider == nullptr || plugin.type.empty() == plugin.path.empty() || bad_type) {
            read_untyped(plugin, settings, entry_path, context);
            continue;
        }
        std::variant<PluginSchema, std::string> schema;
        try {
            schema = (*provider)(plugin);
        } catch (const std::exception& error) {  // a provider should return its message; be safe anyway
            schema = std::string(error.what());
        }
        if (auto* problem = std::get_if<std::string>(&schema)) {
            const std::string key_path = kind_key(plugin, entry_path);
            context.error(context.position(key_path), key_path, *problem);
            continue;
        }
        const PluginSchema& declared = std::get<PluginSchema>(schema);
        context.remember(config_path, at);
        const std::size_t errors_before = context.error_count();
        PluginSettingsReader reader(context, kind_name(plugin));
        plugin.config_json = reader.read_object(settings, declared.keys, config_path, at).dump();
        // The plugin's check sees only settings that passed their types.
        if (declared.check && context.error_count() == errors_before) {
            run_plugin_check(declared.check, plugin, config_path, context);
        }
    }
}

}  // namespace gleaner::config
