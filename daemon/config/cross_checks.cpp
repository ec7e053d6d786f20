// Checks across entries (see cross_checks.h). Positions come from the walk (LoadContext::remember).
#include "config/cross_checks.h"

#include <algorithm>
#include <map>
#include <sstream>

#include "config/listen_address.h"
#include "config/suggest.h"

namespace gleaner::config {
namespace {

std::string indexed(const std::string& list, std::size_t i) { return list + "[" + std::to_string(i) + "]"; }

// Reports every name used twice in `names` (entries of `list`, e.g. "sources").
void check_unique_names(const std::vector<std::string>& names, const std::string& list, const std::string& what,
                        LoadContext& context) {
    std::map<std::string, std::size_t> first_index;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i].empty()) {
            continue;  // missing, already reported
        }
        auto [first, inserted] = first_index.emplace(names[i], i);
        if (!inserted) {
            std::string path = indexed(list, i) + ".name";
            int first_line = context.position(indexed(list, first->second) + ".name").line;
            context.error(context.position(path), path,
                          "duplicate " + what + " name \"" + names[i] + "\" (first used at line " +
                              std::to_string(first_line) + ")");
        }
    }
}

void check_plugin_kind(const PluginConfig& plugin, const std::string& entry_path, LoadContext& context) {
    if (plugin.type.empty() && plugin.path.empty()) {
        context.error(context.position(entry_path), entry_path,
                      "missing `type` (a plugin type, e.g. `sqlite`) or `path` (a shared object)");
    } else if (!plugin.type.empty() && !plugin.path.empty()) {
        context.error(context.position(entry_path + ".path"), entry_path + ".path",
                      "give either `type` or `path`, not both");
    } else if (!plugin.type.empty() && !is_plugin_type_name(plugin.type)) {
        context.error(context.position(entry_path + ".type"), entry_path + ".type",
                      "plugin type \"" + plugin.type +
                          "\" is not a plain name (letters, digits, `_` and `-`); name a shared object elsewhere "
                          "with `path:`");
    }
}

void check_filter_sources(const PluginConfig& plugin, const std::string& entry_path,
                          const std::vector<std::string_view>& source_names, LoadContext& context) {
    for (std::size_t j = 0; j < plugin.filter.sources.size(); ++j) {
        const std::string& name = plugin.filter.sources[j];
        if (std::find(source_names.begin(), source_names.end(), name) == source_names.end()) {
            std::string path = indexed(entry_path + ".filter.sources", j);
            context.error(context.position(path), path,
                          "unknown source \"" + name + "\"" + did_you_mean(name, source_names));
        }
    }
}

// An admin endpoint others can reach exposes the daemon's state: only when asked for in so many words.
void check_admin_exposure(const AdminConfig& admin, LoadContext& context) {
    if (admin.listen.empty() || admin.allow_remote) {
        return;
    }
    const auto parsed = parse_listen_address(admin.listen);
    const auto* address = std::get_if<ListenAddress>(&parsed);
    if (address != nullptr && !address->loopback) {
        context.error(context.position("admin.listen"), "admin.listen",
                      "\"" + admin.listen +
                          "\" can be reached from other machines; listen on 127.0.0.1 or localhost, or set "
                          "admin.allow_remote: true (and admin.token) to allow it");
    }
}

// What a source reads: URLs for every type but warc, which reads files. An entry without a type (or
// no mapping at all) has been reported already.
void check_source_inputs(const SourceConfig& source, const std::string& entry_path, LoadContext& context) {
    if (!context.given(entry_path + ".type")) return;
    const bool warc = source.type == SourceType::warc;
    if (!warc && source.urls.empty() && !context.given(entry_path + ".urls"))
        context.error(context.position(entry_path), entry_path + ".urls", "missing required key `urls`");
    if (warc && source.paths.empty() && !context.given(entry_path + ".paths"))
        context.error(context.position(entry_path), entry_path + ".paths",
                      "missing required key `paths` (WARC files or glob patterns)");
    if (warc && !source.urls.empty())
        context.error(context.position(entry_path + ".urls"), entry_path + ".urls",
                      "a warc source reads `paths`, not `urls`");
    if (!warc && !source.paths.empty())
        context.error(context.position(entry_path + ".paths"), entry_path + ".paths",
                      "`paths` is for warc sources; this one reads `urls`");
    if (warc && source.discover)
        context.error(context.position(entry_path + ".discover"), entry_path + ".discover",
                      "a warc source reads files: there are no feeds to discover");
    if (warc && source.render != "never")
        context.error(context.position(entry_path + ".render"), entry_path + ".render",
                      "a warc source's pages are not rendered (the browser would fetch the page's scripts "
                      "from the live site)");
}

}  // namespace

void check_cross_references(const Config& config, LoadContext& context) {
    check_admin_exposure(config.admin, context);

    std::vector<std::string> source_names;
    for (const SourceConfig& source : config.sources) {
        source_names.push_back(source.name);
    }
    check_unique_names(source_names, "sources", "source", context);
    for (std::size_t i = 0; i < config.sources.size(); ++i)
        check_source_inputs(config.sources[i], indexed("sources", i), context);

    std::vector<std::string> plugin_names;
    for (const PluginConfig& plugin : config.plugins) {
        plugin_names.push_back(plugin.name);
    }
    check_unique_names(plugin_names, "plugins", "plugin", context);

    const std::vector<std::string_view> known_sources(source_names.begin(), source_names.end());
    for (std::size_t i = 0; i < config.plugins.size(); ++i) {
        check_plugin_kind(config.plugins[i], indexed("plugins", i), context);
        check_filter_sources(config.plugins[i], indexed("plugins", i), known_sources, context);
    }
    if (config.dedup.near_threshold > 1)
        context.error(context.position("dedup.near_threshold"), "dedup.near_threshold",
                      "a similarity is at most 1, got " + (std::ostringstream() << config.dedup.near_threshold).str());
    if (config.state.backend == "postgres" && config.state.conninfo.empty())
        context.error(context.position("state.backend"), "state.conninfo",
                      "the postgres backend needs `state.conninfo` (a libpq connection string)");
}

}  // namespace gleaner::config
