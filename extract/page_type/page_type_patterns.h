// What names say about a page's type, as data: schema.org types, og:type values and URL path
// segments (in many languages) of listings and forums. Tables in page_type_patterns.cpp.
#pragma once

#include <string_view>

namespace gleaner::extract {

enum class PageKind : unsigned char { none, article, listing, forum };

// "article", "listing", "forum", "" for none.
std::string_view page_kind_name(PageKind kind);

// A JSON-LD @type ("NewsArticle" -> article, "CollectionPage" -> listing, "QAPage" -> forum).
PageKind page_kind_of_json_ld_type(std::string_view type);
// An og:type value, lower case ("article" -> article, "website" -> none: articles say it too).
PageKind page_kind_of_og_type(std::string_view og_type);
// The shape of a URL's path: /tag/x, /category/x, /page/2 -> listing; /forum/..., /thread/...,
// /questions/123 -> forum; an empty path -> listing (a home page); otherwise none.
PageKind page_kind_of_url(std::string_view url);

}  // namespace gleaner::extract
