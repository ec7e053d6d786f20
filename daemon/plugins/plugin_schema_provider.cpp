// Reading a plugin's declared keys and running its check callback (see plugin_schema_provider.h).
#include "plugins/plugin_schema_provider.h"

#include "plugins/plugin_locator.h"
#include "plugins/settings_tree.h"

namespace gleaner::plugins {
namespace {

constexpr int kMaxNesting = 8;  // a key table pointing back at itself must not loop forever

std::vector<config::PluginKeySpec> read_keys(const PluginLibrary& library, const gleaner_config_key* table,
                                             std::size_t count, int depth) {
    if (depth > kMaxNesting)
        throw PluginLoadError("plugin " + library.file().string() + ": config keys nest deeper than " +
                              std::to_string(kMaxNesting) + " levels");
    std::vector<config::PluginKeySpec> keys;
    for (std::size_t i = 0; i < count; ++i) {
        const gleaner_config_key k = library.key(table, i);
        if (!k.name)
            throw PluginLoadError("plugin " + library.file().string() + ": a nested config key has no name");
        config::PluginKeySpec spec;
        spec.name = k.name;
        spec.type = k.type;
        if (k.default_value) spec.default_yaml = k.default_value;
        spec.required = k.required != 0;
        spec.description = k.description ? k.description : "";
        spec.flags = k.flags;
        spec.item_type = k.item_type != 0 ? k.item_type : GLEANER_CONFIG_STRING;
        for (const char* const* c = k.choices; c && *c; ++c) spec.choices.emplace_back(*c);
        if (k.keys && k.key_count > 0) spec.keys = read_keys(library, k.keys, k.key_count, depth + 1);
        if (k.flags & GLEANER_KEY_MIN) spec.min = k.min;
        if (k.flags & GLEANER_KEY_MAX) spec.max = k.max;
        if (k.exclusive_group) spec.exclusive_group = k.exclusive_group;
        keys.push_back(std::move(spec));
    }
    return keys;
}

// The plugin's check callback over settings JSON, keeping the library loaded while it may be called.
config::PluginCheck check_of(std::shared_ptr<const PluginLibrary> library) {
    if (!library->descriptor().check) return {};
    return [library](const std::string& settings_json) {
        std::vector<config::PluginProblem> problems;
        const SettingsTree tree(settings_json);
        auto report = [](void* context, const char* key, const char* message) {
            static_cast<std::vector<config::PluginProblem>*>(context)->push_back(
                {key ? key : "", message ? message : "(no message)"});
        };
        try {
            library->descriptor().check(tree.root(), report, &problems);
        } catch (...) {  // a plugin that lets an exception escape the C boundary
            problems.push_back({"", "the plugin's check() threw"});
        }
        return problems;
    };
}

}  // namespace

std::vector<config::PluginKeySpec> declared_keys(const PluginLibrary& library) {
    const auto& d = library.descriptor();
    return read_keys(library, d.config_keys, d.config_key_count, 0);
}

config::PluginSchemaProvider make_plugin_schema_provider(std::vector<std::filesystem::path> search_path) {
    return [search_path = std::move(search_path)](
               const config::PluginConfig& plugin) -> std::variant<config::PluginSchema, std::string> {
        const auto search = search_path.empty() ? plugin_search_path({}) : search_path;
        const auto located = locate_plugin(plugin, search);
        if (!located.file) return located.error;
        std::shared_ptr<const PluginLibrary> library;
        try {
            library = PluginLibrary::open(*located.file);
            if (!plugin.type.empty() && plugin.path.empty() && library->name() != plugin.type)
                return "plugin file " + located.file->string() + " declares type \"" + library->name() +
                       "\", not \"" + plugin.type + "\"";
            return config::PluginSchema(declared_keys(*library), check_of(library));
        } catch (const PluginLoadError& e) {
            return std::string(e.what());
        }
    };
}

}  // namespace gleaner::plugins
