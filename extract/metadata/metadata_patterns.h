// The knowledge the metadata code runs on, as data: which <meta> keys carry which field, which
// JSON-LD types are articles, the class/id words of bylines and paywalls, title separators,
// byline prefixes and author separators. Tune here, not in the code.
#pragma once

#include <span>
#include <string_view>

namespace gleaner::extract::patterns {

enum class MetaField { title, description, site_name, image, canonical_url, published, modified, author, section, tags, language };

struct MetaKey {
    std::string_view key;  // lower case: name=, property=, itemprop= or http-equiv= of a <meta>
    MetaField field;
};

// In priority order: for a field, the first key present wins.
std::span<const MetaKey> meta_keys();

// JSON-LD @type values of an article, best first (an article type beats a WebPage).
std::span<const std::string_view> article_types();

// Lower-case words in class, id, rel or itemprop that mark a byline; and words that, also present,
// mark something else (an author's photo or biography box).
std::span<const std::string_view> byline_markers();
std::span<const std::string_view> byline_exclusions();

// Lower-case words in class, id or itemprop (or a <meta> key) that mark an element holding a date;
// words that make it the modified date; words that make it some other date (an expiry, a comment's).
std::span<const std::string_view> date_markers();
std::span<const std::string_view> modified_markers();
std::span<const std::string_view> date_exclusions();
// Lower-case words in class, id or itemprop that make a <time> element the modified date.
std::span<const std::string_view> time_modified_markers();

// Lower-case words in class or id that mark a paywall, a subscriber-only block or a login wall.
std::span<const std::string_view> paywall_markers();

// Separators between a headline and a site name in <title> (" | Site", " - Site", "Site: ").
std::span<const std::string_view> title_separators();

// Lower-case prefixes bylines start with, several languages ("by ", "von ", "par ", "por ").
std::span<const std::string_view> byline_prefixes();

// Separators between authors in one byline (" and ", " & ", " und ", ...), lower case.
std::span<const std::string_view> author_separators();

// Lower-case words that make a byline part a role or an agency, not a name ("staff", "reporter").
std::span<const std::string_view> author_role_words();

// Lower-case post-nominals a byline puts after a name and a comma ("Jane Doe, MD, RD"): degrees,
// licences and fellowships. They stay with the name.
std::span<const std::string_view> author_credentials();

// Lower-case words of page furniture that bylines pick up ("Subscribe", "Share", "Full Bio"): a part
// holding one is not a credit.
std::span<const std::string_view> author_interface_words();

// Lower-case words that may stand uncapitalised inside a person's name ("Ludwig van Beethoven").
std::span<const std::string_view> name_particles();

// Lower-case words after which a byline stops naming people ("John Doe Monday, May 1" -> "John Doe").
std::span<const std::string_view> author_stop_words();

}  // namespace gleaner::extract::patterns
