// What the commands that work on the crawl state share (`dead-letters`, `state forget`): the
// configuration read for its state settings, the running daemon asked first (it owns the state: a
// SQLite store opened beside it would take its claims away), the store opened when none runs.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "admin/control_server.h"
#include "config/config.h"
#include "state/crawl_store.h"

namespace gleaner::cli {

// The configuration (plugin settings not checked: only the state's settings matter here); its
// errors are printed and the command exits 2.
config::Config load_for_state(const std::string& file);
// Exits 2 naming the configured plugins when `name` is not one of them.
void require_plugin(const config::Config& config, const std::string& name);
// The running daemon's answer to `command` on its control socket; nullopt when none answers.
std::optional<admin::ControlResult> ask_daemon(const config::Config& config, const std::string& command);
// Opens the configured store; prints the error and exits 1 when it cannot be opened.
std::unique_ptr<state::CrawlStore> open_state(const config::Config& config);

}  // namespace gleaner::cli
