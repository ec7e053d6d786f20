// One configured plugin instance: the daemon side of the C ABI. Builds the host API table the plugin
// calls back through, creates the instance, and turns each call's outcome (status code, reported
// error, exception) into a CallResult the delivery loop can act on. Calls on one instance must come
// from one thread at a time (delivery gives each instance its own thread).
#pragma once

#include <gleaner/plugin.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include "plugins/plugin_library.h"
#include "plugins/settings_tree.h"

// The opaque handle plugins receive; its layout is the daemon's business only.
struct gleaner_host {
    std::string instance_name;
    std::string plugin_type;
    std::string config_json;
    std::unique_ptr<gleaner::plugins::SettingsTree> settings;  // config_json as a gleaner_value tree
    std::string data_dir;
    std::string reported_error;               // set through report_error during the current call
    std::mutex counters_mutex;
    std::map<std::string, std::uint64_t> counters;
};

namespace gleaner::plugins {

class PluginCreateError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct CallResult {
    gleaner_status status = GLEANER_OK;
    std::string error;  // why, when status is not OK
};

class PluginInstance {
public:
    // Throws PluginCreateError with the plugin's reported reason when create() returns NULL.
    PluginInstance(std::shared_ptr<const PluginLibrary> library, std::string instance_name,
                   std::string config_json, std::filesystem::path data_dir);
    ~PluginInstance();
    PluginInstance(const PluginInstance&) = delete;
    PluginInstance& operator=(const PluginInstance&) = delete;

    CallResult consume(const gleaner_article& article);
    CallResult flush();

    const std::string& name() const { return host_.instance_name; }
    const std::string& type() const { return host_.plugin_type; }
    const PluginLibrary& library() const { return *library_; }
    std::map<std::string, std::uint64_t> counters();

    // The table handed to every plugin (exposed for tests of the ABI itself).
    static const gleaner_host_api& host_api();

private:
    template <typename Call>
    CallResult call(const char* what, Call&& fn);

    std::shared_ptr<const PluginLibrary> library_;
    gleaner_host host_;
    void* instance_ = nullptr;
};

}  // namespace gleaner::plugins
