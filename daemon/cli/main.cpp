// Entry point of the `gleaner` executable: parses the command line and hands over to a subcommand.
// The daemon itself starts in run_command.cpp.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"
#include "service/version.h"

namespace gleaner::cli {

void add_version_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("version", "Print Gleaner's version and plugin ABI version");
    cmd->callback([] {
        std::cout << "gleaner " << kVersion << " (plugin ABI " << kAbiVersion << ")\n";
    });
}

}  // namespace gleaner::cli

int main(int argc, char** argv) {
    CLI::App app{"Gleaner: gathers news pages and feeds, extracts clean articles, hands them to plugins."};
    app.require_subcommand(1);
    gleaner::cli::add_run_command(app);
    gleaner::cli::add_extract_command(app);
    gleaner::cli::add_check_config_command(app);
    gleaner::cli::add_ctl_command(app);
    gleaner::cli::add_plugins_command(app);
    gleaner::cli::add_rules_command(app);
    gleaner::cli::add_version_command(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    return 0;
}
