// Reload support: works out which plugin instances a new configuration adds, changes or removes, and
// creates the new instances up front (off the event loop), so a reload either applies completely or
// not at all.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "config/config.h"
#include "plugins/plugin_instance.h"

namespace gleaner::service {

struct PluginChanges {
    std::vector<std::string> removed;  // instances no longer configured
    // New or reconfigured instances, already created; a reconfigured one replaces the running one.
    std::vector<std::pair<config::PluginConfig, std::unique_ptr<plugins::PluginInstance>>> started;
};

// Throws (PluginLoadError, PluginCreateError) when a new instance cannot be created; nothing is
// applied then.
PluginChanges prepare_plugin_changes(const config::Config& current, const config::Config& next,
                                     const std::vector<std::filesystem::path>& search_path);

// True when two entries would behave the same (same code, settings, filter and delivery tuning).
bool same_plugin_settings(const config::PluginConfig& a, const config::PluginConfig& b);

}  // namespace gleaner::service
