// `gleaner ctl reload|status`: talks to a running daemon through its control socket, synchronously
// (unlike a signal, `reload` waits until the new configuration is applied or refused and says which).
#include <CLI/CLI.hpp>

#include <iostream>

#include "admin/control_server.h"
#include "cli/commands.h"
#include "config/config_loader.h"

namespace gleaner::cli {
namespace {

// The socket named by --socket, or the one the configuration file says the daemon listens on.
std::filesystem::path socket_path(const std::string& socket, const std::string& config_file) {
    if (!socket.empty()) return socket;
    const auto loaded = config::load_config(config_file, nullptr);
    if (!loaded.ok()) {
        for (const auto& d : loaded.diagnostics) std::cerr << d.to_string() << "\n";
        throw CLI::RuntimeError(2);
    }
    const auto& c = *loaded.config;
    return c.control_socket.empty() ? c.state_dir / "control.sock" : c.control_socket;
}

}  // namespace

void add_ctl_command(CLI::App& app) {
    struct Options {
        std::string config = "/etc/gleaner/gleaner.yaml";
        std::string socket;
        int timeout = 120;
    };
    auto options = std::make_shared<Options>();
    auto* ctl = app.add_subcommand("ctl", "Control a running daemon through its control socket");
    ctl->require_subcommand(1);
    for (const auto& [name, help] : {std::pair<const char*, const char*>{"reload", "Reload the configuration and report the result (exit 1 if refused)"},
                                     {"status", "Print the daemon's status as JSON"}}) {
        auto* cmd = ctl->add_subcommand(name, help);
        cmd->add_option("-c,--config", options->config, "Configuration file of the daemon (to find its socket)")
            ->capture_default_str();
        cmd->add_option("-s,--socket", options->socket, "Control socket path (instead of reading --config)");
        cmd->add_option("--timeout", options->timeout, "Seconds to wait for the answer")->capture_default_str();
        cmd->callback([options, command = std::string(name)] {
            const auto path = socket_path(options->socket, options->config);
            admin::ControlResult result;
            try {
                result = admin::send_control_command(path, command, std::chrono::seconds(options->timeout));
            } catch (const std::exception& e) {
                std::cerr << "gleaner ctl " << command << ": " << e.what() << "\n";
                throw CLI::RuntimeError(2);
            }
            (result.ok ? std::cout : std::cerr) << result.message << "\n";
            if (!result.ok) throw CLI::RuntimeError(1);
        });
    }
}

}  // namespace gleaner::cli
