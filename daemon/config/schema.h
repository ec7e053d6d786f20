// The configuration schema as data: each key the daemon accepts is one KeySpec row (path, type,
// default, description, and the Config field it fills). The loader, the error messages and the
// reference in the README are all driven by these rows; the rows themselves live in config_schema.cpp.
// Internal to gleaner_config.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/config.h"

namespace gleaner::config::schema {

enum class Kind {
    kString,
    kInt,
    kFloat,
    kBool,
    kDuration,        // "500ms", "30s", "15m", "1h30m", "90d"
    kSize,            // bytes: 1048576, "512KiB", "16MiB", "1GB"
    kPath,            // relative paths resolve against the config file's folder
    kStringList,
    kStringMap,
    kEnum,            // one of TypeSpec::choices
    kRegexList,       // RE2 syntax, checked by compiling
    kUrlList,         // http, https or file URLs; `file:relative` resolves against the config's folder
    kPathList,        // paths (or glob patterns); relative ones resolve against the config file's folder
    kListenAddress,   // host:port
    kAny,             // any YAML value, kept as written (plugin keys of type GLEANER_CONFIG_ANY)
    kEntryList,       // a list of mappings, each read with KeySpec::entries (sources, plugins)
    kPluginSettings,  // a plugin's `config:` mapping, checked against the plugin's own keys
};

enum class Bound {
    kAny,
    kNonNegative,  // numbers and durations: >= 0
    kPositive,     // numbers and durations: > 0; lists: at least one item
};

struct TypeSpec {
    Kind kind;
    Bound bound = Bound::kAny;
    std::vector<std::string_view> choices = {};                       // kEnum; kStringList: allowed items
    std::int64_t max_int = std::numeric_limits<std::int32_t>::max();  // kInt

    TypeSpec positive() const { return with_bound(Bound::kPositive); }
    TypeSpec non_negative() const { return with_bound(Bound::kNonNegative); }

private:
    TypeSpec with_bound(Bound b) const {
        TypeSpec copy = *this;
        copy.bound = b;
        return copy;
    }
};

inline const TypeSpec kString{Kind::kString};
inline const TypeSpec kInt{Kind::kInt};
inline const TypeSpec kFloat{Kind::kFloat};
inline const TypeSpec kBool{Kind::kBool};
inline const TypeSpec kDuration{Kind::kDuration};
inline const TypeSpec kSize{Kind::kSize};
inline const TypeSpec kPath{Kind::kPath};
inline const TypeSpec kStringList{Kind::kStringList};
inline const TypeSpec kStringMap{Kind::kStringMap};
inline const TypeSpec kRegexList{Kind::kRegexList};
inline const TypeSpec kUrlList{Kind::kUrlList};
inline const TypeSpec kPathList{Kind::kPathList};
inline const TypeSpec kListenAddress{Kind::kListenAddress};
inline const TypeSpec kEntryList{Kind::kEntryList};
inline const TypeSpec kPluginSettings{Kind::kPluginSettings};
inline TypeSpec one_of(std::vector<std::string_view> choices) {
    return TypeSpec{Kind::kEnum, Bound::kAny, std::move(choices)};
}
// A list whose items are each one of `choices` (at least one item).
inline TypeSpec list_of(std::vector<std::string_view> choices) {
    return TypeSpec{Kind::kStringList, Bound::kPositive, std::move(choices)};
}

// A value read from the file, before it is stored into its field. Paths and enum values are strings.
using Value = std::variant<std::string, std::int64_t, double, bool, Duration, std::vector<std::string>,
                           std::map<std::string, std::string>>;

// What happens when a key is absent.
struct Fallback {
    enum class Kind { kNone, kValue, kRequired } kind = Kind::kNone;
    std::string_view yaml;  // kValue: the default, written as it would be in the file
};
inline constexpr Fallback kNoDefault{};
inline constexpr Fallback kRequired{Fallback::Kind::kRequired, {}};
constexpr Fallback defaults_to(std::string_view yaml) { return {Fallback::Kind::kValue, yaml}; }

// Stores a Value into a field of the record a table describes (Config, SourceConfig, PluginConfig).
using FieldSetter = void (*)(void* record, Value&& value);
// Appends an entry to a list field and returns it (for kEntryList).
using EntryAppender = void* (*)(void* record);

struct Table;

struct KeySpec {
    std::string_view path;  // dotted, relative to the table's record: "fetch.retry.max_attempts"
    TypeSpec type;
    Fallback fallback;
    std::string_view description;
    FieldSetter set = nullptr;                  // nullptr for kEntryList and kPluginSettings
    const Table& (*entries)() = nullptr;        // kEntryList: the table of each entry
    EntryAppender append = nullptr;             // kEntryList
};

struct Table {
    std::string_view title;  // for the reference: "Daemon", "sources[] entries", ...
    std::string_view intro;
    std::vector<KeySpec> keys;
};

// The tables (config_schema.cpp). The root table reaches the others through its kEntryList keys.
const Table& config_table();
const Table& source_table();
const Table& plugin_table();

// ---- Field binding: field<&Config::fetch, &FetchConfig::timeout> names Config::fetch.timeout. ----

template <class MemberPointer>
struct MemberOf;
template <class Owner, class Member>
struct MemberOf<Member Owner::*> {
    using owner = Owner;
};

template <auto First, auto... Rest>
auto& member_at(typename MemberOf<decltype(First)>::owner& record) {
    auto& next = record.*First;
    if constexpr (sizeof...(Rest) == 0) {
        return next;
    } else {
        return member_at<Rest...>(next);
    }
}

// Each field type takes the Value alternative its key's type produces.
void store(std::string& field, Value&& value);
void store(std::filesystem::path& field, Value&& value);
void store(int& field, Value&& value);
void store(std::int64_t& field, Value&& value);
void store(double& field, Value&& value);
void store(bool& field, Value&& value);
void store(Duration& field, Value&& value);
void store(std::optional<Duration>& field, Value&& value);
void store(SourceType& field, Value&& value);  // one_of the to_string(SourceType) names
void store(std::vector<std::string>& field, Value&& value);
void store(std::map<std::string, std::string>& field, Value&& value);

template <auto First, auto... Rest>
void store_field(void* record, Value&& value) {
    using Owner = typename MemberOf<decltype(First)>::owner;
    store(member_at<First, Rest...>(*static_cast<Owner*>(record)), std::move(value));
}

template <auto... Members>
inline constexpr FieldSetter field = &store_field<Members...>;

template <auto ListMember>
void* append_entry(void* record) {
    using Owner = typename MemberOf<decltype(ListMember)>::owner;
    return &(static_cast<Owner*>(record)->*ListMember).emplace_back();
}

}  // namespace gleaner::config::schema
