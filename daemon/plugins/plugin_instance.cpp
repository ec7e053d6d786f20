#include "plugins/plugin_instance.h"

#include "log/log.h"

namespace gleaner::plugins {
namespace {

void host_log(gleaner_host* host, gleaner_log_level level, const char* message) {
    if (!host || !message) return;
    log::Level mapped = log::Level::info;
    switch (level) {
        case GLEANER_LOG_DEBUG: mapped = log::Level::debug; break;
        case GLEANER_LOG_INFO: mapped = log::Level::info; break;
        case GLEANER_LOG_WARN: mapped = log::Level::warn; break;
        case GLEANER_LOG_ERROR: mapped = log::Level::error; break;
    }
    log::write(mapped, message, {{"PLUGIN", host->instance_name}});
}

void host_report_error(gleaner_host* host, const char* message) {
    if (host) host->reported_error = message ? message : "";
}

void host_count(gleaner_host* host, const char* name, uint64_t delta) {
    if (!host || !name) return;
    std::lock_guard lock(host->counters_mutex);
    host->counters[name] += delta;
}

const char* host_config_json(gleaner_host* host) { return host ? host->config_json.c_str() : "{}"; }
const char* host_instance_name(gleaner_host* host) { return host ? host->instance_name.c_str() : ""; }
const char* host_data_dir(gleaner_host* host) { return host ? host->data_dir.c_str() : ""; }
const gleaner_value* host_settings(gleaner_host* host) { return host ? host->settings->root() : nullptr; }

constexpr gleaner_host_api kHostApi = {
    sizeof(gleaner_host_api), GLEANER_ABI_MAJOR,   GLEANER_ABI_MINOR, &host_log,      &host_report_error,
    &host_count,              &host_config_json,   &host_instance_name, &host_data_dir, &host_settings,
};

}  // namespace

const gleaner_host_api& PluginInstance::host_api() { return kHostApi; }

PluginInstance::PluginInstance(std::shared_ptr<const PluginLibrary> library, std::string instance_name,
                               std::string config_json, std::filesystem::path data_dir)
    : library_(std::move(library)) {
    host_.instance_name = std::move(instance_name);
    host_.plugin_type = library_->name();
    host_.config_json = config_json.empty() ? "{}" : std::move(config_json);
    host_.settings = std::make_unique<SettingsTree>(host_.config_json);
    host_.data_dir = data_dir.string();
    std::error_code ec;
    if (!data_dir.empty()) std::filesystem::create_directories(data_dir, ec);
    try {
        instance_ = library_->descriptor().create(&host_, &kHostApi);
    } catch (...) {
        // A plugin that lets an exception escape through the C boundary is broken, but must not take
        // the daemon down with it.
        host_.reported_error = "exception escaped from create()";
    }
    if (!instance_) {
        std::string reason = host_.reported_error.empty() ? "create() returned NULL without a reason"
                                                          : host_.reported_error;
        throw PluginCreateError("plugin " + host_.instance_name + " (" + host_.plugin_type + ", " +
                                library_->file().string() + "): " + reason);
    }
}

PluginInstance::~PluginInstance() {
    try {
        library_->descriptor().destroy(instance_);
    } catch (...) {
        log::error("plugin destroy() threw; ignored", {{"PLUGIN", host_.instance_name}});
    }
}

template <typename Call>
CallResult PluginInstance::call(const char* what, Call&& fn) {
    host_.reported_error.clear();
    int raw = GLEANER_FAIL;
    try {
        raw = static_cast<int>(fn());
    } catch (const std::exception& e) {
        return {GLEANER_FAIL, std::string("exception escaped from ") + what + "(): " + e.what()};
    } catch (...) {
        return {GLEANER_FAIL, std::string("exception escaped from ") + what + "()"};
    }
    switch (raw) {
        case GLEANER_OK: return {GLEANER_OK, {}};
        case GLEANER_RETRY:
        case GLEANER_FAIL: {
            std::string reason = host_.reported_error.empty() ? std::string(what) + "() gave no reason"
                                                              : host_.reported_error;
            return {static_cast<gleaner_status>(raw), std::move(reason)};
        }
        default:
            return {GLEANER_FAIL, std::string(what) + "() returned an invalid status " + std::to_string(raw)};
    }
}

CallResult PluginInstance::consume(const gleaner_article& article) {
    return call("consume", [&] { return library_->descriptor().consume(instance_, &article); });
}

CallResult PluginInstance::flush() {
    return call("flush", [&] { return library_->descriptor().flush(instance_); });
}

std::map<std::string, std::uint64_t> PluginInstance::counters() {
    std::lock_guard lock(host_.counters_mutex);
    return host_.counters;
}

}  // namespace gleaner::plugins
