// `gleaner run --config FILE [--once]`: validates the configuration and runs the daemon.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"
#include "cli/config_loading.h"
#include "service/version.h"
#include "log/log.h"
#include "service/daemon.h"

namespace gleaner::cli {

void add_run_command(CLI::App& app) {
    struct Options {
        std::string config;
        bool once = false;
        std::string log_level;
    };
    auto options = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("run", "Run the daemon: fetch sources on their schedules and deliver articles");
    cmd->add_option("-c,--config", options->config, "Configuration file (YAML)")->required()->check(CLI::ExistingFile);
    cmd->add_flag("--once", options->once,
                  "Do one pass over every source, deliver everything, flush the plugins and exit 0");
    cmd->add_option("--log-level", options->log_level, "Override log.level (trace, debug, info, warn, error)");
    cmd->callback([options] {
        auto loaded = load_config_with_plugins(options->config);
        if (!loaded.ok()) {
            for (const auto& d : loaded.diagnostics) std::cerr << d.to_string() << "\n";
            std::cerr << options->config << ": " << loaded.diagnostics.size()
                      << " error(s); not starting (check with `gleaner check-config`)\n";
            throw CLI::RuntimeError(1);
        }
        auto& config = *loaded.config;
        if (!options->log_level.empty()) config.log.level = options->log_level;
        log::setup(config.log.level, config.log.format);
        log::info("gleaner " + std::string(kVersion), {{"CONFIG", config.file.string()}});
        service::Daemon daemon(std::move(config), {options->once});
        const int status = daemon.run();
        if (status != 0) throw CLI::RuntimeError(status);
    });
}

}  // namespace gleaner::cli
