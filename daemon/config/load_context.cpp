// Diagnostics, positions, ${VAR} expansion and path resolution shared by the loading steps.
#include "config/load_context.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace gleaner::config {

Position position_of(const YAML::Node& node) {
    YAML::Mark mark = node.Mark();
    if (mark.is_null()) {
        return {};
    }
    return {mark.line + 1, mark.column + 1};
}

bool is_utf8(const std::string& text) {
    // nlohmann-json refuses to serialise invalid UTF-8: the same check the plugin settings meet later.
    try {
        static_cast<void>(nlohmann::json(text).dump());
        return true;
    } catch (const nlohmann::json::type_error&) {
        return false;
    }
}

std::string describe_node(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Scalar: return "a string";
        case YAML::NodeType::Sequence: return "a list";
        case YAML::NodeType::Map: return "a mapping";
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined: return "nothing";
    }
    return "something else";
}

LoadContext::LoadContext(std::filesystem::path file_as_given, std::filesystem::path base_dir, EnvLookup env)
    : file_(std::move(file_as_given)), base_dir_(std::move(base_dir)), env_(std::move(env)) {}

void LoadContext::error(Position where, std::string key_path, std::string message) {
    diagnostics_.push_back({file_, where.line, where.column, std::move(key_path), std::move(message)});
}

std::optional<std::string> LoadContext::scalar(const YAML::Node& node, const std::string& key_path,
                                               const std::string& expected) {
    if (!node.IsScalar()) {
        error(position_of(node), key_path, "expected " + expected + ", got " + describe_node(node));
        return std::nullopt;
    }
    if (!is_utf8(node.Scalar())) {
        error(position_of(node), key_path, "not valid UTF-8 text (the file must be written in UTF-8)");
        return std::nullopt;
    }
    EnvExpansion expanded = expand_env(node.Scalar(), env_);
    if (!expanded.error.empty()) {
        error(position_of(node), key_path, expanded.error);
        return std::nullopt;
    }
    return std::move(expanded.text);
}

std::filesystem::path LoadContext::resolve_path(const std::filesystem::path& path) const {
    if (path.empty()) {
        return path;
    }
    return (path.is_absolute() ? path : base_dir_ / path).lexically_normal();
}

Position LoadContext::position(const std::string& key_path) const {
    std::string path = key_path;
    while (true) {
        if (auto found = positions_.find(path); found != positions_.end()) {
            return found->second;
        }
        std::size_t cut = path.find_last_of(".[");
        if (cut == std::string::npos) {
            return {};
        }
        path.resize(cut);
    }
}

std::vector<Diagnostic> LoadContext::take_diagnostics() {
    std::stable_sort(diagnostics_.begin(), diagnostics_.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    return std::move(diagnostics_);
}

}  // namespace gleaner::config
