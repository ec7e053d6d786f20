#include "plugins/plugin_schema_provider.h"

#include "plugins/plugin_library.h"
#include "plugins/plugin_locator.h"

namespace gleaner::plugins {

config::PluginSchemaProvider make_plugin_schema_provider(std::vector<std::filesystem::path> search_path) {
    return [search_path = std::move(search_path)](
               const config::PluginConfig& plugin) -> std::variant<std::vector<config::PluginKeySpec>, std::string> {
        const auto search = search_path.empty() ? plugin_search_path({}) : search_path;
        const auto located = locate_plugin(plugin, search);
        if (!located.file) return located.error;
        std::shared_ptr<const PluginLibrary> library;
        try {
            library = PluginLibrary::open(*located.file);
        } catch (const PluginLoadError& e) {
            return std::string(e.what());
        }
        if (!plugin.type.empty() && plugin.path.empty() && library->name() != plugin.type)
            return "plugin file " + located.file->string() + " declares type \"" + library->name() +
                   "\", not \"" + plugin.type + "\"";
        std::vector<config::PluginKeySpec> keys;
        const auto& d = library->descriptor();
        for (std::size_t i = 0; i < d.config_key_count; ++i) {
            const auto& k = d.config_keys[i];
            config::PluginKeySpec spec;
            spec.name = k.name;
            spec.type = k.type;
            if (k.default_value) spec.default_yaml = k.default_value;
            spec.required = k.required != 0;
            spec.description = k.description ? k.description : "";
            keys.push_back(std::move(spec));
        }
        return keys;
    };
}

}  // namespace gleaner::plugins
