// Data for the page-type stage (see page_type_patterns.h).
#include "extract/page_type/page_type_patterns.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace gleaner::extract {
namespace {

struct NamedKind {
    std::string_view name;
    PageKind kind;
};

constexpr auto kJsonLdTypes = std::to_array<NamedKind>({
    {"NewsArticle", PageKind::article}, {"ReportageNewsArticle", PageKind::article},
    {"AnalysisNewsArticle", PageKind::article}, {"OpinionNewsArticle", PageKind::article},
    {"ReviewNewsArticle", PageKind::article}, {"BackgroundNewsArticle", PageKind::article},
    {"Article", PageKind::article}, {"BlogPosting", PageKind::article}, {"TechArticle", PageKind::article},
    {"ScholarlyArticle", PageKind::article}, {"Report", PageKind::article}, {"Recipe", PageKind::article},
    {"HowTo", PageKind::article}, {"LiveBlogPosting", PageKind::article}, {"SatiricalArticle", PageKind::article},
    {"CollectionPage", PageKind::listing}, {"ItemList", PageKind::listing}, {"SearchResultsPage", PageKind::listing},
    {"ProfilePage", PageKind::listing}, {"OfferCatalog", PageKind::listing},
    {"DiscussionForumPosting", PageKind::forum}, {"QAPage", PageKind::forum}, {"Question", PageKind::forum},
});

// Path segments that name a listing, in the languages the extractor knows boilerplate in.
constexpr auto kListingSegments = std::to_array<std::string_view>({
    "tag", "tags", "category", "categories", "topic", "topics", "section", "sections", "archive", "archives",
    "author", "authors", "page", "search", "label", "labels", "tagged", "series", "collections",
    "kategorie", "kategorien", "thema", "themen", "schlagwort", "stichwort", "rubrik", "ressort",
    "categorie", "rubrique", "etiquette", "mot-cle", "auteur", "categoria", "categorias", "etiqueta",
    "etiquetas", "tema", "temas", "autor", "argomento", "argomenti", "tematy", "temat", "kategoria",
    "tagi", "onderwerp", "trefwoord", "rubriek", "emne", "kategori", "amne",
});

constexpr auto kForumSegments = std::to_array<std::string_view>({
    "forum", "forums", "thread", "threads", "showthread.php", "viewtopic.php", "topic.php", "questions",
    "discussion", "discussions", "community", "board", "boards", "comments", "t", "foro", "foren",
    "forumdisplay.php", "answers",
});

bool in(std::string_view word, auto& table) { return std::find(table.begin(), table.end(), word) != table.end(); }

}  // namespace

std::string_view page_kind_name(PageKind kind) {
    switch (kind) {
    case PageKind::article: return "article";
    case PageKind::listing: return "listing";
    case PageKind::forum: return "forum";
    case PageKind::none: return "";
    }
    return "";
}

PageKind page_kind_of_json_ld_type(std::string_view type) {
    for (const NamedKind& named : kJsonLdTypes) {
        if (named.name == type) return named.kind;
    }
    return PageKind::none;
}

PageKind page_kind_of_og_type(std::string_view og_type) {
    if (og_type == "article" || og_type.starts_with("article:") || og_type == "blog" || og_type == "recipe")
        return PageKind::article;
    return PageKind::none;
}

PageKind page_kind_of_url(std::string_view url) {
    if (url.empty()) return PageKind::none;
    std::size_t start = url.find("://");
    start = start == std::string_view::npos ? 0 : url.find('/', start + 3);
    if (start == std::string_view::npos) return PageKind::listing;  // "https://example.org": a home page
    std::string_view path = url.substr(start);
    path = path.substr(0, std::min(path.find('?'), path.find('#')));
    if (path.find_first_not_of('/') == std::string_view::npos) return PageKind::listing;
    PageKind kind = PageKind::none;
    std::string segment;
    for (std::size_t i = 0; i <= path.size(); ++i) {
        if (i < path.size() && path[i] != '/') {
            segment.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(path[i]))));
            continue;
        }
        if (in(segment, kForumSegments)) return PageKind::forum;
        if (kind == PageKind::none && in(segment, kListingSegments)) kind = PageKind::listing;
        segment.clear();
    }
    return kind;
}

}  // namespace gleaner::extract
