// Reading and checking single values against their type (see value_reader.h).
#include "config/value_reader.h"

#include <algorithm>
#include <charconv>

#include <re2/re2.h>

#include "config/listen_address.h"
#include "config/suggest.h"
#include "config/url_check.h"
#include "config/value_syntax.h"

namespace gleaner::config::schema {
namespace {

std::string in_quotes(const std::string& text) { return "\"" + text + "\""; }

// The value being read and where to report what is wrong with it.
struct Site {
    const YAML::Node& node;
    LoadContext& context;
    const std::string& key_path;

    std::nullopt_t fail(std::string message) const {
        context.error(position_of(node), key_path, std::move(message));
        return std::nullopt;
    }
};

// The bound's complaint about `number`, or "" when it is within bounds.
template <class Number>
std::string bound_violation(Bound bound, Number number, const std::string& as_written) {
    if (bound == Bound::kPositive && number <= Number{0}) {
        return "must be greater than 0, got " + as_written;
    }
    if (bound == Bound::kNonNegative && number < Number{0}) {
        return "must not be negative, got " + as_written;
    }
    return "";
}

template <class Number>
std::optional<Value> within_bounds(Number number, const TypeSpec& type, const std::string& text, const Site& site) {
    if (std::string violation = bound_violation(type.bound, number, text); !violation.empty()) {
        return site.fail(violation);
    }
    return Value(number);
}

std::optional<Value> read_int(const std::string& text, const TypeSpec& type, const Site& site) {
    std::int64_t number = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error == std::errc::result_out_of_range || (error == std::errc{} && number > type.max_int)) {
        return site.fail("must be at most " + std::to_string(type.max_int) + ", got " + text);
    }
    if (error != std::errc{} || end != text.data() + text.size()) {
        return site.fail("invalid integer " + in_quotes(text));
    }
    return within_bounds(number, type, text, site);
}

std::optional<Value> read_float(const std::string& text, const TypeSpec& type, const Site& site) {
    double number = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc{} || end != text.data() + text.size()) {
        return site.fail("invalid number " + in_quotes(text));
    }
    return within_bounds(number, type, text, site);
}

std::optional<Value> read_scalar(const TypeSpec& type, const Site& site) {
    std::optional<std::string> text = site.context.scalar(site.node, site.key_path, expected_value(type));
    if (!text) {
        return std::nullopt;
    }
    switch (type.kind) {
        case Kind::kInt: return read_int(*text, type, site);
        case Kind::kFloat: return read_float(*text, type, site);
        case Kind::kBool: {
            bool flag = false;
            if (!YAML::convert<bool>::decode(YAML::Node(*text), flag)) {
                return site.fail("expected true or false, got " + in_quotes(*text));
            }
            return flag;
        }
        case Kind::kDuration: {
            std::optional<Duration> duration = parse_duration(*text);
            if (!duration) {
                return site.fail("invalid duration " + in_quotes(*text) + " (" + duration_hint() + ")");
            }
            if (std::string violation = bound_violation(type.bound, duration->count(), *text); !violation.empty()) {
                return site.fail(violation);
            }
            return *duration;
        }
        case Kind::kSize: {
            std::optional<std::int64_t> size = parse_size(*text);
            if (!size) {
                return site.fail("invalid size " + in_quotes(*text) + " (" + size_hint() + ")");
            }
            return within_bounds(*size, type, *text, site);
        }
        case Kind::kPath: return site.context.resolve_path(*text).string();
        case Kind::kEnum:
            if (std::find(type.choices.begin(), type.choices.end(), *text) == type.choices.end()) {
                return site.fail("invalid value " + in_quotes(*text) + ", expected " + expected_value(type) +
                                 did_you_mean(*text, type.choices));
            }
            return *text;
        case Kind::kListenAddress:
            if (auto parsed = parse_listen_address(*text); std::holds_alternative<std::string>(parsed)) {
                return site.fail(std::get<std::string>(parsed));
            }
            return *text;
        default: return *text;  // kString
    }
}

// A list item after its own check (regex, URL); nullopt after reporting a problem with it.
std::optional<std::string> read_item(const TypeSpec& type, const Site& item) {
    std::optional<std::string> text = item.context.scalar(item.node, item.key_path, "a string");
    if (!text) {
        return std::nullopt;
    }
    if (type.kind == Kind::kStringList && !type.choices.empty() &&
        std::find(type.choices.begin(), type.choices.end(), *text) == type.choices.end()) {
        return item.fail("invalid value " + in_quotes(*text) + ", expected one of " +
                         quoted_alternatives(type.choices) + did_you_mean(*text, type.choices));
    }
    if (type.kind == Kind::kRegexList) {
        RE2 regex(*text, RE2::Quiet);
        if (!regex.ok()) {
            return item.fail("invalid regular expression " + in_quotes(*text) + ": " + regex.error());
        }
    }
    if (type.kind == Kind::kPathList) return item.context.resolve_path(*text).string();
    if (type.kind == Kind::kUrlList) {
        CheckedUrl url = check_source_url(*text, item.context.base_dir());
        if (!url.error.empty()) {
            return item.fail(url.error);
        }
        return url.url;
    }
    return text;
}

std::optional<Value> read_list(const TypeSpec& type, const Site& site) {
    if (!site.node.IsSequence()) {
        std::string hint = site.node.IsScalar() ? " (write [" + site.node.Scalar() + "] for a list of one)" : "";
        return site.fail("expected " + expected_value(type) + ", got " + describe_node(site.node) + hint);
    }
    if (type.bound == Bound::kPositive && site.node.size() == 0) {
        return site.fail("must not be empty");
    }
    std::vector<std::string> items;
    bool all_good = true;
    for (std::size_t i = 0; i < site.node.size(); ++i) {
        std::string item_path = site.key_path + "[" + std::to_string(i) + "]";
        site.context.remember(item_path, position_of(site.node[i]));
        std::optional<std::string> item = read_item(type, Site{site.node[i], site.context, item_path});
        all_good = all_good && item.has_value();
        if (item) {
            items.push_back(std::move(*item));
        }
    }
    return all_good ? std::optional<Value>(std::move(items)) : std::nullopt;
}

std::optional<Value> read_map(const TypeSpec& type, const Site& site) {
    if (!site.node.IsMap()) {
        return site.fail("expected " + expected_value(type) + ", got " + describe_node(site.node));
    }
    std::map<std::string, std::string> entries;
    bool all_good = true;
    for (const auto& entry : site.node) {
        const std::string key = entry.first.Scalar();
        if (!is_utf8(key)) {
            site.context.error(position_of(entry.first), site.key_path, "a key that is not valid UTF-8 text");
            all_good = false;
            continue;
        }
        std::string entry_path = site.key_path + "." + key;
        std::optional<std::string> text = site.context.scalar(entry.second, entry_path, "a string");
        all_good = all_good && text.has_value();
        if (text) {
            entries[key] = std::move(*text);
        }
    }
    return all_good ? std::optional<Value>(std::move(entries)) : std::nullopt;
}

}  // namespace

std::optional<Value> read_value(const YAML::Node& node, const TypeSpec& type, LoadContext& context,
                                const std::string& key_path) {
    Site site{node, context, key_path};
    switch (type.kind) {
        case Kind::kStringList:
        case Kind::kRegexList:
        case Kind::kUrlList:
        case Kind::kPathList: return read_list(type, site);
        case Kind::kStringMap: return read_map(type, site);
        default: return read_scalar(type, site);
    }
}

}  // namespace gleaner::config::schema
