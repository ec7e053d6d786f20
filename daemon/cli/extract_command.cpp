// `gleaner extract` (placeholder until implemented).
#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace gleaner::cli {

void add_extract_command(CLI::App& app) {
    auto* cmd = app.add_subcommand("extract", "not implemented yet");
    cmd->callback([] { throw CLI::RuntimeError("not implemented", 2); });
}

}  // namespace gleaner::cli
