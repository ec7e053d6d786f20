// clean_authors (see metadata_authors.h); the prefixes, separators and role words are data in
// metadata_patterns.cpp.
#include "extract/metadata/metadata_authors.h"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "extract/metadata/metadata_dom.h"
#include "extract/metadata/metadata_patterns.h"

namespace gleaner::extract {
namespace {

constexpr std::size_t kMaxNameBytes = 80;
constexpr std::size_t kMaxNameWords = 5;

std::string lower(std::string_view text) {
    std::string lowered(text);
    for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lowered;
}

std::string_view trim_name(std::string_view text) {
    auto junk = [](char c) { return c == ' ' || c == ',' || c == ';' || c == ':' || c == '-' || c == '|' || c == '.' || c == '/' || c == '(' || c == ')'; };
    while (!text.empty() && junk(text.front())) text.remove_prefix(1);
    while (!text.empty() && junk(text.back()) && text.back() != '.') text.remove_suffix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == ',')) text.remove_suffix(1);
    return text;
}

std::size_t word_count(std::string_view text);

std::string_view strip_prefix(std::string_view text) {
    for (bool stripped = true; stripped;) {
        stripped = false;
        text = trim_name(text);
        // "Analysis by X", "Photographs and text by X": a short lead-in ending in " by ".
        const std::string head = lower(text.substr(0, 40));
        if (const std::size_t by = head.find(" by "); by != std::string::npos && word_count(head.substr(0, by)) <= 3) {
            text.remove_prefix(by + 4);
            stripped = true;
            continue;
        }
        const std::string lowered = lower(text.substr(0, 24));
        for (std::string_view prefix : patterns::byline_prefixes()) {
            const bool word_ends = prefix.back() == ':' ||
                                   (lowered.size() > prefix.size() && lowered[prefix.size()] == ' ');
            if (lowered.starts_with(prefix) && word_ends) {
                text.remove_prefix(prefix.size());
                stripped = true;
                break;
            }
        }
    }
    return text;
}

// Splits on every separator (case-insensitive), newline and comma.
std::vector<std::string> split_names(const std::string& text) {
    std::vector<std::string> parts{text};
    std::vector<std::string_view> separators(patterns::author_separators().begin(), patterns::author_separators().end());
    separators.push_back(",");
    separators.push_back("\n");
    for (std::string_view separator : separators) {
        std::vector<std::string> next;
        for (const std::string& part : parts) {
            const std::string lowered = lower(part);
            std::size_t start = 0;
            for (std::size_t found; (found = lowered.find(separator, start)) != std::string::npos; start = found + separator.size()) {
                next.push_back(part.substr(start, found - start));
            }
            next.push_back(part.substr(start));
        }
        parts = std::move(next);
    }
    return parts;
}

// Cuts a name before the first stop word ("Jeff Foust Monday" -> "Jeff Foust"); the first word is
// never cut, so a name cannot become empty this way.
std::string cut_at_stop_word(const std::string& name) {
    std::size_t start = name.find(' ');
    while (start != std::string::npos) {
        const std::size_t end = name.find(' ', start + 1);
        const std::string word = lower(name.substr(start + 1, end == std::string::npos ? std::string::npos : end - start - 1));
        const auto stops = patterns::author_stop_words();
        if (std::find(stops.begin(), stops.end(), word) != stops.end()) return name.substr(0, start);
        start = end;
    }
    return name;
}

bool is_byline_prefix(const std::string& name) {
    const std::string lowered = lower(name);
    return std::any_of(patterns::byline_prefixes().begin(), patterns::byline_prefixes().end(), [&](std::string_view prefix) {
        return lowered == prefix || lowered + ":" == prefix;
    });
}

bool is_url_or_handle(std::string_view text) {
    return text.find("://") != std::string_view::npos || text.starts_with("www.") || text.starts_with("/") ||
           text.find('@') != std::string_view::npos || text.find(".com") != std::string_view::npos;
}

bool has_role_word(const std::string& name) {
    const std::string padded = dom::concat({" ", lower(name), " "});
    return std::any_of(patterns::author_role_words().begin(), patterns::author_role_words().end(),
                       [&](std::string_view role) { return padded.find(dom::concat({" ", role, " "})) != std::string::npos; });
}

std::size_t word_count(std::string_view text) {
    std::size_t words = 0;
    bool in_word = false;
    for (char c : text) {
        if (c != ' ' && !in_word) ++words;
        in_word = c != ' ';
    }
    return words;
}

// Inside a Latin-script name every word is capitalised except particles ("van", "de"); a phrase such
// as "Syrian defense ministries" or "The Russian" is not a name.
bool capitalised_like_a_name(const std::string& name) {
    if (lower(name).starts_with("the ")) return false;
    std::size_t start = name.find(' ');
    while (start != std::string::npos) {
        const std::size_t end = name.find(' ', start + 1);
        const std::string word = name.substr(start + 1, end == std::string::npos ? std::string::npos : end - start - 1);
        const auto first = word.empty() ? 0 : static_cast<unsigned char>(word.front());
        const auto particles = patterns::name_particles();
        if (first < 0x80 && std::islower(first) && std::find(particles.begin(), particles.end(), word) == particles.end()) return false;
        start = end;
    }
    return true;
}

bool acceptable_name(const std::string& name, const std::string& site_name) {
    if (name.empty() || name.size() > kMaxNameBytes || word_count(name) > kMaxNameWords) return false;
    if (std::any_of(name.begin(), name.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) return false;
    if (is_url_or_handle(name) || has_role_word(name) || is_byline_prefix(name)) return false;
    // Latin-script names start with a capital; "posted in news" does not.
    const auto first = static_cast<unsigned char>(name.front());
    if (first < 0x80 && !std::isupper(first)) return false;
    if (!capitalised_like_a_name(name)) return false;
    // The site's own name ("BBC News" on bbc.com, "Business Insider" in "Business Insider Deutschland").
    if (!site_name.empty()) {
        const std::string a = lower(name), b = lower(site_name);
        if (a.find(b) != std::string::npos || b.find(a) != std::string::npos) return false;
    }
    return true;
}

}  // namespace

std::vector<std::string> clean_authors(const std::vector<std::string>& raw, const std::string& site_name) {
    std::vector<std::string> names;
    std::vector<std::string> seen;
    for (const std::string& value : raw) {
        std::string text = dom::html_to_text(value);
        for (std::size_t nbsp; (nbsp = text.find("\xC2\xA0")) != std::string::npos;) {
            text[nbsp] = ' ';  // U+00A0 -> one space
            text.erase(nbsp + 1, 1);
        }
        if (is_url_or_handle(text) && text.find(' ') == std::string::npos) continue;  // a profile URL
        for (const std::string& part : split_names(std::string(strip_prefix(text)))) {
            std::string name(trim_name(strip_prefix(part)));
            name = cut_at_stop_word(dom::collapse_whitespace(name));
            if (!acceptable_name(name, site_name)) continue;
            const std::string key = lower(name);
            if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
            seen.push_back(key);
            names.push_back(std::move(name));
        }
    }
    // Beside real names, a lone word is a fragment ("Regan" from "Cherie McCluney, Regan"), not a person.
    if (std::any_of(names.begin(), names.end(), looks_like_person)) {
        std::erase_if(names, [](const std::string& name) { return !looks_like_person(name); });
    }
    return names;
}

bool looks_like_person(const std::string& name) {
    if (name.empty()) return false;
    const std::size_t words = word_count(name);
    const bool non_latin = static_cast<unsigned char>(name.front()) >= 0x80;
    return (words >= 2 && words <= kMaxNameWords) || non_latin;
}

}  // namespace gleaner::extract
