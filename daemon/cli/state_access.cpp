#include "cli/state_access.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "config/config_loader.h"

namespace gleaner::cli {

config::Config load_for_state(const std::string& file) {
    auto loaded = config::load_config(file, nullptr);
    if (!loaded.ok()) {
        for (const auto& d : loaded.diagnostics) std::cerr << d.to_string() << "\n";
        throw CLI::RuntimeError(2);
    }
    return std::move(*loaded.config);
}

void require_plugin(const config::Config& config, const std::string& name) {
    std::string names;
    for (const auto& p : config.plugins) {
        if (p.name == name) return;
        names += (names.empty() ? "" : ", ") + p.name;
    }
    std::cerr << "no plugin named \"" << name << "\" in the configuration (plugins: "
              << (names.empty() ? "none" : names) << ")\n";
    throw CLI::RuntimeError(2);
}

std::optional<admin::ControlResult> ask_daemon(const config::Config& config, const std::string& command) {
    const auto socket = config.control_socket.empty() ? config.state_dir / "control.sock" : config.control_socket;
    std::error_code ec;
    if (!std::filesystem::exists(socket, ec)) return std::nullopt;
    try {
        return admin::send_control_command(socket, command, std::chrono::seconds(120));
    } catch (const std::exception&) {
        return std::nullopt;  // a socket file left by a daemon that is gone
    }
}

std::unique_ptr<state::CrawlStore> open_state(const config::Config& config) {
    try {
        return state::open_store({config.state.backend, config.state_dir, config.state.conninfo});
    } catch (const std::exception& e) {
        std::cerr << "cannot open the crawl state: " << e.what() << "\n";
        throw CLI::RuntimeError(1);
    }
}

}  // namespace gleaner::cli
