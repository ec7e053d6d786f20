// `gleaner plugins [--config FILE]`: the plugins found in the search path (the configuration's
// plugin_dir first, when given), each with its version, ABI, file, description and every key it
// declares — the reference of the `config:` mapping of each plugin type.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"
#include "config/config_loader.h"
#include "config/plugin_key_reference.h"
#include "plugins/plugin_locator.h"
#include "plugins/plugin_schema_provider.h"

namespace gleaner::cli {
namespace {

void describe(const std::filesystem::path& file, std::ostream& out) {
    const auto library = plugins::PluginLibrary::open(file);
    const auto& d = library->descriptor();
    out << library->name() << ' ' << (d.version ? d.version : "?") << " (plugin ABI " << d.abi_major << '.'
        << d.abi_minor << ")\n  " << (d.description ? d.description : "") << "\n  file: " << file.string() << '\n';
    const auto keys = plugins::declared_keys(*library);
    if (keys.empty()) {
        out << "  takes no settings\n";
    } else {
        out << "  config:\n" << config::plugin_keys_text(keys, 4);
    }
}

}  // namespace

void add_plugins_command(CLI::App& app) {
    auto config = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("plugins", "List the plugins found, with every setting each one takes");
    cmd->add_option("-c,--config", *config, "Configuration file whose plugin_dir is searched too")
        ->check(CLI::ExistingFile);
    cmd->callback([config] {
        std::filesystem::path plugin_dir;
        if (!config->empty()) {
            const auto loaded = config::load_config(*config, nullptr);
            if (loaded.config) plugin_dir = loaded.config->plugin_dir;
        }
        const auto search = plugins::plugin_search_path(plugin_dir);
        const auto types = plugins::available_plugin_types(search);
        if (types.empty()) {
            std::cerr << "no plugins found; searched:";
            for (const auto& dir : search) std::cerr << ' ' << dir.string();
            std::cerr << "\n";
            throw CLI::RuntimeError(1);
        }
        bool first = true;
        int broken = 0;
        for (const auto& type : types) {
            config::PluginConfig entry;
            entry.type = type;
            const auto located = plugins::locate_plugin(entry, search);
            if (!first) std::cout << '\n';
            first = false;
            try {
                if (!located.file) throw plugins::PluginLoadError(located.error);
                describe(*located.file, std::cout);
            } catch (const plugins::PluginLoadError& e) {
                std::cout << type << ": cannot be loaded: " << e.what() << '\n';
                ++broken;
            }
        }
        if (broken > 0) throw CLI::RuntimeError(1);
    });
}

}  // namespace gleaner::cli
