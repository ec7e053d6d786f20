// Test harness for the built-in plugins: loads a plugin's shared object from the build's plugin folder
// the way the daemon does — its `config:` written as YAML, validated and typed by the daemon's config
// loader against the keys the plugin declares — and hands it articles built from JSON.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "plugins/plugin_instance.h"

namespace gleaner::builtin_test {

// The config loader's diagnostics, one per line, when the YAML does not validate.
class ConfigRejected : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A fresh folder under the system temp dir, removed with everything in it on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// `config_yaml` is the body of the plugin entry's `config:` mapping, e.g. "url: http://x\nbody: summary".
// Throws ConfigRejected when the loader refuses it and plugins::PluginCreateError when create() fails.
std::unique_ptr<plugins::PluginInstance> load_plugin(const std::string& type, const std::string& config_yaml,
                                                     const std::filesystem::path& work_dir);

// The config JSON the plugin receives for `config_yaml` (defaults filled, durations in ms).
nlohmann::json plugin_config_json(const std::string& type, const std::string& config_yaml,
                                  const std::filesystem::path& work_dir);

// What `gleaner check-config` says about `config_yaml` (written at line 5 of the file, indented by 6):
// one ":line:column: key: message" line per problem (the file name left out), "" when it is valid.
std::string config_errors(const std::string& type, const std::string& config_yaml,
                          const std::filesystem::path& work_dir);

// An article as the pipeline spools it (every field set), to adjust before delivery.
nlohmann::json make_article(const std::string& title, const std::string& url, const std::string& text);

// consume() of `article`, with the daemon filter's `matched_terms` (comma separated).
plugins::CallResult deliver(plugins::PluginInstance& plugin, const nlohmann::json& article,
                            const std::string& matched_terms = "");

}  // namespace gleaner::builtin_test
