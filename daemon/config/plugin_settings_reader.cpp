// Reading plugin settings against their declared keys (see plugin_settings_reader.h).
#include "config/plugin_settings_reader.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include <gleaner/template.hpp>
#include <re2/re2.h>

#include "config/schema.h"
#include "config/suggest.h"
#include "config/url_check.h"
#include "config/value_reader.h"
#include "config/value_syntax.h"
#include "config/yaml_json.h"

namespace gleaner::config {
namespace {

using schema::Kind;
using schema::TypeSpec;

constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();

// The schema type a scalar plugin key type is read as; nullopt for the types read here.
std::optional<TypeSpec> scalar_spec(gleaner_config_type type) {
    switch (type) {
        case GLEANER_CONFIG_INT: return TypeSpec{Kind::kInt, schema::Bound::kAny, {}, kInt64Max};
        case GLEANER_CONFIG_BOOL: return schema::kBool;
        case GLEANER_CONFIG_DURATION: return schema::kDuration;
        case GLEANER_CONFIG_SIZE: return schema::kSize;
        case GLEANER_CONFIG_PATH: return schema::kPath;
        case GLEANER_CONFIG_FLOAT: return TypeSpec{Kind::kFloat};
        default: return schema::kString;  // STRING, URL, REGEX, TEMPLATE (checked further) and newer types
    }
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

std::vector<std::string_view> views(const std::vector<std::string>& words) {
    return {words.begin(), words.end()};
}

// How a number is written back in messages: durations as written in the file would be ("2s").
std::string shown(std::int64_t number, gleaner_config_type type) {
    if (type == GLEANER_CONFIG_DURATION) return std::to_string(number) + "ms";
    if (type == GLEANER_CONFIG_SIZE) return std::to_string(number) + " bytes";
    return std::to_string(number);
}

// "must be at least 1" / "must have at least 1 item" / "" when within bounds.
std::string bound_problem(std::int64_t measured, const PluginKeySpec& spec, gleaner_config_type type,
                          const char* unit) {
    const bool length = unit[0] != '\0';
    auto with_unit = [&](std::int64_t n) {
        return length ? std::to_string(n) + " " + unit + (n == 1 ? "" : "s") : shown(n, type);
    };
    const std::string verb = length ? "must have " : "must be ";
    if (spec.min && measured < *spec.min) return verb + "at least " + with_unit(*spec.min) + ", got " + with_unit(measured);
    if (spec.max && measured > *spec.max) return verb + "at most " + with_unit(*spec.max) + ", got " + with_unit(measured);
    return "";
}

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

}  // namespace

nlohmann::json PluginSettingsReader::read_object(const YAML::Node& node, const std::vector<PluginKeySpec>& keys,
                                                 const std::string& path, Position at) {
    std::vector<std::string_view> names;
    for (const PluginKeySpec& key : keys) names.push_back(key.name);
    nlohmann::json object = nlohmann::json::object();
    std::map<std::string, int> given_at_line;
    if (node.IsMap()) {
        for (const auto& entry : node) {
            const std::string name = entry.first.Scalar();
            const std::string key_path = path + "." + name;
            const Position key_at = position_of(entry.first);
            context_.remember(key_path, position_of(entry.second.IsNull() ? entry.first : entry.second));
            if (auto first = given_at_line.find(name); first != given_at_line.end()) {
                context_.error(key_at, key_path,
                               "duplicate key `" + name + "` (first given at line " + std::to_string(first->second) + ")");
                continue;
            }
            given_at_line[name] = key_at.line;
            auto key = std::find_if(keys.begin(), keys.end(), [&](const PluginKeySpec& k) { return k.name == name; });
            if (key == keys.end()) {
                std::string hint = did_you_mean(name, names);
                if (hint.empty()) {
                    const bool top = path.ends_with(".config");  // nested mappings say "here"
                    const std::string who = "plugin `" + plugin_kind_ + "`";
                    hint = names.empty() ? " (" + who + " takes no settings" + (top ? "" : " here") + ")"
                                         : " (" + who + " accepts " + schema::quoted_alternatives(names) +
                                               (top ? "" : " here") + ")";
                }
                context_.error(key_at, key_path, "unknown key `" + name + "`" + hint);
            } else if (entry.second.IsNull()) {
                given_at_line.erase(name);  // `key:` alone means the default
            } else if (std::optional<nlohmann::json> value = read_value(entry.second, *key, key->type, key_path)) {
                object[name] = std::move(*value);
            } else {
                object[name] = nullptr;  // reported; counts as given for the checks below
            }
        }
    }
    for (const PluginKeySpec& key : keys) {
        if (given_at_line.contains(key.name)) continue;
        if (key.required) {
            context_.error(at, path + "." + key.name, "missing required key `" + key.name + "`");
        } else if (key.default_yaml && key.exclusive_group.empty()) {
            apply_default(key, object, path + "." + key.name, at);
        }
    }
    check_groups(keys, object, path, at);
    for (auto it = object.begin(); it != object.end();) {  // drop the placeholders of reported values
        it = it->is_null() ? object.erase(it) : std::next(it);
    }
    return object;
}

std::optional<nlohmann::json> PluginSettingsReader::read_value(const YAML::Node& node, const PluginKeySpec& spec,
                                                               gleaner_config_type type, const std::string& path) {
    switch (type) {
        case GLEANER_CONFIG_ANY: return yaml_to_json(node, context_, path);
        case GLEANER_CONFIG_STRING_LIST: {
            PluginKeySpec items = spec;
            items.item_type = GLEANER_CONFIG_STRING;
            return read_list(node, items, path);
        }
        case GLEANER_CONFIG_LIST: return read_list(node, spec, path);
        case GLEANER_CONFIG_STRING_MAP: {
            PluginKeySpec items = spec;
            items.item_type = GLEANER_CONFIG_STRING;
            return read_map(node, items, path);
        }
        case GLEANER_CONFIG_MAP: return read_map(node, spec, path);
        case GLEANER_CONFIG_OBJECT:
            if (!node.IsMap()) {
                context_.error(position_of(node), path, "expected a mapping, got " + describe_node(node));
                return std::nullopt;
            }
            return read_object(node, spec.keys, path, position_of(node));
        default: return read_scalar(node, spec, type, path);
    }
}

std::optional<nlohmann::json> PluginSettingsReader::read_scalar(const YAML::Node& node, const PluginKeySpec& spec,
                                                                gleaner_config_type type, const std::string& path) {
    TypeSpec reading = *scalar_spec(type);
    if (type == GLEANER_CONFIG_ENUM) reading = schema::one_of(views(spec.choices));
    std::optional<schema::Value> value = schema::read_value(node, reading, context_, path);
    if (!value) return std::nullopt;
    std::string problem;
    if (auto* number = std::get_if<std::int64_t>(&*value)) {
        problem = bound_problem(*number, spec, type, "");
    } else if (auto* duration = std::get_if<Duration>(&*value)) {
        problem = bound_problem(duration->count(), spec, type, "");
    } else if (auto* text = std::get_if<std::string>(&*value)) {
        problem = check_text(*text, spec, type);
    }
    if (!problem.empty()) {
        context_.error(position_of(node), path, problem);
        return std::nullopt;
    }
    return to_json(std::move(*value));
}

std::string PluginSettingsReader::check_text(const std::string& text, const PluginKeySpec& spec,
                                             gleaner_config_type type) const {
    switch (type) {
        case GLEANER_CONFIG_PATH: {
            const std::filesystem::path path(text);
            std::error_code ec;
            if ((spec.flags & GLEANER_KEY_MUST_EXIST) && !std::filesystem::exists(path, ec))
                return quoted(text) + " does not exist";
            if ((spec.flags & GLEANER_KEY_PARENT_MUST_EXIST) && !std::filesystem::is_directory(path.parent_path(), ec))
                return "folder " + quoted(path.parent_path().string()) + " does not exist (create it first)";
            return "";
        }
        case GLEANER_CONFIG_URL: return check_url(text, spec.choices);
        case GLEANER_CONFIG_REGEX: {
            RE2 regex(text, RE2::Quiet);
            return regex.ok() ? "" : "invalid regular expression " + quoted(text) + ": " + regex.error();
        }
        case GLEANER_CONFIG_TEMPLATE: return gleaner::Template::problem(text, spec.choices);
        default: return bound_problem(static_cast<std::int64_t>(text.size()), spec, type, "character");
    }
}

std::optional<nlohmann::json> PluginSettingsReader::read_list(const YAML::Node& node, const PluginKeySpec& spec,
                                                              const std::string& path) {
    if (!node.IsSequence()) {
        std::string hint = node.IsScalar() ? " (write [" + node.Scalar() + "] for a list of one)" : "";
        context_.error(position_of(node), path, "expected a list, got " + describe_node(node) + hint);
        return std::nullopt;
    }
    if (std::string problem = bound_problem(static_cast<std::int64_t>(node.size()), spec, GLEANER_CONFIG_LIST, "item");
        !problem.empty()) {
        context_.error(position_of(node), path, problem);
        return std::nullopt;
    }
    PluginKeySpec item = spec;  // items take the key's item type and checks, not its length bounds
    item.min.reset();
    item.max.reset();
    nlohmann::json items = nlohmann::json::array();
    bool all_good = true;
    for (std::size_t i = 0; i < node.size(); ++i) {
        const std::string item_path = path + "[" + std::to_string(i) + "]";
        context_.remember(item_path, position_of(node[i]));
        std::optional<nlohmann::json> value = read_value(node[i], item, spec.item_type, item_path);
        all_good = all_good && value.has_value();
        items.push_back(value ? std::move(*value) : nlohmann::json());
    }
    if (spec.item_type == GLEANER_CONFIG_OBJECT) check_unique(node, spec, items, path);
    return all_good ? std::optional(std::move(items)) : std::nullopt;
}

std::optional<nlohmann::json> PluginSettingsReader::read_map(const YAML::Node& node, const PluginKeySpec& spec,
                                                             const std::string& path) {
    if (!node.IsMap()) {
        context_.error(position_of(node), path, "expected a mapping, got " + describe_node(node));
        return std::nullopt;
    }
    PluginKeySpec item = spec;
    item.min.reset();
    item.max.reset();
    nlohmann::json entries = nlohmann::json::object();
    bool all_good = true;
    for (const auto& entry : node) {
        if (!is_utf8(entry.first.Scalar())) {  // it would become a JSON key, which must be UTF-8
            context_.error(position_of(entry.first), path, "a key that is not valid UTF-8 text");
            all_good = false;
            continue;
        }
        const std::string entry_path = path + "." + entry.first.Scalar();
        context_.remember(entry_path, position_of(entry.second));
        std::optional<nlohmann::json> value = read_value(entry.second, item, spec.item_type, entry_path);
        all_good = all_good && value.has_value();
        if (value) entries[entry.first.Scalar()] = std::move(*value);
    }
    return all_good ? std::optional(std::move(entries)) : std::nullopt;
}

void PluginSettingsReader::apply_default(const PluginKeySpec& key, nlohmann::json& object, const std::string& path,
                                         Position at) {
    // A bad default is the plugin's fault, not the file's: check it apart and say so.
    LoadContext scratch("", context_.base_dir(), [](const std::string&) { return std::nullopt; });
    PluginSettingsReader reader(scratch, plugin_kind_);
    std::optional<nlohmann::json> value;
    try {
        value = reader.read_value(YAML::Load(*key.default_yaml), key, key.type, key.name);
    } catch (const YAML::Exception& error) {
        scratch.error({}, key.name, error.msg);
    }
    std::vector<Diagnostic> problems = scratch.take_diagnostics();
    if (!problems.empty()) {
        context_.error(at, path,
                       "plugin `" + plugin_kind_ + "` declares an invalid default for `" + key.name + "`: " +
                           problems.front().message);
    } else if (value) {
        object[key.name] = std::move(*value);
    }
}

void PluginSettingsReader::check_groups(const std::vector<PluginKeySpec>& keys, const nlohmann::json& object,
                                        const std::string& path, Position at) {
    std::map<std::string, std::vector<std::string>> groups;  // group → its keys, in declaration order
    for (const PluginKeySpec& key : keys) {
        if (!key.exclusive_group.empty()) groups[key.exclusive_group].push_back(key.name);
    }
    for (const auto& [group, members] : groups) {
        std::vector<std::string> given;
        for (const std::string& name : members) {
            if (object.contains(name)) given.push_back(name);
        }
        if (given.empty()) {
            context_.error(at, path, "give one of " + schema::quoted_alternatives(views(members)));
        } else if (given.size() > 1) {
            const std::string second = path + "." + given[1];
            context_.error(context_.position(second), second,
                           "`" + given[0] + "` and `" + given[1] + "` exclude each other: give only one of " +
                               schema::quoted_alternatives(views(members)));
        }
    }
}

void PluginSettingsReader::check_unique(const YAML::Node& list, const PluginKeySpec& spec, const nlohmann::json& items,
                                        const std::string& path) {
    for (const PluginKeySpec& key : spec.keys) {
        if (!(key.flags & GLEANER_KEY_UNIQUE)) continue;
        std::map<std::string, std::size_t> first_at;  // value (as JSON text) → first item holding it
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (!items[i].is_object() || !items[i].contains(key.name)) continue;
            const nlohmann::json& value = items[i][key.name];
            auto [found, inserted] = first_at.emplace(value.dump(), i);
            if (inserted) continue;
            const std::string key_path = path + "[" + std::to_string(i) + "]." + key.name;
            const YAML::Node& item = list[i];
            Position where = item.IsMap() && item[key.name] ? position_of(item[key.name]) : position_of(item);
            context_.error(where, key_path,
                           (value.is_string() ? quoted(value.get<std::string>()) : value.dump()) + " is already the `" +
                               key.name + "` of " + path.substr(path.rfind('.') + 1) + "[" +
                               std::to_string(found->second) + "]; each must be different");
        }
    }
}

}  // namespace gleaner::config
