// A plugin shared object opened with dlopen: checks the entry symbol, the descriptor's size and ABI
// version before anything else is used, and keeps the object loaded while anybody holds it.
#pragma once

#include <gleaner/plugin.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

namespace gleaner::plugins {

class PluginLoadError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class PluginLibrary {
public:
    // Throws PluginLoadError naming the file: cannot open, missing entry symbol, NULL or truncated
    // descriptor, other ABI major version, missing callbacks.
    static std::shared_ptr<const PluginLibrary> open(const std::filesystem::path& file);
    ~PluginLibrary();
    PluginLibrary(const PluginLibrary&) = delete;
    PluginLibrary& operator=(const PluginLibrary&) = delete;

    const std::filesystem::path& file() const { return file_; }
    // The plugin's descriptor as this daemon knows it: fields the plugin did not have are zero.
    const gleaner_plugin_descriptor& descriptor() const { return descriptor_; }
    std::string name() const { return descriptor_.name ? descriptor_.name : ""; }
    // Entry `index` of a key table of this plugin (the descriptor's, or a key's nested `keys`), read
    // with the plugin's stride; fields its ABI version did not have are zero.
    gleaner_config_key key(const gleaner_config_key* table, std::size_t index) const;

private:
    PluginLibrary(std::filesystem::path file, void* handle) : file_(std::move(file)), handle_(handle) {}

    std::filesystem::path file_;
    void* handle_ = nullptr;
    gleaner_plugin_descriptor descriptor_{};
    std::size_t key_size_ = 0;  // sizeof(gleaner_config_key) as the plugin was compiled
};

}  // namespace gleaner::plugins
