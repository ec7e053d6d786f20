// `gleaner run` (placeholder until implemented).
#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace gleaner::cli {

void add_run_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("run", "not implemented yet");
    cmd->callback([] { throw CLI::RuntimeError("not implemented", 2); });
}

}  // namespace gleaner::cli
