// A parsed robots.txt (RFC 9309) and the questions the fetcher asks it: may this user agent fetch
// this path, how long must it wait between requests (Crawl-delay), which sitemaps are announced.
// No C/C++ robots.txt library is packaged in Debian, so this small parser follows the RFC and
// Google's reference behaviour (product-token matching, merged groups, longest match, * and $).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gleaner::fetch {

class RobotsRules {
public:
    // Parses robots.txt text. Never fails: lines that mean nothing are ignored, as the RFC asks.
    static RobotsRules parse(std::string_view text);

    // `user_agent` is the full User-Agent header ("Gleaner/0.1 (+https://...)"); the group is chosen
    // by its product token ("gleaner"), with the `*` group as fallback. `path` is the URL's path and
    // query ("/a/b?c=d"). /robots.txt itself is always allowed.
    bool allowed(std::string_view user_agent, std::string_view path) const;

    // The Crawl-delay of the group chosen for `user_agent`, if it has one.
    std::optional<std::chrono::milliseconds> crawl_delay(std::string_view user_agent) const;

    const std::vector<std::string>& sitemaps() const { return sitemaps_; }

private:
    struct Rule {
        bool allow;
        std::string pattern;  // normalised like the paths it is matched against
    };
    struct Group {
        std::vector<std::string> agents;  // lower-case product tokens, or "*"
        std::vector<Rule> rules;
        std::optional<std::chrono::milliseconds> crawl_delay;
    };

    // The groups that apply to `user_agent`: every group naming its product token, else every `*` group.
    std::vector<const Group*> groups_for(std::string_view user_agent) const;

    std::vector<Group> groups_;
    std::vector<std::string> sitemaps_;
};

// The product token robots.txt groups are matched by: the leading run of letters, '_' and '-' of
// a User-Agent, lower-cased ("Gleaner/0.1 (+https://x)" -> "gleaner").
std::string robots_product_token(std::string_view user_agent);

// Whether `path` matches a robots.txt path pattern (`*` any run of characters, `$` at the end
// anchors). Both must be normalised already (see normalise_robots_path).
bool robots_pattern_matches(std::string_view pattern, std::string_view path);

// Percent-encodes bytes outside printable ASCII and upper-cases existing %xx escapes, so that
// "/ツ" and "/%e3%83%84" compare equal, as RFC 9309 section 2.2.2 requires.
std::string normalise_robots_path(std::string_view path);

}  // namespace gleaner::fetch
