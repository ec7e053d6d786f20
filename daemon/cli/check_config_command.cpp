// `gleaner check-config FILE`: validates a configuration (plugin settings included) without running
// anything; prints every problem as file:line:column and exits 1, or confirms and exits 0.
// `gleaner config-reference` prints the reference of every setting (generated from the schema).
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"
#include "cli/config_loading.h"
#include "config/config_reference.h"

namespace gleaner::cli {

void add_check_config_command(CLI::App& app) {
    auto file = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("check-config", "Validate a configuration file and report every error");
    cmd->add_option("FILE", *file, "Configuration file (YAML)")->required();
    cmd->callback([file] {
        const auto loaded = load_config_with_plugins(*file);
        if (!loaded.ok()) {
            for (const auto& d : loaded.diagnostics) std::cout << d.to_string() << "\n";
            std::cout << *file << ": " << loaded.diagnostics.size() << " error(s)\n";
            throw CLI::RuntimeError(1);
        }
        const auto& config = *loaded.config;
        std::cout << *file << ": OK (" << config.sources.size() << " source(s), " << config.plugins.size()
                  << " plugin(s), state in " << config.state_dir.string() << ")\n";
    });

    auto* reference = app.add_subcommand("config-reference", "Print the reference of every configuration setting (Markdown)");
    reference->callback([] { std::cout << config::config_reference_markdown(); });
}

}  // namespace gleaner::cli
