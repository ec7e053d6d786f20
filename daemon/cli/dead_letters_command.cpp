// `gleaner dead-letters list|replay --config FILE [PLUGIN]`: what plugins refused for good, and
// putting it back in their queue once the cause is fixed (a webhook back up, a disk with room again).
// `replay` asks the running daemon through its control socket to do it (so its plugin worker takes
// the articles at once); with no daemon running it opens the crawl state itself.
#include <CLI/CLI.hpp>

#include <chrono>
#include <ctime>
#include <iostream>

#include "admin/control_server.h"
#include "cli/commands.h"
#include "cli/state_access.h"
#include "plugins/dead_letter_file.h"
#include "state/crawl_store.h"

namespace gleaner::cli {
namespace {

std::string iso_time(std::int64_t ms) {
    const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

void list(const config::Config& c, const std::string& plugin) {
    const auto file = plugins::dead_letter_path(c);
    const auto read = plugins::read_dead_letters(file);
    std::size_t shown = 0;
    for (const auto& r : read.records) {
        if (!plugin.empty() && r.plugin != plugin) continue;
        ++shown;
        std::cout << iso_time(r.time_ms) << "  " << r.plugin << "  " << (r.title.empty() ? "(untitled)" : r.title)
                  << "\n    " << (r.url.empty() ? "(no article kept)" : r.url) << "\n    " << r.attempts
                  << " attempt(s): " << r.reason << "\n";
    }
    for (const auto& problem : read.problems) std::cerr << problem << "\n";
    std::cout << shown << " dead-lettered article(s)" << (plugin.empty() ? "" : " of plugin " + plugin) << " in "
              << file.string() << "\n";
}

void replay(const config::Config& c, const std::string& plugin) {
    require_plugin(c, plugin);
    // A running daemon does it itself: it owns the state (and its plugin worker is waiting).
    if (auto answer = ask_daemon(c, "replay " + plugin)) {
        (answer->ok ? std::cout : std::cerr) << answer->message << "\n";
        if (!answer->ok) throw CLI::RuntimeError(1);
        return;
    }
    const auto store = open_state(c);
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    const auto result = plugins::replay_dead_letters(*store, plugins::dead_letter_path(c), plugin, now);
    std::cout << plugins::replay_summary(plugin, result) << "\n";
}

}  // namespace

void add_dead_letters_command(CLI::App& app) {
    struct Options {
        std::string config = "/etc/gleaner/gleaner.yaml";
        std::string plugin;
    };
    auto options = std::make_shared<Options>();
    auto* cmd = app.add_subcommand("dead-letters", "Show or replay the articles plugins refused for good");
    cmd->require_subcommand(1);
    auto* list_cmd = cmd->add_subcommand("list", "List dead-lettered articles (all plugins, or PLUGIN's)");
    auto* replay_cmd = cmd->add_subcommand("replay", "Put PLUGIN's dead-lettered articles back in its queue");
    for (auto* sub : {list_cmd, replay_cmd})
        sub->add_option("-c,--config", options->config, "Configuration file (where the state and the file are)")
            ->capture_default_str();
    list_cmd->add_option("plugin", options->plugin, "Only this plugin instance's articles");
    replay_cmd->add_option("plugin", options->plugin, "The plugin instance (its name in the configuration)")->required();
    list_cmd->callback([options] { list(load_for_state(options->config), options->plugin); });
    replay_cmd->callback([options] { replay(load_for_state(options->config), options->plugin); });
}

}  // namespace gleaner::cli
