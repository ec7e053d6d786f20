// The boilerplate knowledge base: tables of class/id patterns, tag and role rules, and line patterns,
// plus the RE2 sets compiled from them once per process. Tune the extractor here, as data.
//
// Class/id patterns run over " <class> <id> " lowercased, with one space around every token, so
// `[^a-z0-9]` on either side of a word marks a token or hyphen/underscore boundary: "[^a-z0-9]ads?[^a-z0-9]"
// matches "ad", "top-ad" and "ads_slot" but not "read" or "header".
#include "extract/content/boilerplate_patterns.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <gumbo.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace gleaner::extract {
namespace {

struct RegionPattern {
    Region region;
    const char* regex;
};

// ---- Class and id patterns -------------------------------------------------------------------------
constexpr RegionPattern kClassIdPatterns[] = {
    // Comment threads and comment forms ("commentary" is an opinion piece, not comments).
    {kRegionComments, R"(comment([^a]|$)|disqus|[^a-z0-9]respond[^a-z0-9]|replies|reply-?(form|title|link)|akismet)"},
    {kRegionComments, R"(discussion-?(thread|list)|[^a-z0-9]talk-?(stream|embed)|coral-?(talk|stream)|viafoura|spot-?im)"},
    // Share and social bars, follow-us boxes.
    {kRegionShare, R"([^a-z0-9]shar(e|es|ing|ebar|ethis|edaddy|e-?tools)([^a-z0-9]|$)|share-|social|sociable|addthis|addtoany)"},
    {kRegionShare, R"(follow-?us|jp-sharing|sharedaddy|print-?(this|button|link)|email-?(this|share))"},
    // Related, recommended, most-read, next-article lists and content-recommendation widgets.
    {kRegionRelated, R"(related|recommend|more-?stories|more-?articles|more-?from|more-?on-|morelinks|read-?next|up-?next)"},
    {kRegionRelated, R"(most-?(read|popular|viewed|shared|commented)|popular-?(posts|stories|articles)|trending)"},
    {kRegionRelated, R"(outbrain|taboola|zergnet|revcontent|you-?may-?(like|also)|also-?read|further-?reading)"},
    {kRegionRelated, R"(next-?(post|article|story)|prev(ious)?-?(post|article|story)|post-?navigation|nav-?links|suggested)"},
    // Newsletter and sign-up prompts ("subscriber" content is a story behind a paywall, not a prompt).
    {kRegionNewsletter, R"(newsletter|subscribe([^r]|$)|subscription|sign-?up|opt-?in|mailing-?list|signin|login|register)"},
    // Cookie and consent banners.
    // ("cmp" alone is a consent platform; Adobe AEM prefixes every component with "cmp-".)
    {kRegionConsent, R"(cookie|consent|gdpr|[^a-z0-9]cmp(box|-banner|-modal|-overlay|-popup)?[^a-z0-9-]|onetrust|didomi|truste|privacy-?(banner|notice|bar))"},
    // Advertising.
    {kRegionAdvert, R"([^a-z0-9]ads?[^a-z0-9]|advert|sponsor|adslot|ad-?slot|ad-?unit|adunit|adsbygoogle|dfp|gpt-?ad)"},
    {kRegionAdvert, R"(ad-?(container|wrapper|holder|box|block|zone|label|placeholder)|banner-?ad|[^a-z0-9]promo|native-?ad)"},
    {kRegionAdvert, R"(commercial|partner-?(content|box)|affiliate|marketing)"},
    // Navigation, menus, breadcrumbs, pagination, site headers.
    {kRegionNavigation, R"([^a-z0-9]nav[^a-z0-9]|navbar|navigation|menu|breadcrumb|bread-crumb|skip-?link|pagination|pager)"},
    {kRegionNavigation, R"(masthead|site-?header|top-?bar|toolbar|jump-?link|table-?of-?contents|[^a-z0-9]toc[^a-z0-9])"},
    // Tag clouds and topic lists.
    {kRegionTags, R"([^a-z0-9]tags[^a-z0-9]|[^a-z0-9]tag[^a-z0-9]|tag-?(list|cloud|links|group)|tagcloud|taglist)"},
    {kRegionTags, R"((post|entry|article|story)-?(tags|topics|categories|keywords)|cat-?links|topics-?list|keywords)"},
    // Author boxes.
    {kRegionAuthorBio, R"(author-?(bio|box|info|card|profile|details|block|about)|about-?(the-?)?author|contributor-?bio)"},
    {kRegionAuthorBio, R"(bio-?box|user-?(info|profile))"},
    // Bylines, datelines and other meta rows of the story.
    {kRegionByline, R"(byline|dateline|timestamp|[^a-z0-9]date[^a-z0-9]|pub-?date|publish(ed)?-?(date|time|on)|posted-?on)"},
    {kRegionByline, R"((post|entry|article|story)-?(meta|info|details|header-?meta)|meta-?(data|info|bar)|[^a-z0-9]meta[^a-z0-9])"},
    {kRegionByline, R"(author-?name|[^a-z0-9]authors?[^a-z0-9]|reading-?time|read-?time|updated-?(date|time))"},
    // Footers.
    {kRegionFooter, R"(footer|colophon|site-?info|copyright)"},
    // Sidebars, rails and widgets.
    {kRegionSidebar, R"(sidebar|side-bar|[^a-z0-9]aside|[^a-z0-9]rail[^a-z0-9]|right-?rail|left-?rail|widget)"},
    // Hidden and screen-reader-only text.
    {kRegionHidden, R"( (hidden|is-hidden|d-none|hide|invisible|sr-only|visually-?hidden|screen-?reader-?text) )"},
    {kRegionHidden, R"(screenreader|offscreen|assistive-?text|visuallyhidden|noprint|no-?print)"},
    // Image captions and credits.
    {kRegionCaption, R"(caption|credit|[^a-z0-9]photo-?(info|by)|image-?(info|source)|copyright-?notice)"},
    // Paywall and subscription walls.
    {kRegionPaywall, R"(paywall|regwall|reg-?wall|meter-?(wall|box)|piano|tp-?modal|subscriber-?(only|wall)|premium-?(wall|box))"},
    // The story container.
    {kRegionArticleBody, R"(article-?body|article__body|article-?content|article__content|article-?text|articletext)"},
    {kRegionArticleBody, R"(entry[-_]?content|post[-_]?(content|body|text|entry)|story[-_]?(body|content|text)|body[-_]?(text|copy))"},
    {kRegionArticleBody, R"(main-?content|content-?body|text-?content|rich-?text|field-?body|article-?main|articlecopy)"},
    // Pull quotes and social posts quoted in the story ("pull-quote", "social-media-embed", "twitter-tweet").
    {kRegionQuote, R"(pull-?quote|embed|twitter-tweet|(article|embedded)-?tweet|tweet-?embed|instagram-media|tiktok-embed|fb-post|bluesky-embed)"},
    // Teasers, cards and other small boxes that lower a container's score without removing it.
    {kRegionWeakNegative, R"(teaser|[^a-z0-9]card[^a-z0-9]|promo|kicker|[^a-z0-9]links?[^a-z0-9]|utility|tools)"},
    {kRegionWeakNegative, R"(signup|combx|contact|[^a-z0-9]more[^a-z0-9]|sponsor|shopping|tweet|pop-?up|modal|overlay)"},
    // Posts of a thread (forum software, Q&A sites, comment lists): counted by the page-type stage.
    {kRegionPost, R"([^a-z0-9](post|message|answer|reply|comment|topic-?post|forum-?post|postbit|msg)[-_]?(\d+|body|content|text|item|wrapper|container|row)?[^a-z0-9])"},
    // Shop furniture (product tiles, prices, cart buttons): counted by the page-type stage.
    {kRegionProduct, R"(price|add-?to-?(cart|basket|bag)|product-?(card|tile|item|grid|list|box)|[^a-z0-9]sku[^a-z0-9]|woocommerce-loop|shop-?item)"},
    {kRegionPost, R"([^a-z0-9](p|post|message|answer|comment|reply)-\d+[^a-z0-9]|[^a-z0-9](bbp-reply|bbp-topic|ipscomment|cpost|messagetext|js-post-body|s-prose)[^a-z0-9])"},
};

// ---- Tags, ARIA roles and itemprop values -------------------------------------------------------------
struct TagRegion {
    GumboTag tag;
    Region region;
};
constexpr TagRegion kTagRegions[] = {
    {GUMBO_TAG_NAV, kRegionNavigation},  {GUMBO_TAG_ASIDE, kRegionSidebar},
    {GUMBO_TAG_FOOTER, kRegionFooter},   {GUMBO_TAG_HEADER, kRegionHeader},
    {GUMBO_TAG_FORM, kRegionForm},       {GUMBO_TAG_FIGCAPTION, kRegionCaption},
    {GUMBO_TAG_ADDRESS, kRegionByline},  {GUMBO_TAG_TIME, kRegionByline},
};

struct ValueRegion {
    const char* value;
    Region region;
};
constexpr ValueRegion kRoleRegions[] = {
    {"navigation", kRegionNavigation}, {"menu", kRegionNavigation},   {"menubar", kRegionNavigation},
    {"banner", kRegionHeader},         {"contentinfo", kRegionFooter}, {"complementary", kRegionSidebar},
    {"search", kRegionForm},           {"dialog", kRegionHidden},      {"alertdialog", kRegionHidden},
    {"tooltip", kRegionHidden},        {"toolbar", kRegionShare},      {"form", kRegionForm},
};
constexpr ValueRegion kItempropRegions[] = {
    {"articlebody", kRegionArticleBody}, {"text", kRegionArticleBody},  {"comment", kRegionComments},
    {"author", kRegionByline},           {"datepublished", kRegionByline}, {"datemodified", kRegionByline},
    {"headline", kRegionHeader},          {"publisher", kRegionFooter},
};

// ---- Line patterns (whole short blocks, whitespace collapsed, matched case-insensitively) ------------
struct LinePattern {
    LineKind kind;
    const char* regex;
};
constexpr LinePattern kLinePatterns[] = {
    // Labels and page furniture.
    {LineKind::boilerplate, R"(^(advertisement|advert|advertising|ad|sponsored( content)?|anzeige|werbung|publicité|publicidad|pubblicità|реклама)$)"},
    {LineKind::boilerplate, R"(^(scroll|back|go|jump) to (the )?top\W*$|^skip to (main )?content|^this slideshow requires javascript)"},
    {LineKind::boilerplate, R"(^(previous|next) (article|post|story)\b|^loading\W*$|^(image|photo|video)( \d+ of \d+)?$)"},
    {LineKind::boilerplate, R"(^\W*(the )?(associated press|reuters|afp|agence france-presse|dpa|press association|pa media|bloomberg news|cnn wire|ap)\W*$)"},
    {LineKind::boilerplate, R"(^(copyright|©|\(c\) \d{4})|all rights reserved\W*$)"},
    // Comment forms.
    {LineKind::boilerplate, R"(^(leave|post|add|write) a (comment|reply)|^your email address will not be published)"},
    {LineKind::boilerplate, R"(required fields are marked|^(cancel|post) reply$|^\d* ?comments?$|^(view|show|read) (all )?\d* ?comments)"},
    // Share, follow and sign-up prompts.
    {LineKind::boilerplate, R"(^share (this|on|via|the|article|story)|^(share|tweet|email|print|pin( it)?|whatsapp|facebook|twitter|linkedin|reddit|copy( the)? link)$)"},
    {LineKind::boilerplate, R"(^(sign up|register|subscribe) (for|to|now)|^(follow|like) us (on|@)|^click here to|^like this (story|article)\?)"},
    {LineKind::boilerplate, R"(\bsign up\b.{0,80}\bnewsletter\b|\bnewsletters?\b.{0,40}\b(inbox|sign up)\b|delivered (to|through) your (inbox|letterbox|door))"},
    // Pointers to other stories and topic labels.
    {LineKind::boilerplate, R"(^(read|see|watch) (more|also|next)\b.{0,120}$|^(related|recommended|more)( (articles?|stories|content|coverage|reading|posts))?:?$)"},
    {LineKind::boilerplate, R"(^also on [\w-]+(\.[\w-]+)+\b|^(leia|veja) (também|mais)( |:|$)|^(lesen sie auch|mehr zum thema|lire aussi|à lire aussi|leggi anche|читайте также)( |:|$))"},
    {LineKind::boilerplate, R"(^(posted|filed) (in|under)\b|^(tags?|topics?|categor(y|ies)|keywords|schlagwörter|étiquettes|etiquetas|теги)\s?:)"},
    // Trailers that say where the story appeared first.
    {LineKind::boilerplate, R"(^(this (article|story|post|piece) )?(was )?(originally|first) (published|appeared|posted) (on|in|at|by)\b)"},
    // Cookie notices.
    {LineKind::boilerplate, R"(^(we use cookies|this (site|website) uses cookies|by (continuing|using) (to use )?(this|our) (site|website))|accept (all )?cookies)"},
    // Bylines and datelines (acted on only before the story's first paragraph).
    {LineKind::metadata, R"(^(by|von|par|por|door|di|przez|от|автор) \S|^(published|updated|posted|last updated|modified|first published)\b)"},
    {LineKind::metadata, R"(\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|oct(ober)?|nov(ember)?|dec(ember)?)\.? \d{1,2}\b)"},
    {LineKind::metadata, R"(\b\d{1,2} (jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|oct(ober)?|nov(ember)?|dec(ember)?)\b)"},
    {LineKind::metadata, R"(\b\d{1,2}:\d{2}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\d+ (minutes?|hours?|days?) ago|\d+ ?min(ute)?s? read)"},
    // Headings of what follows the story.
    {LineKind::related_heading, R"(^(related|recommended|more|popular|latest|top) (articles|stories|news|posts|reads|coverage|videos|from|on)\b.{0,60}$)"},
    {LineKind::related_heading, R"(^(you (may|might|could) (also )?(like|enjoy|be interested)|most (read|popular|viewed|shared)|trending( now)?)\W*$)"},
    {LineKind::related_heading, R"(^(about the author|more from|what to read next|read next|up next|tags|topics|keywords)\b.{0,60}$)"},
    {LineKind::related_heading, R"(^(ähnliche artikel|das könnte sie auch interessieren|meistgelesen|articles similaires|sur le même sujet|les plus lus)\W*$)"},
    {LineKind::related_heading, R"(^(noticias relacionadas|te puede interesar|lo más leído|notícias relacionadas|mais lidas|articoli correlati|i più letti)\W*$)"},
    {LineKind::related_heading, R"(^(похожие (статьи|новости|записи)|самые популярные|популярное|читайте также)( .{0,60})?$)"},
    // Headings of comment threads.
    {LineKind::comments_heading, R"(^(leave a (comment|reply)|comments?|reader comments|join the (discussion|conversation)|what (do )?you think\??|tell us what you think)\W*$)"},
    {LineKind::comments_heading, R"(^(\d+|no|one|two|three) (comments?|responses?|replies|thoughts?)( (to|on)\b.{0,80})?\W*$|^comments? \(\d+\)$)"},
    {LineKind::comments_heading, R"(^(kommentare|commentaires|comentarios|comentários|commenti|комментарии|отзывы|reacties|komentarze)( \(\d+\))?\W*$)"},
    // Paywall prompts.
    {LineKind::paywall, R"((subscribe|sign in|log in|register)( now)? to (continue|keep) reading|to (continue|keep) reading,? (please )?(subscribe|sign in|log in))"},
    {LineKind::paywall, R"((this|the rest of this) (article|story|content) is (only )?(available|reserved|exclusive) (to|for) (subscribers|members|premium))"},
    {LineKind::paywall, R"(^already (a subscriber|have an account)|you('ve| have) reached your (free )?(article|story) limit|create a free account to (continue|read))"},
};

// ---- Compiled matchers ------------------------------------------------------------------------------
template <typename Row>
std::unique_ptr<RE2::Set> compile_set(const Row* rows, std::size_t count, bool case_sensitive) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(case_sensitive);
    auto set = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
    for (std::size_t i = 0; i < count; ++i) {
        std::string error;
        // Indices must stay aligned with the table, so a pattern that does not compile is a bug in
        // the table above (the unit tests load every table).
        if (set->Add(rows[i].regex, &error) != static_cast<int>(i))
            throw std::logic_error("bad boilerplate pattern " + std::string(rows[i].regex) + ": " + error);
    }
    if (!set->Compile()) throw std::logic_error("boilerplate patterns do not compile");
    return set;
}

const RE2::Set& class_id_set() {
    static const auto set = compile_set(kClassIdPatterns, std::size(kClassIdPatterns), true);
    return *set;
}

const RE2::Set& line_set() {
    static const auto set = compile_set(kLinePatterns, std::size(kLinePatterns), false);
    return *set;
}

}  // namespace

std::uint32_t match_class_and_id(std::string_view lowercase_class_and_id) {
    const re2::StringPiece text(lowercase_class_and_id.data(), lowercase_class_and_id.size());
    thread_local std::vector<int> hits;
    hits.clear();
    if (!class_id_set().Match(text, &hits)) return kRegionNone;
    std::uint32_t regions = kRegionNone;
    for (int hit : hits) regions |= kClassIdPatterns[hit].region;
    return regions;
}

std::uint32_t regions_of_tag(int gumbo_tag) {
    for (const TagRegion& row : kTagRegions)
        if (row.tag == gumbo_tag) return row.region;
    return kRegionNone;
}

std::uint32_t regions_of_role(std::string_view lowercase_role) {
    for (const ValueRegion& row : kRoleRegions)
        if (lowercase_role == row.value) return row.region;
    return kRegionNone;
}

std::uint32_t regions_of_itemprop(std::string_view lowercase_itemprop) {
    for (const ValueRegion& row : kItempropRegions)
        if (lowercase_itemprop == row.value) return row.region;
    return kRegionNone;
}

std::uint32_t region_headed_by(LineKind kind) {
    switch (kind) {
    case LineKind::related_heading: return kRegionRelated;
    case LineKind::comments_heading: return kRegionComments;
    default: return kRegionNone;
    }
}

LineKind classify_line(std::string_view collapsed_text) {
    if (collapsed_text.empty() || collapsed_text.size() > kMaxLineLength) return LineKind::story;
    thread_local std::vector<int> hits;
    hits.clear();
    if (!line_set().Match(re2::StringPiece(collapsed_text.data(), collapsed_text.size()), &hits)) return LineKind::story;
    // The strongest verdict wins: a paywall prompt over an end marker over a dropped line.
    LineKind verdict = LineKind::story;
    for (int hit : hits) {
        LineKind kind = kLinePatterns[hit].kind;
        if (static_cast<int>(kind) > static_cast<int>(verdict)) verdict = kind;
    }
    return verdict;
}

}  // namespace gleaner::extract
