// Plugin settings: validation against the plugin's declared keys and conversion to JSON
// (see plugin_settings.h).
#include "config/plugin_settings.h"

#include <algorithm>
#include <array>

#include <nlohmann/json.hpp>

#include "config/schema.h"
#include "config/suggest.h"
#include "config/value_reader.h"
#include "config/value_syntax.h"
#include "config/yaml_json.h"

namespace gleaner::config {
namespace {

using schema::Kind;
using schema::TypeSpec;

// How each ABI key type is read; types not listed (newer than this daemon) are kept as written.
struct AbiType {
    gleaner_config_type abi;
    TypeSpec spec;
};
const std::array kAbiTypes{
    AbiType{GLEANER_CONFIG_STRING, schema::kString},
    AbiType{GLEANER_CONFIG_INT, TypeSpec{Kind::kInt, schema::Bound::kAny, {}, std::numeric_limits<std::int64_t>::max()}},
    AbiType{GLEANER_CONFIG_BOOL, schema::kBool},
    AbiType{GLEANER_CONFIG_DURATION, schema::kDuration},
    AbiType{GLEANER_CONFIG_PATH, schema::kPath},
    AbiType{GLEANER_CONFIG_STRING_LIST, schema::kStringList},
    AbiType{GLEANER_CONFIG_STRING_MAP, schema::kStringMap},
    AbiType{GLEANER_CONFIG_FLOAT, TypeSpec{Kind::kFloat}},
    AbiType{GLEANER_CONFIG_ANY, TypeSpec{Kind::kAny}},
};

const TypeSpec& spec_for(gleaner_config_type abi) {
    auto found = std::find_if(kAbiTypes.begin(), kAbiTypes.end(), [&](const AbiType& t) { return t.abi == abi; });
    return found != kAbiTypes.end() ? found->spec : kAbiTypes.back().spec;
}

// The JSON the plugin receives for a typed value: durations as integer milliseconds.
nlohmann::json to_json(schema::Value&& value) {
    return std::visit(
        [](auto&& held) -> nlohmann::json {
            using Held = std::decay_t<decltype(held)>;
            if constexpr (std::is_same_v<Held, Duration>) {
                return held.count();
            } else {
                return std::move(held);
            }
        },
        std::move(value));
}

std::optional<nlohmann::json> read_setting(const YAML::Node& node, gleaner_config_type abi, LoadContext& context,
                                           const std::string& key_path) {
    const TypeSpec& spec = spec_for(abi);
    if (spec.kind == Kind::kAny) {
        return yaml_to_json(node, context, key_path);
    }
    std::optional<schema::Value> value = schema::read_value(node, spec, context, key_path);
    return value ? std::optional(to_json(std::move(*value))) : std::nullopt;
}

class PluginSettingsReader {
public:
    PluginSettingsReader(PluginConfig& plugin, std::string entry_path, LoadContext& context)
        : plugin_(plugin), entry_path_(std::move(entry_path)), context_(context) {}

    void read_typed(const YAML::Node& settings, const std::vector<PluginKeySpec>& keys);
    void read_untyped(const YAML::Node& settings);

private:
    void apply_default(const PluginKeySpec& key, nlohmann::json& object);
    std::string kind_name() const { return plugin_.type.empty() ? plugin_.path.filename().string() : plugin_.type; }

    PluginConfig& plugin_;
    const std::string entry_path_;
    LoadContext& context_;
};

void PluginSettingsReader::read_untyped(const YAML::Node& settings) {
    if (settings.IsNull()) {
        plugin_.config_json = "{}";
    } else if (std::optional<nlohmann::json> json = yaml_to_json(settings, context_, entry_path_ + ".config")) {
        plugin_.config_json = json->dump();
    }
}

void PluginSettingsReader::read_typed(const YAML::Node& settings, const std::vector<PluginKeySpec>& keys) {
    const Position where{plugin_.config_line, plugin_.config_column};
    std::vector<std::string_view> names;
    for (const PluginKeySpec& key : keys) {
        names.push_back(key.name);
    }
    nlohmann::json object = nlohmann::json::object();
    std::map<std::string, int> given_at_line;
    if (settings.IsMap()) {
        for (const auto& entry : settings) {
            const std::string name = entry.first.Scalar();
            const std::string path = entry_path_ + ".config." + name;
            const Position key_at = position_of(entry.first);
            if (auto first = given_at_line.find(name); first != given_at_line.end()) {
                context_.error(key_at, path,
                               "duplicate key `" + name + "` (first given at line " + std::to_string(first->second) + ")");
                continue;
            }
            given_at_line[name] = key_at.line;
            auto key = std::find_if(keys.begin(), keys.end(), [&](const PluginKeySpec& k) { return k.name == name; });
            if (key == keys.end()) {
                std::string hint = did_you_mean(name, names);
                if (hint.empty()) {
                    hint = names.empty() ? " (plugin `" + kind_name() + "` takes no settings)"
                                         : " (plugin `" + kind_name() + "` accepts " + schema::quoted_alternatives(names) + ")";
                }
                context_.error(key_at, path, "unknown key `" + name + "`" + hint);
            } else if (entry.second.IsNull()) {
                given_at_line.erase(name);  // `key:` alone means the default
            } else if (std::optional<nlohmann::json> value = read_setting(entry.second, key->type, context_, path)) {
                object[name] = std::move(*value);
            }
        }
    }
    for (const PluginKeySpec& key : keys) {
        if (given_at_line.contains(key.name)) {
            continue;
        }
        if (key.required) {
            context_.error(where, entry_path_ + ".config." + key.name, "missing required key `" + key.name + "`");
        } else if (key.default_yaml) {
            apply_default(key, object);
        }
    }
    plugin_.config_json = object.dump();
}

void PluginSettingsReader::apply_default(const PluginKeySpec& key, nlohmann::json& object) {
    // A bad default is the plugin's fault, not the file's: check it apart and say so.
    LoadContext scratch("", context_.base_dir(), [](const std::string&) { return std::nullopt; });
    std::optional<nlohmann::json> value;
    try {
        value = read_setting(YAML::Load(*key.default_yaml), key.type, scratch, key.name);
    } catch (const YAML::Exception& error) {
        scratch.error({}, key.name, error.msg);
    }
    std::vector<Diagnostic> problems = scratch.take_diagnostics();
    if (!problems.empty()) {
        context_.error({plugin_.config_line, plugin_.config_column}, entry_path_ + ".config." + key.name,
                       "plugin `" + kind_name() + "` declares an invalid default for `" + key.name +
                           "`: " + problems.front().message);
    } else if (value) {
        object[key.name] = std::move(*value);
    }
}

// Where a problem with the plugin itself (unknown type, unloadable .so) is shown.
std::string kind_key(const PluginConfig& plugin, const std::string& entry_path) {
    return entry_path + (plugin.path.empty() ? ".type" : ".path");
}

}  // namespace

void read_plugin_settings(const YAML::Node& plugins_node, Config& config, const PluginSchemaProvider* provider,
                          LoadContext& context) {
    for (std::size_t i = 0; i < config.plugins.size(); ++i) {
        PluginConfig& plugin = config.plugins[i];
        const std::string entry_path = "plugins[" + std::to_string(i) + "]";
        const YAML::Node entry = plugins_node.IsSequence() ? plugins_node[i] : YAML::Node();
        // A missing key gives an invalid node that throws when asked its type: use an empty one instead.
        const YAML::Node settings = entry.IsMap() && entry["config"] ? entry["config"] : YAML::Node();
        Position at = settings.IsNull() ? position_of(entry) : position_of(settings);
        plugin.config_line = at.line;
        plugin.config_column = at.column;
        if (!settings.IsNull() && !settings.IsMap()) {
            continue;  // reported by the walk
        }
        PluginSettingsReader reader(plugin, entry_path, context);
        // A plugin without exactly one of type and path was reported and cannot be looked up.
        if (provider == nullptr || plugin.type.empty() == plugin.path.empty()) {
            reader.read_untyped(settings);
            continue;
        }
        std::variant<std::vector<PluginKeySpec>, std::string> keys;
        try {
            keys = (*provider)(plugin);
        } catch (const std::exception& error) {  // a provider should return its message; be safe anyway
            keys = std::string(error.what());
        }
        if (auto* problem = std::get_if<std::string>(&keys)) {
            std::string key_path = kind_key(plugin, entry_path);
            context.error(context.position(key_path), key_path, *problem);
            continue;
        }
        reader.read_typed(settings, std::get<std::vector<PluginKeySpec>>(keys));
    }
}

}  // namespace gleaner::config
