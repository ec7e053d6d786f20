// Entry point of the `gleaner` executable: parses the command line and hands over to a subcommand.
// The daemon itself starts in run_command.cpp.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/command_docs.h"
#include "cli/commands.h"
#include "service/version.h"

namespace gleaner::cli {
namespace {

std::string version_text() {
    return std::string("gleaner ") + kVersion + " (plugin ABI " + kAbiVersion + ")";
}

// The commands an operator types (the hidden generators left out), for "unknown command" messages.
std::vector<std::string> command_names(const CLI::App& app) {
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); }))
        names.push_back(sub->get_name());
    return names;
}

// `gleaner foo`: CLI11 would only say that a subcommand is required. Returns true when argv[1] is a
// word that names no command (options and known commands are left to CLI11).
bool unknown_command(const CLI::App& app, int argc, char** argv) {
    if (argc < 2 || argv[1][0] == '-') return false;
    const std::string word = argv[1];
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
        if (sub->check_name(word)) return false;
    std::cerr << "gleaner: unknown command `" << word << "`\n\nCommands:";
    for (const auto& name : command_names(app)) std::cerr << "\n  " << name;
    std::cerr << "\n\nRun `gleaner COMMAND --help` for a command's options.\n";
    return true;
}

}  // namespace

void add_version_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("version", "Print Gleaner's version and plugin ABI version");
    cmd->callback([] { std::cout << version_text() << "\n"; });
}

}  // namespace gleaner::cli

int main(int argc, char** argv) {
    CLI::App app{"Gleaner: gathers news pages and feeds, extracts clean articles, hands them to plugins.", "gleaner"};
    app.set_version_flag("--version", gleaner::cli::version_text(), "Print the version and plugin ABI version");
    app.require_subcommand(1);
    app.footer("Run `gleaner COMMAND --help` for a command's options; `man gleaner` for all of them.");
    gleaner::cli::add_run_command(app);
    gleaner::cli::add_extract_command(app);
    gleaner::cli::add_check_config_command(app);
    gleaner::cli::add_status_command(app);
    gleaner::cli::add_ctl_command(app);
    gleaner::cli::add_plugins_command(app);
    gleaner::cli::add_rules_command(app);
    gleaner::cli::add_dead_letters_command(app);
    gleaner::cli::add_state_command(app);
    gleaner::cli::add_version_command(app);
    gleaner::cli::add_doc_commands(app);
    if (gleaner::cli::unknown_command(app, argc, argv)) return 2;
    if (argc < 2) {
        std::cerr << app.help();
        return 2;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    return 0;
}
