#include "plugins/plugin_locator.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>

namespace gleaner::plugins {
namespace {

constexpr const char* kPrefix = "gleaner_";
constexpr const char* kSuffix = ".so";

std::filesystem::path executable_dir() {
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path() : exe.parent_path();
}

}  // namespace

std::vector<std::filesystem::path> plugin_search_path(const std::filesystem::path& config_plugin_dir) {
    std::vector<std::filesystem::path> dirs;
    if (!config_plugin_dir.empty()) dirs.push_back(config_plugin_dir);
    if (const char* env = std::getenv("GLEANER_PLUGIN_PATH")) {
        std::stringstream list(env);
        for (std::string dir; std::getline(list, dir, ':');)
            if (!dir.empty()) dirs.emplace_back(dir);
    }
    if (auto exe = executable_dir(); !exe.empty()) {
        dirs.push_back(exe / "plugins");                              // build tree: build/plugins
        dirs.push_back(exe.parent_path() / "lib" / "gleaner" / "plugins");  // installed: /usr/lib/gleaner/plugins
        dirs.push_back(exe.parent_path() / "lib" / "x86_64-linux-gnu" / "gleaner" / "plugins");
    }
    return dirs;
}

LocatedPlugin locate_plugin(const config::PluginConfig& plugin, const std::vector<std::filesystem::path>& search) {
    if (!plugin.path.empty()) {
        if (std::filesystem::exists(plugin.path)) return {plugin.path, {}};
        return {std::nullopt, "plugin file " + plugin.path.string() + " does not exist"};
    }
    // Checked here too, not only by the configuration loader: dlopen runs the file's constructors.
    if (!config::is_plugin_type_name(plugin.type))
        return {std::nullopt, "plugin type \"" + plugin.type +
                                  "\" is not a plain name (letters, digits, `_` and `-`); use `path:` for a file"};
    const std::string file = kPrefix + plugin.type + kSuffix;
    for (const auto& dir : search) {
        auto candidate = dir / file;
        if (std::filesystem::exists(candidate)) return {candidate, {}};
    }
    std::string message = "unknown plugin type \"" + plugin.type + "\"";
    auto known = available_plugin_types(search);
    if (!known.empty()) {
        message += " (available: ";
        for (std::size_t i = 0; i < known.size(); ++i) message += (i ? ", " : "") + known[i];
        message += ")";
    } else {
        message += " (no plugins found in the plugin search path)";
    }
    return {std::nullopt, message};
}

std::vector<std::string> available_plugin_types(const std::vector<std::filesystem::path>& search) {
    std::vector<std::string> types;
    for (const auto& dir : search) {
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
            const std::string name = entry.path().filename().string();
            if (name.rfind(kPrefix, 0) == 0 && name.size() > 11 && name.ends_with(kSuffix))
                types.push_back(name.substr(8, name.size() - 8 - 3));
        }
    }
    std::sort(types.begin(), types.end());
    types.erase(std::unique(types.begin(), types.end()), types.end());
    return types;
}

}  // namespace gleaner::plugins
