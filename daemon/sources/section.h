// section.h — the links of a front page or section page, the third way (after feeds and sitemaps)
// that Gleaner finds article URLs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gleaner::sources {

// Every <a href> of the page, resolved against its <base href> (else page_url), kept when it is an
// http(s) URL on the same site as page_url (same_site in url.h), fragment dropped, de-duplicated in
// page order. A link is kept when it matches any `include` pattern (all links when include is
// empty) and no `exclude` pattern; patterns are RE2 expressions matched anywhere in the absolute
// URL. Throws std::invalid_argument naming the pattern when one does not compile (see
// pattern_error).
std::vector<std::string> section_links(std::string_view html_utf8, std::string_view page_url,
                                       const std::vector<std::string>& include,
                                       const std::vector<std::string>& exclude);

// Why `pattern` is no valid RE2 expression, or nullopt when it is: for configuration checks.
std::optional<std::string> pattern_error(std::string_view pattern);

}  // namespace gleaner::sources
