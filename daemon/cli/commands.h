// The subcommands of the `gleaner` executable. Each lives in its own file and registers itself on the
// CLI11 application; a command reports its exit status by throwing CLI::RuntimeError(status).
#pragma once

namespace CLI {
class App;
}

namespace gleaner::cli {

void add_run_command(CLI::App& app);           // run_command.cpp: the daemon
void add_extract_command(CLI::App& app);       // extract_command.cpp: saved pages → articles
void add_check_config_command(CLI::App& app);  // check_config_command.cpp: validate a config file
void add_ctl_command(CLI::App& app);           // ctl_command.cpp: talk to a running daemon
void add_status_command(CLI::App& app);        // status_command.cpp: the dashboard as text
void add_plugins_command(CLI::App& app);       // plugins_command.cpp: the plugins found and their keys
void add_rules_command(CLI::App& app);         // rules_command.cpp: check site rule files
void add_dead_letters_command(CLI::App& app);  // dead_letters_command.cpp: list and replay refused articles
void add_state_command(CLI::App& app);         // state_command.cpp: forget what was ingested
void add_version_command(CLI::App& app);       // main.cpp

}  // namespace gleaner::cli
