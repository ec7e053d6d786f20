// Parsers and names for the configuration's value types (see value_syntax.h).
#include "config/value_syntax.h"

#include <array>
#include <charconv>
#include <limits>

namespace gleaner::config::schema {
namespace {

struct Unit {
    std::string_view suffix;
    std::int64_t factor;
};

// Longest suffixes first where one is the prefix of another ("ms" before "m").
constexpr std::array kDurationUnits{Unit{"ms", 1}, Unit{"s", 1000}, Unit{"m", 60'000}, Unit{"h", 3'600'000},
                                    Unit{"d", 86'400'000}};
constexpr std::array kSizeUnits{Unit{"KiB", 1LL << 10}, Unit{"MiB", 1LL << 20}, Unit{"GiB", 1LL << 30},
                                Unit{"KB", 1'000},      Unit{"MB", 1'000'000},  Unit{"GB", 1'000'000'000}};

// Reads leading digits of `text` into `number`, advancing `text`; false when there are none or they
// overflow.
bool take_number(std::string_view& text, std::int64_t& number) {
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc{} || end == text.data() || text.front() == '-') {
        return false;
    }
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    return true;
}

template <std::size_t N>
const Unit* take_unit(std::string_view& text, const std::array<Unit, N>& units) {
    // The longest matching suffix wins, so "ms" is not read as "m" followed by garbage.
    const Unit* best = nullptr;
    for (const Unit& unit : units) {
        if (text.starts_with(unit.suffix) && (best == nullptr || unit.suffix.size() > best->suffix.size())) {
            best = &unit;
        }
    }
    if (best != nullptr) {
        text.remove_prefix(best->suffix.size());
    }
    return best;
}

bool multiply_add(std::int64_t& total, std::int64_t number, std::int64_t factor) {
    constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
    if (number > (kMax - total) / factor) {
        return false;
    }
    total += number * factor;
    return true;
}

template <std::size_t N>
std::string unit_list(const std::array<Unit, N>& units) {
    std::vector<std::string_view> suffixes;
    for (const Unit& unit : units) {
        suffixes.push_back(unit.suffix);
    }
    std::string text;
    for (std::size_t i = 0; i < suffixes.size(); ++i) {
        text += (i == 0 ? "" : i + 1 == suffixes.size() ? " or " : ", ");
        text += suffixes[i];
    }
    return text;
}

// How each type is called in the reference and in "expected ..." messages (kEnum lists its choices).
struct KindWords {
    Kind kind;
    std::string_view name;
    std::string_view expected;
};
constexpr std::array kKindWords{
    KindWords{Kind::kString, "string", "a string"},
    KindWords{Kind::kInt, "integer", "an integer"},
    KindWords{Kind::kFloat, "number", "a number"},
    KindWords{Kind::kBool, "boolean", "true or false"},
    KindWords{Kind::kDuration, "duration", "a duration"},
    KindWords{Kind::kSize, "size", "a size"},
    KindWords{Kind::kPath, "path", "a path"},
    KindWords{Kind::kStringList, "list of strings", "a list of strings"},
    KindWords{Kind::kStringMap, "mapping of strings", "a mapping of strings"},
    KindWords{Kind::kEnum, "enum", "one of the allowed values"},
    KindWords{Kind::kRegexList, "list of regexes", "a list of regular expressions"},
    KindWords{Kind::kUrlList, "list of URLs", "a list of URLs"},
    KindWords{Kind::kPathList, "list of paths", "a list of paths"},
    KindWords{Kind::kListenAddress, "host:port", "host:port"},
    KindWords{Kind::kAny, "any", "a value"},
    KindWords{Kind::kEntryList, "list of mappings", "a list of mappings"},
    KindWords{Kind::kPluginSettings, "mapping", "a mapping"},
};

const KindWords& words_for(Kind kind) {
    for (const KindWords& words : kKindWords) {
        if (words.kind == kind) {
            return words;
        }
    }
    return kKindWords.front();
}

bool is_list(Kind kind) {
    return kind == Kind::kStringList || kind == Kind::kRegexList || kind == Kind::kUrlList || kind == Kind::kPathList ||
           kind == Kind::kEntryList;
}

}  // namespace

std::optional<Duration> parse_duration(std::string_view text) {
    if (text == "0") {
        return Duration{0};
    }
    if (text.empty()) {
        return std::nullopt;
    }
    std::int64_t total = 0;
    while (!text.empty()) {
        std::int64_t number = 0;
        if (!take_number(text, number)) {
            return std::nullopt;
        }
        const Unit* unit = take_unit(text, kDurationUnits);
        if (unit == nullptr || !multiply_add(total, number, unit->factor)) {
            return std::nullopt;
        }
    }
    return Duration{total};
}

std::optional<std::int64_t> parse_size(std::string_view text) {
    std::int64_t number = 0;
    if (!take_number(text, number)) {
        return std::nullopt;
    }
    if (text.empty()) {
        return number;
    }
    const Unit* unit = take_unit(text, kSizeUnits);
    std::int64_t total = 0;
    if (unit == nullptr || !text.empty() || !multiply_add(total, number, unit->factor)) {
        return std::nullopt;
    }
    return total;
}

std::string duration_hint() {
    return "use a number followed by " + unit_list(kDurationUnits) + ", e.g. 15m";
}

std::string size_hint() {
    return "use a number of bytes, optionally followed by " + unit_list(kSizeUnits) + ", e.g. 16MiB";
}

std::string quoted_alternatives(const std::vector<std::string_view>& words) {
    std::string text;
    for (std::size_t i = 0; i < words.size(); ++i) {
        text += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ");
        text += '`';
        text += words[i];
        text += '`';
    }
    return text;
}

std::string type_name(const TypeSpec& type) {
    if (type.kind == Kind::kEnum) {
        return "one of " + quoted_alternatives(type.choices);
    }
    if (type.kind == Kind::kStringList && !type.choices.empty()) {
        return "list of " + quoted_alternatives(type.choices) + " (at least one)";
    }
    std::string name(words_for(type.kind).name);
    if (type.bound == Bound::kPositive) {
        return name + (is_list(type.kind) ? " (at least one)" : " > 0");
    }
    return type.bound == Bound::kNonNegative ? name + " >= 0" : name;
}

std::string expected_value(const TypeSpec& type) {
    if (type.kind == Kind::kEnum) {
        return "one of " + quoted_alternatives(type.choices);
    }
    return std::string(words_for(type.kind).expected);
}

}  // namespace gleaner::config::schema
