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

// True when a cleaned name looks like a person's (two to five words, or a non-Latin script name)
// rather than a one-word brand.
bool looks_like_person(const std::string& name);

}  // namespace gleaner::extract
