// `gleaner status [--config FILE]`: what the dashboard shows, as text — every source with its last
// pass, next pass and totals, every plugin with its queue and deliveries, the newest articles. Asks
// the running daemon through its control socket (the same /status document the dashboard reads).
#include <CLI/CLI.hpp>

#include <iostream>

#include "admin/control_server.h"
#include "admin/status_text.h"
#include "cli/commands.h"
#include "config/config_loader.h"

namespace gleaner::cli {

void add_status_command(CLI::App& app) {
    struct Options {
        std::string config = "/etc/gleaner/gleaner.yaml";
        bool json = false;
    };
    auto options = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("status", "Show sources, plugins and the newest articles of the running daemon");
    cmd->add_option("-c,--config", options->config, "Configuration file of the daemon (to find its control socket)")
        ->capture_default_str();
    cmd->add_flag("--json", options->json, "Print the /status document as JSON instead");
    cmd->callback([options] {
        const auto loaded = config::load_config(options->config, nullptr);
        if (!loaded.ok()) {
            for (const auto& d : loaded.diagnostics) std::cerr << d.to_string() << "\n";
            throw CLI::RuntimeError(2);
        }
        const auto& c = *loaded.config;
        const auto socket = c.control_socket.empty() ? c.state_dir / "control.sock" : c.control_socket;
        admin::ControlResult result;
        try {
            result = admin::send_control_command(socket, "status", std::chrono::seconds(30));
        } catch (const std::exception& e) {
            std::cerr << "gleaner status: the daemon does not answer at " << socket.string() << " (" << e.what()
                      << "); is it running with this configuration?\n";
            throw CLI::RuntimeError(1);
        }
        if (!result.ok) {
            std::cerr << result.message << "\n";
            throw CLI::RuntimeError(1);
        }
        std::cout << (options->json ? result.message + "\n" : admin::status_text(result.message));
    });
}

}  // namespace gleaner::cli
