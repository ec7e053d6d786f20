// robots.txt parsing and matching (RFC 9309).
#include "fetch/robots_rules.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace gleaner::fetch {
namespace {

enum class Key { user_agent, allow, disallow, crawl_delay, sitemap, unknown };

// Accepted spellings of each key, lower case. The misspellings are the ones Google's parser
// accepts, because real sites use them.
struct KeySpelling {
    std::string_view spelling;
    Key key;
};
constexpr KeySpelling kKeySpellings[] = {
    {"user-agent", Key::user_agent}, {"useragent", Key::user_agent}, {"user agent", Key::user_agent},
    {"allow", Key::allow},
    {"disallow", Key::disallow},     {"dissallow", Key::disallow},   {"dissalow", Key::disallow},
    {"disalow", Key::disallow},      {"diasllow", Key::disallow},    {"disallaw", Key::disallow},
    {"crawl-delay", Key::crawl_delay}, {"crawldelay", Key::crawl_delay},
    {"sitemap", Key::sitemap},       {"site-map", Key::sitemap},
};

constexpr std::string_view kWhitespace = " \t";

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(kWhitespace);
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(kWhitespace);
    return text.substr(first, last - first + 1);
}

std::string lower(std::string_view text) {
    std::string result(text);
    std::transform(result.begin(), result.end(), result.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return result;
}

Key key_for(std::string_view name) {
    const std::string lowered = lower(name);
    for (const auto& entry : kKeySpellings) {
        if (entry.spelling == lowered) return entry.key;
    }
    return Key::unknown;
}

bool is_token_char(unsigned char c) { return std::isalpha(c) || c == '_' || c == '-'; }

std::optional<std::chrono::milliseconds> parse_crawl_delay(std::string_view value) {
    double seconds = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (error != std::errc() || end == value.data() || !std::isfinite(seconds) || seconds < 0) {
        return std::nullopt;
    }
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(seconds * 1000.0)));
}

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

}  // namespace

std::string robots_product_token(std::string_view user_agent) {
    user_agent = trim(user_agent);
    std::size_t length = 0;
    while (length < user_agent.size() && is_token_char(static_cast<unsigned char>(user_agent[length]))) {
        ++length;
    }
    return lower(user_agent.substr(0, length));
}

std::string normalise_robots_path(std::string_view path) {
    static constexpr char kHexDigits[] = "0123456789ABCDEF";
    std::string result;
    result.reserve(path.size());
    for (std::size_t i = 0; i < path.size(); ++i) {
        const auto byte = static_cast<unsigned char>(path[i]);
        if (byte == '%' && i + 2 < path.size() && is_hex(path[i + 1]) && is_hex(path[i + 2])) {
            result += '%';
            result += static_cast<char>(std::toupper(static_cast<unsigned char>(path[i + 1])));
            result += static_cast<char>(std::toupper(static_cast<unsigned char>(path[i + 2])));
            i += 2;
        } else if (byte <= 0x20 || byte >= 0x7f) {
            result += '%';
            result += kHexDigits[byte >> 4];
            result += kHexDigits[byte & 0x0f];
        } else {
            result += static_cast<char>(byte);
        }
    }
    return result;
}

bool robots_pattern_matches(std::string_view pattern, std::string_view path) {
    // Positions in `path` reachable after matching a prefix of `pattern`, ascending, no duplicates.
    std::vector<std::size_t> positions{0};
    std::vector<std::size_t> next;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char symbol = pattern[i];
        if (symbol == '$' && i + 1 == pattern.size()) {
            return positions.back() == path.size();
        }
        next.clear();
        if (symbol == '*') {
            for (std::size_t position = positions.front(); position <= path.size(); ++position) {
                next.push_back(position);
            }
        } else {
            for (const std::size_t position : positions) {
                if (position < path.size() && path[position] == symbol) next.push_back(position + 1);
            }
            if (next.empty()) return false;
        }
        positions.swap(next);
    }
    return true;
}

RobotsRules RobotsRules::parse(std::string_view text) {
    RobotsRules rules;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte order mark
    Group* current = nullptr;
    bool collecting_agents = false;  // the previous meaningful line was a user-agent line
    while (!text.empty()) {
        const auto line_end = text.find_first_of("\r\n");
        std::string_view line = text.substr(0, line_end);
        text.remove_prefix(line_end == std::string_view::npos ? text.size() : line_end + 1);
        line = line.substr(0, line.find('#'));
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        const Key key = key_for(trim(line.substr(0, colon)));
        const std::string_view value = trim(line.substr(colon + 1));
        switch (key) {
            case Key::user_agent: {
                if (!collecting_agents) current = &rules.groups_.emplace_back();
                collecting_agents = true;
                const bool is_star = !value.empty() && value.front() == '*';
                current->agents.push_back(is_star ? std::string("*") : robots_product_token(value));
                break;
            }
            case Key::allow:
            case Key::disallow:
                collecting_agents = false;
                // Rules before any user-agent line belong to no group; an empty path means no rule.
                if (current != nullptr && !value.empty()) {
                    current->rules.push_back({key == Key::allow, normalise_robots_path(value)});
                }
                break;
            case Key::crawl_delay:
                collecting_agents = false;
                if (current != nullptr) {
                    if (auto delay = parse_crawl_delay(value)) current->crawl_delay = delay;
                }
                break;
            case Key::sitemap:  // not part of any group
                if (!value.empty()) rules.sitemaps_.emplace_back(value);
                break;
            case Key::unknown: break;
        }
    }
    return rules;
}

std::vector<const RobotsRules::Group*> RobotsRules::groups_for(std::string_view user_agent) const {
    const std::string token = robots_product_token(user_agent);
    std::vector<const Group*> named, star;
    for (const auto& group : groups_) {
        const auto& agents = group.agents;
        if (!token.empty() && std::find(agents.begin(), agents.end(), token) != agents.end()) {
            named.push_back(&group);
        } else if (std::find(agents.begin(), agents.end(), "*") != agents.end()) {
            star.push_back(&group);
        }
    }
    return named.empty() ? star : named;
}

bool RobotsRules::allowed(std::string_view user_agent, std::string_view path) const {
    const std::string normalised = normalise_robots_path(path.empty() ? "/" : path);
    if (normalised == "/robots.txt") return true;
    // The longest matching pattern decides; on a tie, allow wins (RFC 9309 section 2.2.2).
    std::optional<std::size_t> best_length;
    bool best_allows = true;
    for (const Group* group : groups_for(user_agent)) {
        for (const Rule& rule : group->rules) {
            const std::size_t length = rule.pattern.size();
            const bool would_win = !best_length || length > *best_length || (length == *best_length && rule.allow);
            if (!would_win || !robots_pattern_matches(rule.pattern, normalised)) continue;
            best_length = length;
            best_allows = rule.allow;
        }
    }
    return best_allows;
}

std::optional<std::chrono::milliseconds> RobotsRules::crawl_delay(std::string_view user_agent) const {
    std::optional<std::chrono::milliseconds> longest;
    for (const Group* group : groups_for(user_agent)) {
        if (group->crawl_delay && (!longest || *group->crawl_delay > *longest)) longest = group->crawl_delay;
    }
    return longest;
}

}  // namespace gleaner::fetch
