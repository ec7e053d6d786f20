// YAML to JSON conversion of untyped values (see yaml_json.h).
#include "config/yaml_json.h"

#include <charconv>

namespace gleaner::config {
namespace {

// A plain (unquoted) scalar as the JSON type it reads as.
nlohmann::json typed_plain_scalar(const std::string& text) {
    if (text.empty()) {
        return text;
    }
    bool flag = false;
    if (YAML::convert<bool>::decode(YAML::Node(text), flag)) {
        return flag;
    }
    const char* end = text.data() + text.size();
    std::int64_t integer = 0;
    if (auto [stop, error] = std::from_chars(text.data(), end, integer); error == std::errc{} && stop == end) {
        return integer;
    }
    // from_chars also reads "inf" and "nan", which YAML spells differently: only take digit-led numbers.
    double number = 0;
    bool digit_led = (text[0] >= '0' && text[0] <= '9') || text[0] == '-' || text[0] == '.';
    if (auto [stop, error] = std::from_chars(text.data(), end, number);
        digit_led && error == std::errc{} && stop == end) {
        return number;
    }
    return text;
}

}  // namespace

std::optional<nlohmann::json> yaml_to_json(const YAML::Node& node, LoadContext& context, const std::string& key_path) {
    switch (node.Type()) {
        case YAML::NodeType::Map: {
            nlohmann::json object = nlohmann::json::object();
            bool all_good = true;
            for (const auto& entry : node) {
                if (!is_utf8(entry.first.Scalar())) {
                    context.error(position_of(entry.first), key_path, "a key that is not valid UTF-8 text");
                    all_good = false;
                    continue;
                }
                std::optional<nlohmann::json> value =
                    yaml_to_json(entry.second, context, key_path + "." + entry.first.Scalar());
                all_good = all_good && value.has_value();
                if (value) {
                    object[entry.first.Scalar()] = std::move(*value);
                }
            }
            return all_good ? std::optional(std::move(object)) : std::nullopt;
        }
        case YAML::NodeType::Sequence: {
            nlohmann::json array = nlohmann::json::array();
            bool all_good = true;
            for (std::size_t i = 0; i < node.size(); ++i) {
                std::optional<nlohmann::json> value =
                    yaml_to_json(node[i], context, key_path + "[" + std::to_string(i) + "]");
                all_good = all_good && value.has_value();
                if (value) {
                    array.push_back(std::move(*value));
                }
            }
            return all_good ? std::optional(std::move(array)) : std::nullopt;
        }
        case YAML::NodeType::Scalar: {
            std::optional<std::string> text = context.scalar(node, key_path, "a value");
            if (!text) {
                return std::nullopt;
            }
            // yaml-cpp tags quoted scalars "!": those stay strings even when they look like numbers.
            return node.Tag() == "!" ? nlohmann::json(*text) : typed_plain_scalar(*text);
        }
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined: return nlohmann::json(nullptr);
    }
    return nlohmann::json(nullptr);
}

}  // namespace gleaner::config
