// load_config: reads the file, parses the YAML, walks it against the schema, then runs the checks that
// span entries and the plugin settings. Every step keeps going after an error so that one run of
// `gleaner check-config` lists every problem.
#include "config/config_loader.h"

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <system_error>

#include <yaml-cpp/yaml.h>

#include "config/cross_checks.h"
#include "config/load_context.h"
#include "config/plugin_settings.h"
#include "config/schema_walker.h"
#include "config/yaml_limits.h"

namespace gleaner::config {
namespace {

std::optional<std::string> environment_variable(const std::string& name) {
    const char* value = std::getenv(name.c_str());
    return value != nullptr ? std::optional<std::string>(value) : std::nullopt;
}

std::optional<std::string> read_file(const std::filesystem::path& path, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot read the file: " + std::generic_category().message(errno);
        return std::nullopt;
    }
    // Read at most one byte more than allowed: enough to tell that the file is too large.
    std::string text(kMaxConfigFileBytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (in.bad()) {
        error = "cannot read the file: " + std::generic_category().message(errno);
        return std::nullopt;
    }
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;  // one byte too many is reported by load_config_text
}

}  // namespace

LoadResult load_config(const std::filesystem::path& file, const PluginSchemaProvider* plugins) {
    const std::filesystem::path absolute = std::filesystem::absolute(file).lexically_normal();
    std::string read_error;
    std::optional<std::string> text = read_file(absolute, read_error);
    if (!text) {
        LoadContext context(file, absolute.parent_path(), environment_variable);
        context.error({}, "", read_error);
        return {std::nullopt, context.take_diagnostics()};
    }
    return load_config_text(*text, file, plugins);
}

LoadResult load_config_text(std::string_view text, const std::filesystem::path& file,
                            const PluginSchemaProvider* plugins) {
    const std::filesystem::path absolute = std::filesystem::absolute(file).lexically_normal();
    LoadContext context(file, absolute.parent_path(), environment_variable);
    LoadResult result;
    if (text.size() > kMaxConfigFileBytes) {
        context.error({}, "", "the file is larger than " + std::to_string(kMaxConfigFileBytes / (1024 * 1024)) +
                                  " MiB; not a configuration file");
        result.diagnostics = context.take_diagnostics();
        return result;
    }
    if (const auto passed = check_yaml_limits(text)) {
        context.error({passed->line, passed->column}, "", passed->message);
        result.diagnostics = context.take_diagnostics();
        return result;
    }
    YAML::Node root;
    try {
        root = YAML::Load(std::string(text));
    } catch (const YAML::Exception& error) {
        context.error({error.mark.line + 1, error.mark.column + 1}, "", "YAML syntax error: " + error.msg);
        result.diagnostics = context.take_diagnostics();
        return result;
    }

    Config config;
    config.file = absolute;
    schema::walk_table(root, schema::config_table(), &config, "", Position{1, 1}, context);
    check_cross_references(config, context);
    const YAML::Node& document = root;  // const: operator[] must not add the key when it is missing
    read_plugin_settings(document.IsMap() && document["plugins"] ? document["plugins"] : YAML::Node(), config,
                         plugins, context);

    result.diagnostics = context.take_diagnostics();
    if (result.diagnostics.empty()) {
        result.config = std::move(config);
    }
    return result;
}

}  // namespace gleaner::config
