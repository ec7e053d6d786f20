// Choosing the article title among the candidates (JSON-LD headline, og:title, ..., <h1>, <title>)
// and removing site-name suffixes and prefixes ("Headline | Site", "Site - Headline").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gleaner::extract {

struct TitleChoice {
    std::string title;
    std::string site_name_from_title;  // the part removed, when it looked like the site's name
};

// `declared`: headlines from markup, best first (JSON-LD, og:title, twitter:title, microdata).
// The first declared headline that the page confirms (equal to an <h1>, or contained in <title>)
// wins; else the first declared one; else the <h1>; else <title>. Site-name parts are removed from
// the winner when they match `site_name` or the other titles show them to be a suffix. Last, the <h1>
// sharing most words with the winner (at least 15% of them) replaces it: the headline as readers see
// it, where the markup declares an SEO variant.
// `page_host`: the page's host ("tires.bridgestone.com"); a part naming it ("| Bridgestone Tires",
// "– GDevelop") is the site's name too, declared or not.
TitleChoice choose_title(const std::vector<std::string>& declared, const std::vector<std::string>& h1s,
                         const std::string& html_title, const std::string& site_name, std::string_view page_host = {});

}  // namespace gleaner::extract
