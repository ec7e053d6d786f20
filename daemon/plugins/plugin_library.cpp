#include "plugins/plugin_library.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstring>

namespace gleaner::plugins {
namespace {

// The smallest descriptor any 1.x plugin can have: everything up to and including `destroy`.
constexpr std::size_t kMinimumDescriptorSize =
    offsetof(gleaner_plugin_descriptor, destroy) + sizeof(gleaner_plugin_descriptor::destroy);

// gleaner_config_key as ABI 1.0 and 1.1 had it (plugins of those versions give no config_key_size).
constexpr std::size_t kKeySizeBefore12 = offsetof(gleaner_config_key, flags);

std::string version_text(unsigned major, unsigned minor) {
    return std::to_string(major) + "." + std::to_string(minor);
}

}  // namespace

std::shared_ptr<const PluginLibrary> PluginLibrary::open(const std::filesystem::path& file) {
    const std::string where = file.string();
    // RTLD_LOCAL keeps one plugin's symbols from resolving another's; RTLD_NOW surfaces missing
    // dependencies here rather than at the first call.
    void* handle = ::dlopen(where.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) throw PluginLoadError("cannot load plugin " + where + ": " + ::dlerror());
    std::shared_ptr<PluginLibrary> library(new PluginLibrary(file, handle));

    ::dlerror();
    auto entry = reinterpret_cast<gleaner_plugin_entry_fn>(::dlsym(handle, GLEANER_PLUGIN_ENTRY_SYMBOL));
    if (!entry)
        throw PluginLoadError("plugin " + where + " does not export " GLEANER_PLUGIN_ENTRY_SYMBOL
                              " (is it a Gleaner plugin? build it with GLEANER_PLUGIN(...))");
    const gleaner_plugin_descriptor* found = entry();
    if (!found) throw PluginLoadError("plugin " + where + ": " GLEANER_PLUGIN_ENTRY_SYMBOL " returned NULL");
    // Read the version fields first: they are at the same place in every ABI version.
    if (found->struct_size < offsetof(gleaner_plugin_descriptor, abi_minor) + sizeof(found->abi_minor))
        throw PluginLoadError("plugin " + where + ": descriptor too small (" + std::to_string(found->struct_size) +
                              " bytes)");
    if (found->abi_major != GLEANER_ABI_MAJOR)
        throw PluginLoadError("plugin " + where + " was built for plugin ABI " +
                              version_text(found->abi_major, found->abi_minor) + " but this daemon speaks ABI " +
                              version_text(GLEANER_ABI_MAJOR, GLEANER_ABI_MINOR) +
                              "; rebuild the plugin against this version's <gleaner/plugin.h>");
    if (found->struct_size < kMinimumDescriptorSize)
        throw PluginLoadError("plugin " + where + ": descriptor of " + std::to_string(found->struct_size) +
                              " bytes is smaller than ABI " + version_text(GLEANER_ABI_MAJOR, 0) + " requires (" +
                              std::to_string(kMinimumDescriptorSize) + ")");
    // Copy only what the plugin filled in; newer fields it does not know stay zero.
    std::memcpy(&library->descriptor_, found, std::min<std::size_t>(found->struct_size, sizeof(library->descriptor_)));
    const auto& d = library->descriptor_;
    if (!d.name || !*d.name) throw PluginLoadError("plugin " + where + ": descriptor has no name");
    if (!d.create || !d.consume || !d.flush || !d.destroy)
        throw PluginLoadError("plugin " + where + " (" + d.name +
                              "): descriptor lacks a create, consume, flush or destroy callback");
    if (d.config_key_count > 0 && !d.config_keys)
        throw PluginLoadError("plugin " + where + " (" + d.name + "): config_key_count set without config_keys");
    library->key_size_ = d.config_key_size != 0 ? d.config_key_size : kKeySizeBefore12;
    if (library->key_size_ < kKeySizeBefore12)
        throw PluginLoadError("plugin " + where + " (" + d.name + "): config_key_size " +
                              std::to_string(d.config_key_size) + " is smaller than ABI 1.0's key");
    for (std::size_t i = 0; i < d.config_key_count; ++i)
        if (!library->key(d.config_keys, i).name)
            throw PluginLoadError("plugin " + where + " (" + d.name + "): config key " + std::to_string(i) +
                                  " has no name");
    return library;
}

gleaner_config_key PluginLibrary::key(const gleaner_config_key* table, std::size_t index) const {
    gleaner_config_key out{};
    const auto* bytes = reinterpret_cast<const unsigned char*>(table) + index * key_size_;
    std::memcpy(&out, bytes, std::min(key_size_, sizeof(out)));
    return out;
}

PluginLibrary::~PluginLibrary() {
    if (handle_) ::dlclose(handle_);
}

}  // namespace gleaner::plugins
