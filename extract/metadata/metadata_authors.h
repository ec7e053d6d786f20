// Turning raw author strings (JSON-LD names, meta author, bylines such as "By A and B | May 1")
// into a clean list of people's names.
#pragma once

#include <string>
#include <vector>

namespace gleaner::extract {

// Strips byline prefixes ("By ", "Von "), splits on "and", "&", commas, "|", and drops what is not a
// name: URLs, handles, dates, roles ("Staff Writer"), the site's own name. Order kept, duplicates
// removed (case-insensitive).
std::vector<std::string> clean_authors(const std::vector<std::string>& raw, const std::string& site_name);

// The credit line as declared when it names no person clean_authors accepts: a team, desk or
// company ("Camphouse Team", "Staff", the site itself), a user name ("adminn"). Prefixes stripped and
// split like clean_authors; only URLs, dates, page furniture, long phrases and byline prefixes are
// dropped. `visible`: read off the page rather than declared in markup, so held to looking like a
// credit (a capitalised phrase or one word).
std::vector<std::string> declared_credits(const std::vector<std::string>& raw, bool visible);

// True when every name of `names` is among `others` (case and honorifics such as "Dr" aside).
bool same_people_within(const std::vector<std::string>& names, const std::vector<std::string>& others);

// True when a cleaned name looks like a person's (two to five words, or a non-Latin script name)
// rather than a one-word brand.
bool looks_like_person(const std::string& name);

}  // namespace gleaner::extract
