// Plugin keys as text (see plugin_key_reference.h).
#include "config/plugin_key_reference.h"

#include "config/schema.h"
#include "config/value_syntax.h"

namespace gleaner::config {
namespace {

std::string joined(const std::vector<std::string>& words, const char* separator = ", ") {
    std::string out;
    for (const std::string& word : words) out += (out.empty() ? "" : separator) + word;
    return out;
}

std::string scalar_name(gleaner_config_type type, const PluginKeySpec& key, bool plural) {
    const char* s = plural ? "s" : "";
    switch (type) {
        case GLEANER_CONFIG_STRING: return std::string("string") + s;
        case GLEANER_CONFIG_INT: return std::string("integer") + s;
        case GLEANER_CONFIG_BOOL: return std::string("boolean") + s;
        case GLEANER_CONFIG_DURATION: return std::string("duration") + s;
        case GLEANER_CONFIG_PATH: return std::string("path") + s;
        case GLEANER_CONFIG_STRING_LIST: return "list of strings";
        case GLEANER_CONFIG_STRING_MAP: return "mapping of strings";
        case GLEANER_CONFIG_FLOAT: return std::string("number") + s;
        case GLEANER_CONFIG_ANY: return plural ? "values" : "any value";
        case GLEANER_CONFIG_SIZE: return std::string("size") + s;
        case GLEANER_CONFIG_URL:
            return std::string("URL") + s + (key.choices.empty() ? "" : " (" + joined(key.choices) + ")");
        case GLEANER_CONFIG_REGEX: return std::string("RE2 regex") + (plural ? "es" : "");
        case GLEANER_CONFIG_TEMPLATE: return std::string("template") + s;
        case GLEANER_CONFIG_ENUM: {
            std::vector<std::string_view> words(key.choices.begin(), key.choices.end());
            return "one of " + schema::quoted_alternatives(words);
        }
        case GLEANER_CONFIG_OBJECT: return std::string("mapping") + s;
        default: return "value (type " + std::to_string(static_cast<int>(type)) + ")";
    }
}

std::string constraints(const PluginKeySpec& key) {
    std::vector<std::string> parts;
    if (key.required) parts.emplace_back("required");
    if (key.default_yaml) parts.push_back("default " + *key.default_yaml);
    const bool list = key.type == GLEANER_CONFIG_LIST || key.type == GLEANER_CONFIG_STRING_LIST;
    const bool text = key.type == GLEANER_CONFIG_STRING || key.type == GLEANER_CONFIG_PATH ||
                      key.type == GLEANER_CONFIG_URL || key.type == GLEANER_CONFIG_TEMPLATE;
    auto with_unit = [&](std::int64_t n) {
        const std::string plural = n == 1 ? "" : "s";
        if (list) return std::to_string(n) + " item" + plural;
        if (text) return std::to_string(n) + " character" + plural;
        if (key.type == GLEANER_CONFIG_DURATION) return std::to_string(n) + " ms";
        if (key.type == GLEANER_CONFIG_SIZE) return std::to_string(n) + " bytes";
        return std::to_string(n);
    };
    if (key.min) parts.push_back("at least " + with_unit(*key.min));
    if (key.max) parts.push_back("at most " + with_unit(*key.max));
    if (key.flags & GLEANER_KEY_PARENT_MUST_EXIST) parts.emplace_back("its folder must exist");
    if (key.flags & GLEANER_KEY_MUST_EXIST) parts.emplace_back("must exist");
    if (key.flags & GLEANER_KEY_UNIQUE) parts.emplace_back("unique");
    if (!key.exclusive_group.empty()) parts.push_back("exactly one of group `" + key.exclusive_group + "`");
    if (key.type == GLEANER_CONFIG_TEMPLATE || key.item_type == GLEANER_CONFIG_TEMPLATE)
        parts.push_back("placeholders: " + joined(key.choices));
    return parts.empty() ? "" : " (" + joined(parts, "; ") + ")";
}

}  // namespace

std::string plugin_key_type_name(const PluginKeySpec& key) {
    if (key.type == GLEANER_CONFIG_LIST) return "list of " + scalar_name(key.item_type, key, true);
    if (key.type == GLEANER_CONFIG_MAP) return "mapping of " + scalar_name(key.item_type, key, true);
    return scalar_name(key.type, key, false);
}

std::string plugin_keys_text(const std::vector<PluginKeySpec>& keys, int indent) {
    std::string out;
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    for (const PluginKeySpec& key : keys) {
        out += pad + key.name + ": " + plugin_key_type_name(key) + constraints(key);
        if (!key.description.empty()) out += " — " + key.description;
        out += "\n";
        out += plugin_keys_text(key.keys, indent + 2);
    }
    return out;
}

}  // namespace gleaner::config
