// The table-driven walk over the YAML tree (see schema_walker.h). Nested mappings such as
// `fetch.retry` are not declared separately: a key path with dots implies them.
#include "config/schema_walker.h"

#include <algorithm>
#include <set>

#include "config/suggest.h"
#include "config/value_reader.h"

namespace gleaner::config::schema {
namespace {

// What a table offers directly inside one mapping: leaf keys and nested mapping names.
struct Level {
    std::vector<const KeySpec*> keys;
    std::vector<std::string_view> sections;

    std::vector<std::string_view> names() const {
        std::vector<std::string_view> all(sections);
        for (const KeySpec* key : keys) {
            all.push_back(leaf_name(*key));
        }
        return all;
    }
    const KeySpec* key(std::string_view name) const {
        auto found = std::find_if(keys.begin(), keys.end(), [&](const KeySpec* k) { return leaf_name(*k) == name; });
        return found == keys.end() ? nullptr : *found;
    }
    bool has_section(std::string_view name) const {
        return std::find(sections.begin(), sections.end(), name) != sections.end();
    }
    static std::string_view leaf_name(const KeySpec& key) {
        std::size_t dot = key.path.rfind('.');
        return dot == std::string_view::npos ? key.path : key.path.substr(dot + 1);
    }
};

// `prefix` is "" for the table's top, "fetch." or "fetch.retry." below it.
Level level_of(const Table& table, std::string_view prefix) {
    Level level;
    for (const KeySpec& key : table.keys) {
        if (!key.path.starts_with(prefix)) {
            continue;
        }
        std::string_view rest = key.path.substr(prefix.size());
        std::size_t dot = rest.find('.');
        if (dot == std::string_view::npos) {
            level.keys.push_back(&key);
        } else if (!level.has_section(rest.substr(0, dot))) {
            level.sections.push_back(rest.substr(0, dot));
        }
    }
    return level;
}

class Walker {
public:
    Walker(const Table& table, void* record, const std::string& key_prefix, LoadContext& context)
        : table_(table), record_(record), key_prefix_(key_prefix), context_(context) {}

    void walk(const YAML::Node& node, const std::string& level_prefix, Position where);

private:
    // The key path of the mapping itself: "sources[0]" for the entry, "fetch.retry" inside it.
    std::string mapping_path(const std::string& level_prefix) const {
        std::string path = key_prefix_ + level_prefix;
        if (!path.empty()) {
            path.pop_back();  // the trailing '.'
        }
        return path;
    }
    // One key of the mapping at `level_prefix`; `given` collects the names seen so far.
    void visit(const YAML::Node& key_node, const YAML::Node& value, const Level& level,
               const std::string& level_prefix, std::map<std::string, Position>& given);
    void read_key(const YAML::Node& value, const KeySpec& key, const std::string& key_path);
    void read_entries(const YAML::Node& value, const KeySpec& key, const std::string& key_path);
    void apply_fallback(const KeySpec& key, const std::string& key_path, Position where, bool report_missing);

    const Table& table_;
    void* record_;
    const std::string& key_prefix_;
    LoadContext& context_;
};

void Walker::walk(const YAML::Node& node, const std::string& level_prefix, Position where) {
    const Level level = level_of(table_, level_prefix);
    const bool present = node.IsDefined() && !node.IsNull();
    // A mapping of the wrong shape was reported; its absent keys would only add noise.
    bool report_missing = true;
    if (present && !node.IsMap()) {
        context_.error(position_of(node), mapping_path(level_prefix), "expected a mapping, got " + describe_node(node));
        report_missing = false;
    }
    if (present) {
        where = position_of(node);
    }
    std::map<std::string, Position> given;  // keys present in this mapping, for duplicates
    if (present && node.IsMap()) {
        for (const auto& entry : node) {
            visit(entry.first, entry.second, level, level_prefix, given);
        }
    }
    for (const KeySpec* key : level.keys) {
        if (!given.contains(std::string(Level::leaf_name(*key)))) {
            apply_fallback(*key, key_prefix_ + std::string(key->path), where, report_missing);
        }
    }
    for (std::string_view section : level.sections) {
        if (!given.contains(std::string(section))) {
            walk(YAML::Node(), level_prefix + std::string(section) + ".", where);
        }
    }
}

void Walker::visit(const YAML::Node& key_node, const YAML::Node& value, const Level& level,
                   const std::string& level_prefix, std::map<std::string, Position>& given) {
    const Position key_at = position_of(key_node);
    if (!key_node.IsScalar()) {
        context_.error(key_at, mapping_path(level_prefix), "expected a key name, got " + describe_node(key_node));
        return;
    }
    const std::string name = key_node.Scalar();
    const std::string path = key_prefix_ + level_prefix + name;
    if (auto first = given.find(name); first != given.end()) {
        context_.error(key_at, path,
                       "duplicate key `" + name + "` (first given at line " + std::to_string(first->second.line) + ")");
        return;
    }
    given[name] = key_at;
    if (const KeySpec* key = level.key(name)) {
        context_.remember(path, value.IsNull() ? key_at : position_of(value));
        if (!value.IsNull()) {
            read_key(value, *key, path);
        } else if (key->fallback.kind == Fallback::Kind::kRequired) {
            context_.error(key_at, path, "`" + name + "` needs a value");
        } else {
            apply_fallback(*key, path, key_at, true);  // `key:` with nothing after it means the default
        }
    } else if (level.has_section(name)) {
        const Position at = value.IsNull() ? key_at : position_of(value);
        context_.remember(path, at);
        walk(value, level_prefix + name + ".", at);
    } else {
        context_.error(key_at, path, "unknown key `" + name + "`" + did_you_mean(name, level.names()));
    }
}

void Walker::read_key(const YAML::Node& value, const KeySpec& key, const std::string& key_path) {
    switch (key.type.kind) {
        case Kind::kEntryList: read_entries(value, key, key_path); return;
        case Kind::kPluginSettings:
            // Checked later against the plugin's own keys; only its shape is known here.
            if (!value.IsMap()) {
                context_.error(position_of(value), key_path, "expected a mapping, got " + describe_node(value));
            }
            return;
        default:
            if (std::optional<Value> read = read_value(value, key.type, context_, key_path)) {
                key.set(record_, std::move(*read));
            }
    }
}

void Walker::read_entries(const YAML::Node& value, const KeySpec& key, const std::string& key_path) {
    if (!value.IsSequence()) {
        context_.error(position_of(value), key_path, "expected a list of mappings, got " + describe_node(value));
        return;
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
        const YAML::Node item = value[i];
        const std::string item_path = key_path + "[" + std::to_string(i) + "]";
        context_.remember(item_path, position_of(item));
        // Every item gets an entry, even a malformed one, so indices match the file's.
        void* entry = key.append(record_);
        walk_table(item, key.entries(), entry, item_path + ".", position_of(item), context_);
    }
}

void Walker::apply_fallback(const KeySpec& key, const std::string& key_path, Position where, bool report_missing) {
    switch (key.fallback.kind) {
        case Fallback::Kind::kRequired:
            if (report_missing) {
                context_.error(where, key_path, "missing required key `" + std::string(Level::leaf_name(key)) + "`");
            }
            return;
        case Fallback::Kind::kValue:
            // Defaults go through the same reader as the file's values (paths resolve the same way).
            if (std::optional<Value> value =
                    read_value(YAML::Load(std::string(key.fallback.yaml)), key.type, context_, key_path)) {
                key.set(record_, std::move(*value));
            }
            return;
        case Fallback::Kind::kNone: return;
    }
}

}  // namespace

void walk_table(const YAML::Node& node, const Table& table, void* record, const std::string& key_prefix,
                Position where, LoadContext& context) {
    Walker(table, record, key_prefix, context).walk(node, "", where);
}

}  // namespace gleaner::config::schema
