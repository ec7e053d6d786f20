// entry_text.h — turning the raw strings of feeds into Entry hints: whitespace, HTML in titles,
// "email (Name)" authors, dates. Shared by the RSS, Atom, JSON Feed and sitemap readers. Internal.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sources/entry.h"

namespace gleaner::sources {

// Runs of ASCII whitespace become one space; leading and trailing whitespace go.
std::string collapse_whitespace(std::string_view text);

// Text of an HTML fragment ("Tom &amp; Jerry <b>live</b>" -> "Tom & Jerry live"), collapsed. Used
// for titles that carry HTML: RSS titles in practice, Atom titles with type="html".
std::string html_to_text(std::string_view html);

// An RSS <author> is "jdoe@example.com (John Doe)": the name when there is one, else the whole
// text.
std::string author_name(std::string_view rss_author);

// Joins non-empty names with ", ", skipping repeats.
std::string join_names(const std::vector<std::string>& names);

// `reference` resolved against `base` when it is not blank and lands on an http(s) URL.
std::optional<std::string> http_link(std::string_view base, std::string_view reference);

// Sets published and published_iso from the first of `candidates` that parses as a date.
void set_published(Entry& entry, const std::vector<std::string>& candidates);

}  // namespace gleaner::sources
