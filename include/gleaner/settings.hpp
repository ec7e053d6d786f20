// gleaner/settings.hpp — binds a plugin's `config:` keys to the fields of a settings struct, the way
// Fluent Bit's config map fills a plugin's context. Each key is declared once, next to the field it
// fills: name, description, type (deduced from the field, refined by a call), default, constraints.
// The daemon validates the file against these declarations and applies the defaults before the plugin
// runs; the plugin receives the struct filled in and never parses or re-checks a setting.
//
//     struct HelloSettings {
//         std::string file;
//         std::chrono::milliseconds every;
//         std::vector<std::string> patterns;
//     };
//     const gleaner::Settings<HelloSettings> kHelloSettings{
//         gleaner::key("file", &HelloSettings::file, "File the greetings go to").path().required(),
//         gleaner::key("every", &HelloSettings::every, "How often to greet").default_value("5m"),
//         gleaner::key("patterns", &HelloSettings::patterns, "RE2 patterns worth a greeting").regex(),
//     };
//
// Field types and the key types they give: std::string → string, bool → bool, integers → int,
// floating point → float, std::chrono durations → duration, std::vector<T> → list of T,
// std::map<std::string, T> → map of T, std::optional<T> → T that may be absent, any other struct →
// a nested mapping whose keys are given with .keys(settings_of_that_struct). Refinements (path, size,
// url, regex, text_template, one_of) apply to the items of a list or map field.
// Requires C++17; used through <gleaner/plugin.hpp>.
#ifndef GLEANER_SETTINGS_HPP
#define GLEANER_SETTINGS_HPP

#include <gleaner/plugin.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace gleaner {

// A settings value that does not fit its field: only when the daemon did not check it (an older daemon).
class SettingsError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

template <class S>
class Settings;

namespace detail {

template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};
template <class T>
struct is_string_map : std::false_type {};
template <class T>
struct is_string_map<std::map<std::string, T>> : std::true_type {};
template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_duration : std::false_type {};
template <class R, class P>
struct is_duration<std::chrono::duration<R, P>> : std::true_type {};

// The key type a field type declares by itself.
template <class T>
constexpr gleaner_config_type type_of() {
    if constexpr (is_optional<T>::value) {
        return type_of<typename T::value_type>();
    } else if constexpr (std::is_same_v<T, std::string>) {
        return GLEANER_CONFIG_STRING;
    } else if constexpr (std::is_same_v<T, bool>) {
        return GLEANER_CONFIG_BOOL;
    } else if constexpr (std::is_integral_v<T>) {
        return GLEANER_CONFIG_INT;
    } else if constexpr (std::is_floating_point_v<T>) {
        return GLEANER_CONFIG_FLOAT;
    } else if constexpr (is_duration<T>::value) {
        return GLEANER_CONFIG_DURATION;
    } else if constexpr (is_vector<T>::value) {
        return GLEANER_CONFIG_LIST;
    } else if constexpr (is_string_map<T>::value) {
        return GLEANER_CONFIG_MAP;
    } else {
        return GLEANER_CONFIG_OBJECT;
    }
}

// The type of a list's or map's items (the field's own type otherwise).
template <class T>
constexpr gleaner_config_type item_type_of() {
    if constexpr (is_optional<T>::value) {
        return item_type_of<typename T::value_type>();
    } else if constexpr (is_vector<T>::value) {
        return type_of<typename T::value_type>();
    } else if constexpr (is_string_map<T>::value) {
        return type_of<typename T::mapped_type>();
    } else {
        return type_of<T>();
    }
}

inline std::string text_of(gleaner_str s) { return s.data ? std::string(s.data, s.len) : std::string(); }

[[noreturn]] inline void mismatch(const std::string& where, const char* expected) {
    throw SettingsError("setting " + where + ": expected " + expected + " (is the daemon older than the plugin?)");
}

// Reads one value into a field; `nested` is the Settings<U> of a struct field.
template <class T>
void read_value(T& out, const gleaner_value& v, const void* nested, const std::string& where) {
    if constexpr (is_optional<T>::value) {
        if (v.kind == GLEANER_VALUE_NULL) {
            out.reset();
            return;
        }
        read_value(out.emplace(), v, nested, where);
    } else if constexpr (std::is_same_v<T, std::string>) {
        if (v.kind != GLEANER_VALUE_STRING) mismatch(where, "a string");
        out = text_of(v.string);
    } else if constexpr (std::is_same_v<T, bool>) {
        if (v.kind != GLEANER_VALUE_BOOL) mismatch(where, "true or false");
        out = v.integer != 0;
    } else if constexpr (std::is_integral_v<T>) {
        if (v.kind != GLEANER_VALUE_INT) mismatch(where, "an integer");
        out = static_cast<T>(v.integer);
    } else if constexpr (std::is_floating_point_v<T>) {
        if (v.kind == GLEANER_VALUE_INT) out = static_cast<T>(v.integer);
        else if (v.kind == GLEANER_VALUE_FLOAT) out = static_cast<T>(v.number);
        else mismatch(where, "a number");
    } else if constexpr (is_duration<T>::value) {
        if (v.kind != GLEANER_VALUE_INT) mismatch(where, "a duration in milliseconds");
        out = std::chrono::duration_cast<T>(std::chrono::milliseconds(v.integer));
    } else if constexpr (is_vector<T>::value) {
        if (v.kind != GLEANER_VALUE_LIST) mismatch(where, "a list");
        out.clear();
        out.resize(v.count);
        for (std::size_t i = 0; i < v.count; ++i)
            read_value(out[i], *v.items[i], nested, where + "[" + std::to_string(i) + "]");
    } else if constexpr (is_string_map<T>::value) {
        if (v.kind != GLEANER_VALUE_MAP) mismatch(where, "a mapping");
        out.clear();
        for (std::size_t i = 0; i < v.count; ++i) {
            const std::string name = text_of(v.names[i]);
            read_value(out[name], *v.items[i], nested, where + "." + name);
        }
    } else {
        if (v.kind != GLEANER_VALUE_MAP) mismatch(where, "a mapping");
        if (!nested) throw SettingsError("setting " + where + ": the key declares no .keys(...) for its struct");
        static_cast<const Settings<T>*>(nested)->fill(out, v, where + ".");
    }
}

// The value named `name` in a MAP value, or nullptr.
inline const gleaner_value* member(const gleaner_value& map, const std::string& name) {
    if (map.kind != GLEANER_VALUE_MAP) return nullptr;
    for (std::size_t i = 0; i < map.count; ++i)
        if (text_of(map.names[i]) == name) return map.items[i];
    return nullptr;
}

}  // namespace detail

// Which existence a PATH key requires.
enum class PathCheck { none, parent_must_exist, must_exist };

// One key of settings struct S. Built with gleaner::key(...) and refined by chained calls.
template <class S>
class Key {
public:
    template <class T, class Owner, std::enable_if_t<std::is_base_of_v<Owner, S>, int> = 0>
    Key(const char* name, T Owner::*field, const char* description)
        : name_(name), description_(description), type_(detail::type_of<T>()),
          fill_([field](S& settings, const gleaner_value& v, const void* nested, const std::string& where) {
              detail::read_value(static_cast<Owner&>(settings).*field, v, nested, where);
          }) {
        if (type_ == GLEANER_CONFIG_LIST || type_ == GLEANER_CONFIG_MAP) item_type_ = detail::item_type_of<T>();
    }

    // A key declared for a base of S (shared keys, e.g. SMTP settings) used in S's settings.
    template <class Base, std::enable_if_t<std::is_base_of_v<Base, S> && !std::is_same_v<Base, S>, int> = 0>
    Key(const Key<Base>& base) : Key(base.template rebased<S>()) {}

    Key& required() { required_ = 1; return *this; }
    // The default, written as it would be in the YAML file ("30s", "[title, text]", "\"{{title}}\"").
    Key& default_value(const char* yaml) { default_ = yaml; return *this; }
    Key& path(PathCheck check = PathCheck::none) {
        if (check == PathCheck::parent_must_exist) flags_ |= GLEANER_KEY_PARENT_MUST_EXIST;
        if (check == PathCheck::must_exist) flags_ |= GLEANER_KEY_MUST_EXIST;
        return refine(GLEANER_CONFIG_PATH);
    }
    Key& size() { return refine(GLEANER_CONFIG_SIZE); }
    // A URL; `schemes` lists the ones allowed (all when empty).
    Key& url(std::vector<std::string> schemes = {}) { choices_ = std::move(schemes); return refine(GLEANER_CONFIG_URL); }
    Key& regex() { return refine(GLEANER_CONFIG_REGEX); }
    Key& text_template(std::vector<std::string> placeholders) {
        choices_ = std::move(placeholders);
        return refine(GLEANER_CONFIG_TEMPLATE);
    }
    Key& one_of(std::vector<std::string> values) { choices_ = std::move(values); return refine(GLEANER_CONFIG_ENUM); }
    // Least value (durations in ms, sizes in bytes) or least length of a string or list.
    Key& at_least(std::int64_t min) { flags_ |= GLEANER_KEY_MIN; min_ = min; return *this; }
    Key& at_most(std::int64_t max) { flags_ |= GLEANER_KEY_MAX; max_ = max; return *this; }
    // For a key of list items: no two items may have the same value.
    Key& unique() { flags_ |= GLEANER_KEY_UNIQUE; return *this; }
    // Keys of one mapping in the same group: exactly one of them must be given.
    Key& exclusive(const char* group) { group_ = group; return *this; }
    // The keys of a struct field (or of a list's or map's struct items).
    template <class U>
    Key& keys(const Settings<U>& nested) {
        nested_ = &nested;
        nested_keys_ = nested.c_keys();
        nested_count_ = nested.size();
        return *this;
    }

private:
    template <class>
    friend class Key;
    template <class>
    friend class Settings;

    Key& refine(gleaner_config_type type) {
        (type_ == GLEANER_CONFIG_LIST || type_ == GLEANER_CONFIG_MAP ? item_type_ : type_) = type;
        return *this;
    }

    template <class Derived>
    Key<Derived> rebased() const {
        Key<Derived> out(*this, 0);
        auto fill = fill_;
        out.fill_ = [fill](Derived& settings, const gleaner_value& v, const void* nested, const std::string& where) {
            fill(static_cast<S&>(settings), v, nested, where);
        };
        return out;
    }
    // Copies everything but the filler (set by rebased()).
    template <class Other>
    Key(const Key<Other>& other, int)
        : name_(other.name_), description_(other.description_), default_(other.default_), required_(other.required_),
          type_(other.type_), item_type_(other.item_type_), flags_(other.flags_), choices_(other.choices_),
          min_(other.min_), max_(other.max_), group_(other.group_), nested_(other.nested_),
          nested_keys_(other.nested_keys_), nested_count_(other.nested_count_) {}

    std::string name_, description_;
    std::optional<std::string> default_;
    int required_ = 0;
    gleaner_config_type type_;
    gleaner_config_type item_type_ = GLEANER_CONFIG_STRING;
    std::uint32_t flags_ = 0;
    std::vector<std::string> choices_;
    std::int64_t min_ = 0, max_ = 0;
    std::optional<std::string> group_;
    const void* nested_ = nullptr;
    const gleaner_config_key* nested_keys_ = nullptr;
    std::size_t nested_count_ = 0;
    std::function<void(S&, const gleaner_value&, const void*, const std::string&)> fill_;
};

// Declares the key `name` that fills `field` (a member of S or of a base of S).
template <class T, class S>
Key<S> key(const char* name, T S::*field, const char* description) {
    return Key<S>(name, field, description);
}

// The keys of settings struct S: the table the descriptor hands the daemon, and the filler of S from
// the checked values. Lives as long as the plugin library (declare it at namespace scope).
template <class S>
class Settings {
public:
    Settings(std::initializer_list<Key<S>> keys) : keys_(keys) { build(); }
    explicit Settings(std::vector<Key<S>> keys) : keys_(std::move(keys)) { build(); }
    Settings(const Settings&) = delete;  // the C table points into this object
    Settings& operator=(const Settings&) = delete;

    const gleaner_config_key* c_keys() const { return c_keys_.data(); }
    std::size_t size() const { return c_keys_.size(); }

    // S filled from a checked MAP value; keys that are absent keep S's default-constructed value.
    S read(const gleaner_value& map) const {
        S out{};
        fill(out, map, "");
        return out;
    }
    void fill(S& out, const gleaner_value& map, const std::string& prefix) const {
        if (map.kind != GLEANER_VALUE_MAP && map.kind != GLEANER_VALUE_NULL)
            detail::mismatch(prefix.empty() ? "config" : prefix, "a mapping");
        for (const auto& k : keys_) {
            const gleaner_value* v = detail::member(map, k.name_);
            if (v && v->kind != GLEANER_VALUE_NULL) k.fill_(out, *v, k.nested_, prefix + k.name_);
        }
    }

private:
    void build() {
        choices_.reserve(keys_.size());
        for (const auto& k : keys_) {
            auto& choices = choices_.emplace_back();
            for (const auto& c : k.choices_) choices.push_back(c.c_str());
            choices.push_back(nullptr);
            gleaner_config_key c{};
            c.name = k.name_.c_str();
            c.type = k.type_;
            c.default_value = k.default_ ? k.default_->c_str() : nullptr;
            c.required = k.required_;
            c.description = k.description_.c_str();
            c.flags = k.flags_;
            c.item_type = k.item_type_;
            c.choices = k.choices_.empty() ? nullptr : choices.data();
            c.keys = k.nested_keys_;
            c.key_count = k.nested_count_;
            c.min = k.min_;
            c.max = k.max_;
            c.exclusive_group = k.group_ ? k.group_->c_str() : nullptr;
            c_keys_.push_back(c);
        }
    }

    std::vector<Key<S>> keys_;
    std::vector<std::vector<const char*>> choices_;
    std::vector<gleaner_config_key> c_keys_;
};

// Where a plugin's check(settings, problems) reports what its key types cannot say.
class Problems {
public:
    Problems(gleaner_report_fn report, void* context) : report_(report), context_(context) {}
    // `key`: the dotted path below `config:`, e.g. "headers.X-Custom" or "rules[2].name".
    void add(const std::string& key, const std::string& message) const { report_(context_, key.c_str(), message.c_str()); }

private:
    gleaner_report_fn report_;
    void* context_;
};

}  // namespace gleaner

#endif  // GLEANER_SETTINGS_HPP
