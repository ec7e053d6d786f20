// Data for the metadata extractor (see metadata_patterns.h).
#include "extract/metadata/metadata_patterns.h"

#include <array>

namespace gleaner::extract::patterns {
namespace {

using F = MetaField;

constexpr auto kMetaKeys = std::to_array<MetaKey>({
    {"og:title", F::title}, {"twitter:title", F::title}, {"dc.title", F::title}, {"dcterms.title", F::title},
    {"sailthru.title", F::title}, {"parsely-title", F::title}, {"headline", F::title},

    {"og:description", F::description}, {"description", F::description}, {"twitter:description", F::description},
    {"dc.description", F::description}, {"dcterms.description", F::description},

    {"og:site_name", F::site_name}, {"application-name", F::site_name}, {"al:android:app_name", F::site_name},
    {"al:ios:app_name", F::site_name},

    {"og:image", F::image}, {"og:image:url", F::image}, {"og:image:secure_url", F::image},
    {"twitter:image", F::image}, {"twitter:image:src", F::image}, {"thumbnailurl", F::image},
    {"parsely-image-url", F::image}, {"sailthru.image.full", F::image},

    {"og:url", F::canonical_url}, {"twitter:url", F::canonical_url}, {"parsely-link", F::canonical_url},

    {"article:published_time", F::published}, {"og:article:published_time", F::published},
    {"og:published_time", F::published}, {"datepublished", F::published}, {"article.published", F::published},
    {"parsely-pub-date", F::published}, {"sailthru.date", F::published}, {"publish-date", F::published},
    {"publishdate", F::published}, {"publish_date", F::published}, {"pubdate", F::published},
    {"pub_date", F::published}, {"dc.date.issued", F::published}, {"dcterms.issued", F::published},
    {"dc.date.created", F::published}, {"dcterms.created", F::published}, {"dc.date", F::published},
    {"dcterms.date", F::published}, {"date", F::published}, {"citation_publication_date", F::published},
    {"citation_date", F::published}, {"cxenseparse:recs:publishtime", F::published},
    {"article:published", F::published}, {"originalpublicationdate", F::published},

    {"article:modified_time", F::modified}, {"og:article:modified_time", F::modified},
    {"og:updated_time", F::modified}, {"datemodified", F::modified}, {"article.updated", F::modified},
    {"dc.date.modified", F::modified}, {"dcterms.modified", F::modified}, {"last-modified", F::modified},
    {"lastmod", F::modified}, {"cxenseparse:recs:articlemodifiedtime", F::modified},

    {"author", F::author}, {"article:author", F::author}, {"og:article:author", F::author},
    {"article:author_name", F::author}, {"dc.creator", F::author}, {"dcterms.creator", F::author},
    {"parsely-author", F::author}, {"sailthru.author", F::author}, {"byl", F::author},
    {"citation_author", F::author}, {"cxenseparse:author", F::author}, {"twitter:creator", F::author},

    {"article:section", F::section}, {"og:article:section", F::section}, {"section", F::section},
    {"parsely-section", F::section}, {"article.section", F::section}, {"cxenseparse:recs:articlesection", F::section},

    {"article:tag", F::tags}, {"og:article:tag", F::tags}, {"news_keywords", F::tags}, {"keywords", F::tags},
    {"parsely-tags", F::tags}, {"sailthru.tags", F::tags},

    {"content-language", F::language}, {"language", F::language}, {"dc.language", F::language},
    {"dcterms.language", F::language}, {"og:locale", F::language},
});

constexpr auto kArticleTypes = std::to_array<std::string_view>({
    "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle", "ReviewNewsArticle",
    "BackgroundNewsArticle", "AskPublicNewsArticle", "LiveBlogPosting", "BlogPosting", "Article",
    "TechArticle", "ScholarlyArticle", "SatiricalArticle", "AdvertiserContentArticle", "Report", "Review",
    "SocialMediaPosting", "DiscussionForumPosting", "Recipe", "VideoObject", "WebPage", "ItemPage",
});

constexpr auto kBylineMarkers = std::to_array<std::string_view>({
    "byline", "author", "by-line", "writer", "contributor", "reporter", "creator", "journalist",
});

constexpr auto kBylineExclusions = std::to_array<std::string_view>({
    "avatar", "image", "img", "photo", "picture", "bio", "description", "about", "follow", "social",
    "twitter", "email", "more", "other", "related", "comment",
});

constexpr auto kDateMarkers = std::to_array<std::string_view>({
    "date", "publish", "posted", "dateline", "timestamp", "pubtime", "post-time", "article-time",
});

constexpr auto kModifiedMarkers = std::to_array<std::string_view>({"updat", "modif", "revis", "edited"});

constexpr auto kTimeModifiedMarkers = std::to_array<std::string_view>({"modif", "updat"});

constexpr auto kDateExclusions = std::to_array<std::string_view>({
    "expir", "valid", "birth", "event", "comment", "reply", "copyright", "picker", "validate", "update-check",
    "mandatory", "candidate", "dateformat",
});

constexpr auto kPaywallMarkers = std::to_array<std::string_view>({
    "paywall", "pay-wall", "subscriber-only", "subscribers-only", "subscriber-content", "premium-content",
    "premium-article", "regwall", "registration-wall", "meteredcontent", "metered-content", "article-locked",
    "locked-content", "content-locked", "piano-offer", "tp-modal", "subscription-required", "plus-paywall",
});

constexpr auto kTitleSeparators = std::to_array<std::string_view>({
    " | ", " - ", " – ", " — ", " :: ", " · ", " • ", " » ", " « ", " / ", " ~ ",
});

constexpr auto kBylinePrefixes = std::to_array<std::string_view>({
    "written by", "posted by", "reported by", "story by", "words by", "text by", "by:", "by", "von", "par",
    "por", "di", "door", "av", "af", "autor:", "auteur :", "auteur:", "author:", "autore:",
    // Non-ASCII prefixes are matched as written (the comparison lower-cases ASCII only).
    "Текст:", "Автор:", "Текст", "Автор",
});

constexpr auto kAuthorSeparators = std::to_array<std::string_view>({
    " and ", " & ", " und ", " et ", " y ", " e ", " en ", " och ", " og ", " i ", ";", "|", "/",
    "\xC2\xB7", "\xE2\x80\xA2", "\xE3\x83\xBB", "\xEF\xBC\x8F",  // between a name and a date: · • ・ ／
});

constexpr auto kAuthorCredentials = std::to_array<std::string_view>({
    "phd", "ph.d.", "ph.d", "md", "m.d.", "do", "d.o.", "rn", "np", "pa-c", "dvm", "vmd", "dds", "dmd", "pharmd",
    "psyd", "rd", "rdn", "ld", "cde", "cdces", "ms", "m.s.", "msc", "ma", "m.a.", "mba", "mph", "jd", "j.d.", "esq",
    "esq.", "cpa", "cfa", "cfp", "cfp®", "chfc", "clu", "cepf", "ea", "lcsw", "lmft", "lpc", "cpt", "cscs", "ryt",
    "e-ryt", "facp", "facc", "faap", "facs", "fand", "dacvb", "cpp", "psp", "cissp", "pmp", "bsc", "ba", "b.a.",
});

constexpr auto kAuthorInterfaceWords = std::to_array<std::string_view>({
    "subscribe", "share", "full bio", "author posts", "read more", "see more", "view profile", "follow",
    "contact", "privacy", "policy", "conditions", "sign in", "log in", "newsletter", "comments", "menu",
    "min read", "min", "minutes", "updated", "published", "posted on", "last modified",
});

constexpr auto kAuthorRoleWords = std::to_array<std::string_view>({
    "staff", "writer", "reporter", "correspondent", "editor", "editors", "contributor", "columnist",
    "updated", "published", "posted", "photos", "photo", "photographer", "video", "news", "desk", "team",
    "associated press", "reuters", "afp", "agencies", "wires", "bureau", "special to", "follow", "read more",
    "minute read", "min read", "min", "ago", "commented", "says", "said", "wrote", "replied",
    "ms", "md", "phd", "rd", "rdn", "mph", "msc", "ma", "mba",  // credentials after a comma
    "editorial", "articles", "sport", "sports", "agency", "media", "magazine", "press", "newsroom",
});

constexpr auto kAuthorStopWords = std::to_array<std::string_view>({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "june", "july", "august", "september", "october", "november", "december", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "on", "at", "updated",
    "published", "posted", "for", "in", "via", "reading", "read", "originally",
});

constexpr auto kNameParticles = std::to_array<std::string_view>({
    "van", "von", "de", "da", "das", "do", "dos", "du", "del", "della", "der", "den", "di", "la", "le", "bin",
    "ibn", "al", "el", "y", "zu", "ter", "ten",
});

}  // namespace

std::span<const MetaKey> meta_keys() { return kMetaKeys; }
std::span<const std::string_view> article_types() { return kArticleTypes; }
std::span<const std::string_view> byline_markers() { return kBylineMarkers; }
std::span<const std::string_view> byline_exclusions() { return kBylineExclusions; }
std::span<const std::string_view> date_markers() { return kDateMarkers; }
std::span<const std::string_view> modified_markers() { return kModifiedMarkers; }
std::span<const std::string_view> date_exclusions() { return kDateExclusions; }
std::span<const std::string_view> time_modified_markers() { return kTimeModifiedMarkers; }
std::span<const std::string_view> paywall_markers() { return kPaywallMarkers; }
std::span<const std::string_view> title_separators() { return kTitleSeparators; }
std::span<const std::string_view> byline_prefixes() { return kBylinePrefixes; }
std::span<const std::string_view> author_separators() { return kAuthorSeparators; }
std::span<const std::string_view> author_role_words() { return kAuthorRoleWords; }
std::span<const std::string_view> name_particles() { return kNameParticles; }
std::span<const std::string_view> author_credentials() { return kAuthorCredentials; }
std::span<const std::string_view> author_interface_words() { return kAuthorInterfaceWords; }
std::span<const std::string_view> author_stop_words() { return kAuthorStopWords; }

}  // namespace gleaner::extract::patterns
