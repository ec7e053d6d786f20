// ${VAR} expansion of configuration values (see env_expand.h).
#include "config/env_expand.h"

namespace gleaner::config {
namespace {

bool valid_name(std::string_view name) {
    if (name.empty() || (name.front() >= '0' && name.front() <= '9')) {
        return false;
    }
    for (char c : name) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        if (!ok) {
            return false;
        }
    }
    return true;
}

}  // namespace

EnvExpansion expand_env(std::string_view text, const EnvLookup& lookup) {
    EnvExpansion result;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] != '$' || i + 1 == text.size() || (text[i + 1] != '$' && text[i + 1] != '{')) {
            result.text += text[i++];
            continue;
        }
        if (text[i + 1] == '$') {
            result.text += '$';
            i += 2;
            continue;
        }
        std::size_t close = text.find('}', i + 2);
        if (close == std::string_view::npos) {
            result.error = "unterminated `${` (write `$$` for a literal dollar)";
            return result;
        }
        std::string_view inside = text.substr(i + 2, close - i - 2);
        std::size_t fallback_at = inside.find(":-");
        std::string_view name = inside.substr(0, fallback_at);
        if (!valid_name(name)) {
            result.error = "invalid environment variable name `" + std::string(name) + "` in `${" +
                           std::string(inside) + "}`";
            return result;
        }
        std::optional<std::string> value = lookup(std::string(name));
        bool has_fallback = fallback_at != std::string_view::npos;
        if (value && !(value->empty() && has_fallback)) {  // like the shell, `:-` also covers empty
            result.text += *value;
        } else if (has_fallback) {
            result.text += inside.substr(fallback_at + 2);
        } else {
            result.error = "environment variable " + std::string(name) + " is not set (write ${" +
                           std::string(name) + ":-default} to give a default)";
            return result;
        }
        i = close + 1;
    }
    return result;
}

}  // namespace gleaner::config
