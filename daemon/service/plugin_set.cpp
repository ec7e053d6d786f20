#include "service/plugin_set.h"

#include <map>

#include "plugins/delivery.h"

namespace gleaner::service {

bool same_plugin_settings(const config::PluginConfig& a, const config::PluginConfig& b) {
    const auto& fa = a.filter;
    const auto& fb = b.filter;
    return a.type == b.type && a.path == b.path && a.config_json == b.config_json && a.batch_size == b.batch_size &&
           a.queue_capacity == b.queue_capacity && a.retry.max_attempts == b.retry.max_attempts &&
           a.retry.base_delay == b.retry.base_delay && a.retry.max_delay == b.retry.max_delay &&
           fa.sources == fb.sources && fa.languages == fb.languages && fa.min_words == fb.min_words &&
           fa.keywords == fb.keywords && fa.patterns == fb.patterns && fa.exclude_keywords == fb.exclude_keywords &&
           fa.exclude_patterns == fb.exclude_patterns;
}

PluginChanges prepare_plugin_changes(const config::Config& current, const config::Config& next,
                                     const std::vector<std::filesystem::path>& search_path) {
    std::map<std::string, const config::PluginConfig*> running;
    for (const auto& p : current.plugins) running[p.name] = &p;
    PluginChanges changes;
    for (const auto& p : next.plugins) {
        auto it = running.find(p.name);
        const bool unchanged = it != running.end() && same_plugin_settings(*it->second, p) &&
                               current.state_dir == next.state_dir;
        if (it != running.end()) running.erase(it);
        if (unchanged) continue;
        changes.started.emplace_back(p, plugins::create_plugin_instance(p, search_path, next.state_dir));
    }
    for (const auto& [name, config] : running) changes.removed.push_back(name);
    return changes;
}

}  // namespace gleaner::service
