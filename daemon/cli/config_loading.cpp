#include "cli/config_loading.h"

#include "plugins/plugin_locator.h"
#include "plugins/plugin_schema_provider.h"

namespace gleaner::cli {

config::LoadResult load_config_with_plugins(const std::filesystem::path& file) {
    // The plugin folder is itself a setting of the file: read it first, then validate with it.
    const auto first = config::load_config(file, nullptr);
    const auto plugin_dir = first.config ? first.config->plugin_dir : std::filesystem::path();
    const auto provider = plugins::make_plugin_schema_provider(plugins::plugin_search_path(plugin_dir));
    return config::load_config(file, &provider);
}

}  // namespace gleaner::cli
