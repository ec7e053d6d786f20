// gleaner/plugin.hpp — header-only C++ helper over the C ABI in plugin.h.
//
// A plugin is a settings struct, its keys, one class and one macro:
//
//     struct HelloSettings {
//         std::string greeting;
//     };
//     const gleaner::Settings<HelloSettings> kHelloSettings{
//         gleaner::key("greeting", &HelloSettings::greeting, "What to say").default_value("hello"),
//     };
//     class Hello : public gleaner::Plugin {
//     public:
//         Hello(gleaner::Host& host, HelloSettings settings) : host_(host), settings_(std::move(settings)) {}
//         gleaner::Status consume(const gleaner::Article& a) override {
//             host_.info(settings_.greeting + " " + std::string(a.title()));
//             return gleaner::Status::ok;
//         }
//     private:
//         gleaner::Host& host_;
//         HelloSettings settings_;
//     };
//     GLEANER_PLUGIN(Hello, "hello", "1.0.0", "Says hello for every article", kHelloSettings)
//
// The daemon checks the settings against the keys (see settings.hpp) and the class receives them
// filled in. A class may also declare `static void check(const HelloSettings&, const gleaner::Problems&)`
// for what key types cannot say; check-config, start-up and reload call it. Plugins written before
// ABI 1.2 pass an array of gleaner_config_key instead and read host.config_json(); that still works.
//
// The macro exports gleaner_plugin_entry and turns exceptions into statuses so none crosses the C
// boundary: gleaner::RetryError means GLEANER_RETRY, any other exception GLEANER_FAIL (its what() is
// reported as the reason). Requires C++17.
#ifndef GLEANER_PLUGIN_HPP
#define GLEANER_PLUGIN_HPP

#include <gleaner/plugin.h>
#include <gleaner/settings.hpp>

#include <cstdint>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace gleaner {

enum class Status { ok = GLEANER_OK, retry = GLEANER_RETRY, fail = GLEANER_FAIL };

// Throw from consume/flush to ask for a later retry (a temporary failure: network down, database busy).
class RetryError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

inline std::string_view view(gleaner_str s) { return s.data ? std::string_view(s.data, s.len) : std::string_view(); }

// Read-only view of one article; valid only during the consume call.
class Article {
public:
    explicit Article(const gleaner_article& a) : a_(a) {}

    std::string_view id() const { return view(a_.id); }
    std::string_view source() const { return view(a_.source); }
    std::string_view url() const { return view(a_.url); }
    std::string_view canonical_url() const { return view(a_.canonical_url); }
    std::string_view title() const { return view(a_.title); }
    std::vector<std::string_view> authors() const { return list(a_.authors, a_.author_count); }
    std::string_view published() const { return view(a_.published); }
    std::string_view modified() const { return view(a_.modified); }
    std::int64_t published_at_ms() const { return a_.published_at_ms; }
    std::string_view language() const { return view(a_.language); }
    std::string_view site_name() const { return view(a_.site_name); }
    std::string_view description() const { return view(a_.description); }
    std::string_view image() const { return view(a_.image); }
    std::string_view section() const { return view(a_.section); }
    std::vector<std::string_view> tags() const { return list(a_.tags, a_.tag_count); }
    std::string_view text() const { return view(a_.text); }
    std::string_view html() const { return view(a_.html); }
    std::uint32_t word_count() const { return a_.word_count; }
    bool partial() const { return a_.partial != 0; }
    // The whole article (metadata, text, html, provenance) as one JSON object.
    std::string_view json() const { return view(a_.json); }
    const gleaner_provenance* provenance() const { return a_.provenance; }
    // Filter terms that matched (ABI 1.1); empty when the daemon is older or no rule matched.
    std::string_view matched_terms() const {
        return GLEANER_HAS_FIELD(&a_, gleaner_article, matched_terms) ? view(a_.matched_terms) : std::string_view();
    }
    // The story cluster (ABI 1.3): the id of its first-stored article, and that article's canonical URL
    // when this one is a copy of it on another site (empty for the first); empty from an older daemon.
    std::string_view cluster_id() const {
        return GLEANER_HAS_FIELD(&a_, gleaner_article, cluster_id) ? view(a_.cluster_id) : std::string_view();
    }
    std::string_view duplicate_of() const {
        return GLEANER_HAS_FIELD(&a_, gleaner_article, duplicate_of) ? view(a_.duplicate_of) : std::string_view();
    }
    const gleaner_article& raw() const { return a_; }

private:
    static std::vector<std::string_view> list(const gleaner_str* items, size_t count) {
        std::vector<std::string_view> out;
        out.reserve(count);
        for (size_t i = 0; i < count; ++i) out.push_back(view(items[i]));
        return out;
    }
    const gleaner_article& a_;
};

// The daemon's services for one plugin instance.
class Host {
public:
    Host(gleaner_host* host, const gleaner_host_api* api) : host_(host), api_(api) {}

    void log(gleaner_log_level level, const std::string& message) const { api_->log(host_, level, message.c_str()); }
    void debug(const std::string& m) const { log(GLEANER_LOG_DEBUG, m); }
    void info(const std::string& m) const { log(GLEANER_LOG_INFO, m); }
    void warn(const std::string& m) const { log(GLEANER_LOG_WARN, m); }
    void error(const std::string& m) const { log(GLEANER_LOG_ERROR, m); }
    void report_error(const std::string& m) const { api_->report_error(host_, m.c_str()); }
    void count(const char* name, std::uint64_t delta = 1) const { api_->count(host_, name, delta); }
    // The instance's config mapping as JSON (defaults filled in, paths absolute, durations in ms).
    std::string config_json() const { return api_->config_json(host_); }
    std::string instance_name() const { return api_->instance_name(host_); }
    std::string data_dir() const { return api_->data_dir(host_); }
    // The checked settings tree (ABI 1.2); nullptr when the daemon is older.
    const gleaner_value* settings() const {
        return GLEANER_HAS_FIELD(api_, gleaner_host_api, settings) && api_->settings ? api_->settings(host_) : nullptr;
    }
    gleaner_host* raw() const { return host_; }
    const gleaner_host_api* api() const { return api_; }

private:
    gleaner_host* host_;
    const gleaner_host_api* api_;
};

class Plugin {
public:
    virtual ~Plugin() = default;
    virtual Status consume(const Article& article) = 0;
    // Make everything accepted since the last flush durable. Default: nothing buffered.
    virtual Status flush() { return Status::ok; }
};

namespace detail {

// One instance: the C++ object plus the host handle used to report exceptions.
struct Instance {
    Host host;
    std::unique_ptr<Plugin> plugin;
};

inline gleaner_status report(const Host& host, gleaner_status status, const char* what) {
    host.report_error(what);
    return status;
}

template <typename Fn>
gleaner_status guarded(void* instance, Fn&& fn) {
    auto* self = static_cast<Instance*>(instance);
    try {
        return static_cast<gleaner_status>(fn(*self->plugin));
    } catch (const RetryError& e) {
        return report(self->host, GLEANER_RETRY, e.what());
    } catch (const std::exception& e) {
        return report(self->host, GLEANER_FAIL, e.what());
    } catch (...) {
        return report(self->host, GLEANER_FAIL, "unknown exception");
    }
}

// Builds the C++ object inside the instance, turning a constructor's exception into a reason.
template <typename Make>
void* create_instance(gleaner_host* raw_host, const gleaner_host_api* api, Make&& make) {
    // The instance owns the Host the plugin keeps a reference to, so it is built first.
    auto instance = std::unique_ptr<Instance>(new Instance{Host(raw_host, api), nullptr});
    try {
        instance->plugin = make(instance->host);
        return instance.release();
    } catch (const std::exception& e) {
        instance->host.report_error(e.what());
    } catch (...) {
        instance->host.report_error("unknown exception in plugin constructor");
    }
    return nullptr;
}

template <typename T>
void* create(gleaner_host* raw_host, const gleaner_host_api* api) {
    return create_instance(raw_host, api, [](Host& host) { return std::make_unique<T>(host); });
}

// The plugin's settings table, one per plugin class (set when the descriptor is built).
template <typename T, typename S>
inline const Settings<S>* settings_table = nullptr;

template <typename T, typename S>
void* create_with_settings(gleaner_host* raw_host, const gleaner_host_api* api) {
    return create_instance(raw_host, api, [](Host& host) {
        const gleaner_value* values = host.settings();
        if (!values) throw std::runtime_error("this plugin needs a Gleaner daemon with plugin ABI 1.2 or later");
        return std::make_unique<T>(host, settings_table<T, S>->read(*values));
    });
}

template <typename T, typename S, typename = void>
struct has_check : std::false_type {};
template <typename T, typename S>
struct has_check<T, S, std::void_t<decltype(T::check(std::declval<const S&>(), std::declval<const Problems&>()))>>
    : std::true_type {};

template <typename T, typename S>
void check_settings(const gleaner_value* values, gleaner_report_fn report, void* context) {
    const Problems problems(report, context);
    try {
        T::check(settings_table<T, S>->read(*values), problems);
    } catch (const std::exception& e) {
        problems.add("", e.what());
    } catch (...) {
        problems.add("", "unknown exception in check()");
    }
}

inline gleaner_plugin_descriptor make_descriptor(const char* name, const char* version, const char* description,
                                          const gleaner_config_key* keys, size_t key_count,
                                          void* (*create)(gleaner_host*, const gleaner_host_api*)) {
    gleaner_plugin_descriptor d{};
    d.struct_size = sizeof(gleaner_plugin_descriptor);
    d.abi_major = GLEANER_ABI_MAJOR;
    d.abi_minor = GLEANER_ABI_MINOR;
    d.name = name;
    d.version = version;
    d.description = description;
    d.config_keys = keys;
    d.config_key_count = key_count;
    d.config_key_size = sizeof(gleaner_config_key);
    d.create = create;
    d.consume = [](void* instance, const gleaner_article* article) {
        return guarded(instance, [article](Plugin& p) { return p.consume(Article(*article)); });
    };
    d.flush = [](void* instance) { return guarded(instance, [](Plugin& p) { return p.flush(); }); };
    d.destroy = [](void* instance) { delete static_cast<Instance*>(instance); };
    return d;
}

// A plugin with a settings struct: constructed from (Host&, S).
template <typename T, typename S>
gleaner_plugin_descriptor describe(const char* name, const char* version, const char* description,
                                   const Settings<S>& settings) {
    settings_table<T, S> = &settings;
    gleaner_plugin_descriptor d = make_descriptor(name, version, description, settings.c_keys(), settings.size(),
                                                  &create_with_settings<T, S>);
    if constexpr (has_check<T, S>::value) d.check = &check_settings<T, S>;
    return d;
}

// A plugin with a plain key table: constructed from (Host&), reads host.config_json().
template <typename T, size_t N>
gleaner_plugin_descriptor describe(const char* name, const char* version, const char* description,
                                   const gleaner_config_key (&keys)[N]) {
    return make_descriptor(name, version, description, keys, N, &create<T>);
}

}  // namespace detail
}  // namespace gleaner

// Declares the plugin. KEYS is a gleaner::Settings<S> (CLASS is constructed from (gleaner::Host&, S))
// or, as before ABI 1.2, an array of gleaner_config_key (CLASS is constructed from gleaner::Host&).
#define GLEANER_PLUGIN(CLASS, NAME, VERSION, DESCRIPTION, KEYS)                                    \
    extern "C" GLEANER_PLUGIN_EXPORT const gleaner_plugin_descriptor* gleaner_plugin_entry(void) { \
        static const gleaner_plugin_descriptor descriptor =                                        \
            gleaner::detail::describe<CLASS>(NAME, VERSION, DESCRIPTION, KEYS);                    \
        return &descriptor;                                                                        \
    }

#endif  // GLEANER_PLUGIN_HPP
