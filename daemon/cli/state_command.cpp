// `gleaner state forget --config FILE [--source NAME]`: makes the crawl state forget what it ingested
// (for one source, or all), so the next run fetches and delivers those articles again — after the
// articles were deleted downstream (var/articles.db removed), or a plugin added that should get the
// old ones too. The daemon must be stopped: it owns the state while it runs.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"
#include "cli/state_access.h"
#include "state/crawl_store.h"

namespace gleaner::cli {

void add_state_command(CLI::App& app) {
    struct Options {
        std::string config = "/etc/gleaner/gleaner.yaml";
        std::string source;
    };
    auto options = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("state", "Work on the crawl state of a stopped daemon");
    cmd->require_subcommand(1);
    auto* forget = cmd->add_subcommand(
        "forget", "Forget the articles ingested (all sources, or --source's) so that the next run ingests them again");
    forget->add_option("-c,--config", options->config, "Configuration file (where the state is)")->capture_default_str();
    forget->add_option("-s,--source", options->source, "Only this source");
    forget->callback([options] {
        const auto c = load_for_state(options->config);
        if (!options->source.empty()) {
            bool known = false;
            for (const auto& s : c.sources) known = known || s.name == options->source;
            if (!known) std::cerr << "note: no source named \"" << options->source << "\" in the configuration\n";
        }
        if (ask_daemon(c, "status")) {
            std::cerr << "gleaner state forget: a daemon is running on this state; stop it first "
                         "(systemctl stop gleaner), then run this again\n";
            throw CLI::RuntimeError(1);
        }
        const auto store = open_state(c);
        const auto forgotten = store->forget(options->source);
        std::cout << "forgot " << forgotten << " article URL(s)"
                  << (options->source.empty() ? " of every source" : " of source " + options->source)
                  << "; the next run fetches and delivers them again\n";
    });
}

}  // namespace gleaner::cli
