// clean_authors (see metadata_authors.h); the prefixes, separators and role words are data in
// metadata_patterns.cpp.
#include "extract/metadata/metadata_authors.h"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "extract/metadata/dates.h"
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

bool is_upper_ascii(char c) { return c >= 'A' && c <= 'Z'; }

std::string_view strip_prefix(std::string_view text) {
    for (bool stripped = true; stripped;) {
        stripped = false;
        text = trim_name(text);
        // "ByDaryl Austin", "Written byAAA": the prefix and the name were separate elements, joined
        // without a space. A capital right after "By"/"by" is the name's.
        const std::string head = lower(text.substr(0, 40));
        for (std::size_t by = head.find("by"); by != std::string::npos && by < 20; by = head.find("by", by + 1)) {
            if ((by == 0 || head[by - 1] == ' ') && by + 2 < text.size() && is_upper_ascii(text[by + 2]) &&
                word_count(head.substr(0, by)) <= 3) {
                text.remove_prefix(by + 2);
                stripped = true;
                break;
            }
        }
        if (stripped) continue;
        // "Analysis by X", "Photographs and text by X", "Authored by: X": a short lead-in ending in " by".
        std::size_t by = head.find(" by ");
        if (by == std::string::npos) by = head.find(" by:");
        if (by != std::string::npos && word_count(head.substr(0, by)) <= 3) {
            text.remove_prefix(by + 4);
            stripped = true;
            continue;
        }
        const std::string lowered = lower(text.substr(0, 24));
        for (std::string_view prefix : patterns::byline_prefixes()) {
            // "By Jane", "Written by: Jane".
            const bool word_ends = prefix.back() == ':' || (lowered.size() > prefix.size() &&
                                                            (lowered[prefix.size()] == ' ' || lowered[prefix.size()] == ':'));
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

// "Jennifer Huberty1", "Jane Doe2*": the marks that tie an author to an affiliation footnote.
std::string drop_affiliation_marks(std::string name) {
    const std::size_t marks = name.find_last_not_of("0123456789*");
    if (marks == std::string::npos || marks + 1 == name.size()) return name;
    const std::size_t word = name.rfind(' ', marks) == std::string::npos ? 0 : name.rfind(' ', marks) + 1;
    // Only marks after a word of letters: "4ce5" is an identifier, not a name with a footnote.
    const std::string_view letters = std::string_view(name).substr(word, marks + 1 - word);
    if (letters.size() < 2 || std::any_of(letters.begin(), letters.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) return name;
    name.resize(marks + 1);
    return name;
}

bool is_stop_word(const std::string& lowered_word) {
    const auto stops = patterns::author_stop_words();
    return std::find(stops.begin(), stops.end(), lowered_word) != stops.end();
}

// Cuts a name before the first stop word or number ("Jeff Foust Monday" -> "Jeff Foust", "Andrew
// Gerrand 4 August 2010" -> "Andrew Gerrand"), also a stop word glued to the name's last word ("Luke
// KimDecember 17"); the first word is never cut, so a name cannot become empty this way.
std::string cut_at_stop_word(const std::string& name) {
    for (std::size_t start = 0, end; start < name.size(); start = end + 1) {
        end = std::min(name.find(' ', start), name.size());
        const std::string word = name.substr(start, end - start);
        if (start > 0 && (is_stop_word(lower(word)) || std::isdigit(static_cast<unsigned char>(word.front())))) {
            return name.substr(0, start - 1);
        }
        for (std::size_t k = 1; k + 1 < word.size(); ++k) {
            if (std::islower(static_cast<unsigned char>(word[k - 1])) && is_upper_ascii(word[k]) && is_stop_word(lower(word.substr(k)))) {
                return name.substr(0, start + k);
            }
        }
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

bool has_interface_word(const std::string& name) {
    const std::string padded = dom::concat({" ", lower(name), " "});
    return std::any_of(patterns::author_interface_words().begin(), patterns::author_interface_words().end(),
                       [&](std::string_view word) { return padded.find(dom::concat({" ", word, " "})) != std::string::npos; });
}

// "August" of "August 12, 2025", "Updated" of "Updated 3 hours ago": what is left of a date or a
// label once numbers are cut.
bool starts_with_stop_word(const std::string& name) { return is_stop_word(lower(name.substr(0, name.find(' ')))); }

bool acceptable_name(const std::string& name, const std::string& site_name) {
    if (name.empty() || name.size() > kMaxNameBytes || word_count(name) > kMaxNameWords) return false;
    if (starts_with_stop_word(name)) return false;
    if (std::any_of(name.begin(), name.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) return false;
    if (is_url_or_handle(name) || has_role_word(name) || is_byline_prefix(name) || has_interface_word(name)) return false;
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

bool is_credential(const std::string& part) {
    std::string word = lower(trim_name(part));
    if (word.ends_with("\xC2\xAE")) word.resize(word.size() - 2);  // "CEPF®"
    const auto credentials = patterns::author_credentials();
    return std::find(credentials.begin(), credentials.end(), word) != credentials.end();
}

// A credit that is not a person's name still has to read as a name: no URL, no date, no page
// furniture ("Subscribe"), a few words.
bool acceptable_credit(const std::string& name) {
    if (name.empty() || name.size() > kMaxNameBytes || word_count(name) > kMaxNameWords) return false;
    if (is_url_or_handle(name) || is_byline_prefix(name) || has_interface_word(name) || parse_date(name) || starts_with_stop_word(name)) return false;
    return std::any_of(name.begin(), name.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80; });
}

// A credit read off the page (not from markup) also has to look like one: a user name is one word
// ("whova"); a phrase starts with a capital ("Marketing Team", not "the end of this tutorial"), not a
// number ("5 Great Tips"), and is not a copyright line.
bool reads_like_visible_credit(const std::string& name) {
    // A word of digits and punctuation ("5", "8:23"): a count or a time, not a name.
    for (std::size_t start = 0, end; start < name.size(); start = end + 1) {
        end = std::min(name.find(' ', start), name.size());
        const std::string_view word = std::string_view(name).substr(start, end - start);
        if (std::none_of(word.begin(), word.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80; })) return false;
    }
    if (name.find("\xC2\xA9") != std::string::npos) return false;  // ©
    const auto initial = static_cast<unsigned char>(name.front());
    return word_count(name) == 1 || initial >= 0x80 || !std::islower(initial);
}

// A line of the page that is a sentence or a phrase ("The Russian and Syrian defense ministries"):
// one of its parts has a lower-case word that is neither a name particle nor where a date or
// label begins.
bool reads_like_prose(const std::string& value) {
    for (const std::string& part : split_names(std::string(strip_prefix(dom::html_to_text(value))))) {
        std::string name = cut_at_stop_word(dom::collapse_whitespace(trim_name(part)));
        if (lower(name).starts_with("the ")) name.erase(0, 4);  // "The Upwork Team" is a credit
        // A count or a date beside the credit ("6 mins", "31 May") is not prose.
        if (!name.empty() && std::isdigit(static_cast<unsigned char>(name.front()))) continue;
        if (word_count(name) >= 2 && !capitalised_like_a_name(name)) return true;
    }
    return false;
}

// Every part of the raw values that `accept` keeps, prefixes stripped, split, de-duplicated; a
// credential after a kept name stays with it ("Jane Doe, MD").
template <class Accept>
std::vector<std::string> split_and_keep(const std::vector<std::string>& raw, Accept accept) {
    std::vector<std::string> names;
    std::vector<std::string> seen;
    for (const std::string& value : raw) {
        std::string text = dom::html_to_text(value);
        for (std::size_t nbsp; (nbsp = text.find("\xC2\xA0")) != std::string::npos;) {
            text[nbsp] = ' ';  // U+00A0 -> one space
            text.erase(nbsp + 1, 1);
        }
        if (is_url_or_handle(text) && text.find(' ') == std::string::npos) continue;  // a profile URL
        std::string* last_kept = nullptr;
        for (const std::string& part : split_names(std::string(strip_prefix(text)))) {
            if (is_credential(part)) {
                if (last_kept != nullptr) *last_kept = dom::concat({*last_kept, ", ", trim_name(part)});
                continue;
            }
            last_kept = nullptr;
            std::string name(trim_name(strip_prefix(part)));
            name = cut_at_stop_word(drop_affiliation_marks(dom::collapse_whitespace(name)));
            if (!accept(name)) continue;
            const std::string key = lower(name);
            if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
            seen.push_back(key);
            names.push_back(std::move(name));
            last_kept = &names.back();
        }
    }
    return names;
}

}  // namespace

std::vector<std::string> declared_credits(const std::vector<std::string>& raw, bool visible) {
    std::vector<std::string> credits;
    for (const std::string& value : raw) {
        if (visible && reads_like_prose(value)) continue;
        for (std::string& name : split_and_keep({value}, [&](const std::string& name) { return acceptable_credit(name) && (!visible || reads_like_visible_credit(name)); })) {
            if (std::find(credits.begin(), credits.end(), name) == credits.end()) credits.push_back(std::move(name));
        }
    }
    return credits;
}

std::vector<std::string> clean_authors(const std::vector<std::string>& raw, const std::string& site_name) {
    std::vector<std::string> names = split_and_keep(raw, [&](const std::string& name) { return acceptable_name(name, site_name); });
    // Beside real names, a lone word is a fragment ("Regan" from "Cherie McCluney, Regan"), not a person.
    if (std::any_of(names.begin(), names.end(), looks_like_person)) {
        std::erase_if(names, [](const std::string& name) { return !looks_like_person(name); });
    }
    // A name that is another kept name after more words ("About Jane Doe", the author box's heading
    // beside the byline's "Jane Doe") is that person again.
    const std::vector<std::string> kept = names;
    std::erase_if(names, [&](const std::string& name) {
        const std::string lowered = lower(name);
        return std::any_of(kept.begin(), kept.end(), [&](const std::string& other) {
            return looks_like_person(other) && lowered.ends_with(" " + lower(other));
        });
    });
    return names;
}

bool looks_like_person(const std::string& name) {
    if (name.empty()) return false;
    const std::size_t words = word_count(std::string_view(name).substr(0, name.find(',')));  // credentials aside
    const bool non_latin = static_cast<unsigned char>(name.front()) >= 0x80;
    return (words >= 2 && words <= kMaxNameWords) || non_latin;
}

}  // namespace gleaner::extract

namespace gleaner::extract {
namespace {

// A name compared without case, honorifics or credentials: "Dr. Jane Doe, MD" -> "jane doe".
std::string person_key(const std::string& name) {
    std::string key = lower(name.substr(0, name.find(',')));
    for (std::string_view title : {"dr. ", "dr ", "prof. ", "prof "}) {
        if (key.starts_with(title)) key.erase(0, title.size());
    }
    return key;
}

}  // namespace

bool same_people_within(const std::vector<std::string>& names, const std::vector<std::string>& others) {
    return std::all_of(names.begin(), names.end(), [&](const std::string& name) {
        return std::any_of(others.begin(), others.end(), [&](const std::string& other) { return person_key(other) == person_key(name); });
    });
}

}  // namespace gleaner::extract
