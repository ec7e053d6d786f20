// Building the gleaner_value tree from JSON (see settings_tree.h).
#include "plugins/settings_tree.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

namespace gleaner::plugins {

namespace {

gleaner_str str_of(const std::string& s) { return {s.c_str(), s.size()}; }

}  // namespace

struct Builder {
    SettingsTree& tree;

    gleaner_value* add(const nlohmann::json& j) {
        gleaner_value& v = tree.values_.emplace_back();
        v.struct_size = sizeof(gleaner_value);
        v.string = {"", 0};
        switch (j.type()) {
            case nlohmann::json::value_t::boolean:
                v.kind = GLEANER_VALUE_BOOL;
                v.integer = j.get<bool>() ? 1 : 0;
                break;
            case nlohmann::json::value_t::number_integer:
            case nlohmann::json::value_t::number_unsigned:
                v.kind = GLEANER_VALUE_INT;
                v.integer = j.get<std::int64_t>();
                break;
            case nlohmann::json::value_t::number_float:
                v.kind = GLEANER_VALUE_FLOAT;
                v.number = j.get<double>();
                break;
            case nlohmann::json::value_t::string:
                v.kind = GLEANER_VALUE_STRING;
                v.string = str_of(tree.strings_.emplace_back(j.get<std::string>()));
                break;
            case nlohmann::json::value_t::array: {
                v.kind = GLEANER_VALUE_LIST;
                auto& items = tree.item_lists_.emplace_back();
                for (const auto& item : j) items.push_back(add(item));
                v.items = items.data();
                v.count = items.size();
                break;
            }
            case nlohmann::json::value_t::object: {
                v.kind = GLEANER_VALUE_MAP;
                auto& items = tree.item_lists_.emplace_back();
                auto& names = tree.name_lists_.emplace_back();
                for (const auto& [name, item] : j.items()) {
                    names.push_back(str_of(tree.strings_.emplace_back(name)));
                    items.push_back(add(item));
                }
                v.items = items.data();
                v.names = names.data();
                v.count = items.size();
                break;
            }
            default: v.kind = GLEANER_VALUE_NULL; break;
        }
        return &v;
    }
};

SettingsTree::SettingsTree(const std::string& json) {
    nlohmann::json parsed;
    try {
        parsed = nlohmann::json::parse(json.empty() ? "{}" : json);
    } catch (const nlohmann::json::exception& e) {
        throw std::invalid_argument(std::string("plugin settings are not JSON: ") + e.what());
    }
    Builder{*this}.add(parsed);
}

}  // namespace gleaner::plugins
