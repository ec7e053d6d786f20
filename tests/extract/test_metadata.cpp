// Tests for extract_metadata on small hand-written pages, one rule each: where each field comes
// from, which source wins, and what is cleaned away.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "extract/metadata/metadata.h"

namespace gleaner::extract {
namespace {

struct GumboDeleter {
    void operator()(GumboOutput* output) const { gumbo_destroy_output(&kGumboDefaultOptions, output); }
};

Metadata metadata_of(const std::string& html, std::string_view url = "https://news.example.com/2024/05/01/story") {
    std::unique_ptr<GumboOutput, GumboDeleter> doc(gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()));
    return extract_metadata(*doc, url);
}

std::string page(const std::string& head, const std::string& body = "<p>Text.</p>") {
    return "<!DOCTYPE html><html><head>" + head + "</head><body>" + body + "</body></html>";
}

std::string json_ld(const std::string& json) { return "<script type=\"application/ld+json\">" + json + "</script>"; }

using Names = std::vector<std::string>;

// ---- title ----

TEST(MetadataTitle, SiteSuffixIsRemovedFromHtmlTitle) {
    EXPECT_EQ(metadata_of(page("<title>Storm hits the coast | Daily Planet</title>"), "").title, "Storm hits the coast");
    EXPECT_EQ(metadata_of(page("<title>Storm hits the coast - Daily Planet</title>"), "").title, "Storm hits the coast");
}

TEST(MetadataTitle, OgTitlePreferredAndCleanedOfSiteName) {
    const auto m = metadata_of(page("<title>Storm | Daily Planet</title><meta property=\"og:site_name\" content=\"Daily Planet\">"
                                    "<meta property=\"og:title\" content=\"Storm hits the coast — Daily Planet\">"));
    EXPECT_EQ(m.title, "Storm hits the coast");
    EXPECT_EQ(m.site_name, "Daily Planet");
}

TEST(MetadataTitle, JsonLdHeadlineAgreeingWithH1Wins) {
    const auto m = metadata_of(page("<meta property=\"og:title\" content=\"Teaser headline for social\">" +
                                        json_ld(R"({"@type":"NewsArticle","headline":"The real headline"})"),
                                    "<h1>The real headline</h1>"));
    EXPECT_EQ(m.title, "The real headline");
}

TEST(MetadataTitle, SitePrefixIsRemovedWhenH1ConfirmsTheHeadline) {
    EXPECT_EQ(metadata_of(page("<title>Daily Planet | Storm hits the coast</title>", "<h1>Storm hits the coast</h1>")).title,
              "Storm hits the coast");
}

TEST(MetadataTitle, TheVisibleHeadlineReplacesAnSeoVariantOfIt) {
    const auto m = metadata_of(page("<meta property=\"og:title\" content=\"Best Greenhouse Heaters of 2026\">",
                                    "<h1>Blog</h1><h1>Seven greenhouse heaters we tested this winter</h1>"));
    EXPECT_EQ(m.title, "Seven greenhouse heaters we tested this winter");
    // An <h1> that shares no word with the declared headline (a logo, a section name) does not.
    EXPECT_EQ(metadata_of(page("<meta property=\"og:title\" content=\"Storm hits the coast\">", "<h1>Daily Planet</h1>")).title,
              "Storm hits the coast");
}

TEST(MetadataTitle, HeadlineWithDashIsNotCutWithoutEvidence) {
    EXPECT_EQ(metadata_of(page("<title>Brexit - what happens next</title>"), "").title, "Brexit - what happens next");
}

TEST(MetadataTitle, LabelsBesideAVerticalBarAreNotTheHeadline) {
    EXPECT_EQ(metadata_of(page("<title>How to sleep | Patient Education | City Children's Hospital</title>",
                               "<h1>How to sleep | Patient Education | City Children's Hospital</h1>"))
                  .title,
              "How to sleep");
    EXPECT_EQ(metadata_of(page("<meta property=\"og:title\" content=\"Opinion | Why the tram line matters\">")).title,
              "Why the tram line matters");
}

TEST(MetadataTitle, APartNamingTheHostIsTheSiteName) {
    EXPECT_EQ(metadata_of(page("<title>Five mistakes to avoid - GDevelop</title>"), "https://gdevelop.io/page/mistakes").title,
              "Five mistakes to avoid");
    EXPECT_EQ(metadata_of(page("<title>The car checklist \xE2\x80\x93 Bridgestone Tires</title>"),
                          "https://tires.bridgestone.com/learn/checklist")
                  .title,
              "The car checklist");
}

TEST(MetadataTitle, AnH1WithADatelineBeforeTheHeadlineKeepsTheDeclaredOne) {
    EXPECT_EQ(metadata_of(page("<meta property=\"og:title\" content=\"Preparing a transition\">", "<h1>Dec 18 2025 Preparing a transition</h1>"))
                  .title,
              "Preparing a transition");
}

TEST(MetadataTitle, AHeadlineCutShortIsCompletedFromTheHtmlTitle) {
    EXPECT_EQ(metadata_of(page("<title>Best travel insurance for seniors in 2025 | Senior Living</title>"
                               "<meta property=\"og:title\" content=\"Best travel insurance for seniors\">",
                               "<h1>Best travel insurance for seniors</h1>"))
                  .title,
              "Best travel insurance for seniors in 2025");
    // A full sentence, or words after a separator, are a tagline.
    EXPECT_EQ(metadata_of(page("<title>What is mesh WiFi? Our exclusive guide</title>", "<h1>What is mesh WiFi?</h1>")).title,
              "What is mesh WiFi?");
    // A heading of a word or two names a subject; the words after it in <title> are no part of it.
    EXPECT_EQ(metadata_of(page("<title>Harbour Definition &amp; Meaning | Town Dictionary</title>", "<h1>harbour</h1>")).title,
              "harbour");
}

TEST(MetadataTitle, SiteNameComesFromTitleSuffixWhenNotDeclared) {
    const auto m = metadata_of(page("<title>Storm hits the coast | Daily Planet</title>", "<h1>Storm hits the coast</h1>"));
    EXPECT_EQ(m.title, "Storm hits the coast");
    EXPECT_EQ(m.site_name, "Daily Planet");
}

// ---- authors ----

TEST(MetadataAuthors, JsonLdAuthorAsStringObjectArrayAndGraphReference) {
    EXPECT_EQ(metadata_of(page(json_ld(R"({"@type":"Article","author":"Jane Doe"})"))).authors, Names{"Jane Doe"});
    EXPECT_EQ(metadata_of(page(json_ld(R"({"@type":"Article","author":{"@type":"Person","name":"Jane Doe"}})"))).authors,
              Names{"Jane Doe"});
    EXPECT_EQ(metadata_of(page(json_ld(R"({"@type":"Article","author":[{"@type":"Person","name":"Jane Doe"},{"name":"John Roe"}]})"))).authors,
              (Names{"Jane Doe", "John Roe"}));
    EXPECT_EQ(metadata_of(page(json_ld(R"({"@context":"https://schema.org","@graph":[
        {"@type":"Person","@id":"https://x.example/#jane","name":"Jane Doe"},
        {"@type":"BlogPosting","headline":"H","author":{"@id":"https://x.example/#jane"}}]})"))).authors,
              Names{"Jane Doe"});
}

TEST(MetadataAuthors, OrganisationIsNotAnAuthorWhenAPersonIsKnown) {
    const auto m = metadata_of(page(json_ld(R"({"@type":"NewsArticle","author":{"@type":"Organization","name":"Planet Media"}})"),
                                    "<div class=\"byline\">By Jane Doe</div>"));
    EXPECT_EQ(m.authors, Names{"Jane Doe"});
}

TEST(MetadataAuthors, OrganisationIsTheAuthorWhenNoPersonIsKnown) {
    EXPECT_EQ(metadata_of(page(json_ld(R"({"@type":"NewsArticle","author":{"@type":"Organization","name":"Planet Media"}})"))).authors,
              Names{"Planet Media"});
}

TEST(MetadataAuthors, BylineIsCleanedAndSplit) {
    EXPECT_EQ(metadata_of(page("", "<p class=\"article-byline\">By Jane Doe and John Roe | May 1, 2024</p>")).authors,
              (Names{"Jane Doe", "John Roe"}));
    EXPECT_EQ(metadata_of(page("<meta name=\"author\" content=\"By Jane Doe &amp; John Roe\">")).authors,
              (Names{"Jane Doe", "John Roe"}));
}

TEST(MetadataAuthors, LeadInBeforeByIsRemoved) {
    EXPECT_EQ(metadata_of(page("<meta name=\"author\" content=\"Analysis by Jane Doe\">")).authors, Names{"Jane Doe"});
    EXPECT_EQ(metadata_of(page("<meta name=\"author\" content=\"Текст: Лида Буслаева\">")).authors, Names{"Лида Буслаева"});
}

TEST(MetadataAuthors, PhrasesAreNotNames) {
    EXPECT_TRUE(metadata_of(page("", "<span class=\"author\">The Russian and Syrian defense ministries</span>")).authors.empty());
    EXPECT_EQ(metadata_of(page("<meta name=\"author\" content=\"Ludwig van Beethoven\">")).authors, Names{"Ludwig van Beethoven"});
}

TEST(MetadataAuthors, CredentialsStayWithTheName) {
    EXPECT_EQ(metadata_of(page("<meta name=\"author\" content=\"Jillian Kubala, MS, RD\">")).authors, Names{"Jillian Kubala, MS, RD"});
    EXPECT_EQ(metadata_of(page("<meta name=\"author\" content=\"Jane Doe, PhD, and John Roe\">")).authors,
              (Names{"Jane Doe, PhD", "John Roe"}));
}

TEST(MetadataAuthors, BylineWithDateOrGluedPrefixGivesTheName) {
    EXPECT_EQ(metadata_of(page("", "<p class=\"byline\">Dec. 19, 2025 · Jane Doe on behalf of the docs team</p>")).authors,
              Names{"Jane Doe"});
    EXPECT_EQ(metadata_of(page("", "<p class=\"byline\">Jane Doe 4 August 2010</p>")).authors, Names{"Jane Doe"});
    EXPECT_EQ(metadata_of(page("", "<p class=\"byline\">Jane DoeDecember 17, 2025</p>")).authors, Names{"Jane Doe"});
    EXPECT_EQ(metadata_of(page("", "<div class=\"meta\"><span>By</span><span>Jane Doe</span></div><h1>Storm</h1>"
                                   "<p class=\"byline\"><b>By</b><a>Jane Doe</a></p>")).authors,
              Names{"Jane Doe"});
    EXPECT_EQ(metadata_of(page("", "<p class=\"byline\">Written by: Jane Doe</p>")).authors, Names{"Jane Doe"});
}

TEST(MetadataAuthors, CreditNamingNoPersonIsKeptWhenNoPersonIsNamed) {
    // A team or the site itself, declared in markup or shown as a byline, when nothing names a person.
    EXPECT_EQ(metadata_of(page("<meta property=\"og:site_name\" content=\"Camphouse\"><meta name=\"author\" content=\"Camphouse Team\">")).authors,
              Names{"Camphouse Team"});
    EXPECT_EQ(metadata_of(page("", "<h1>Storm</h1><p>by whova | Apr 21, 2025</p><p>Text.</p>")).authors, Names{"whova"});
    // A person, where one is named, wins over the credit.
    EXPECT_EQ(metadata_of(page("<meta name=\"author\" content=\"Camphouse Team\">", "<a rel=\"author\" href=\"/a/jd\">Jane Doe</a>")).authors,
              Names{"Jane Doe"});
    // Page furniture is not a credit.
    EXPECT_TRUE(metadata_of(page("", "<div class=\"author\">Subscribe</div>")).authors.empty());
    EXPECT_TRUE(metadata_of(page("", "<div class=\"author\">5 min read</div>")).authors.empty());
}

TEST(MetadataAuthors, ABylineInsideALineAfterADateOrALabel) {
    EXPECT_EQ(metadata_of(page("", "<h1>Storm</h1><p>March 15, 2022 \xC2\xB7 3 min read \xC2\xB7 By Jane Doe</p><p>Text.</p>")).authors,
              Names{"Jane Doe"});
    EXPECT_EQ(metadata_of(page("", "<h1>Storm</h1><p>Updated: May 1, 2024 Written by: Jane Doe</p><p>Text.</p>")).authors,
              Names{"Jane Doe"});
    // A photo credit is no byline.
    EXPECT_TRUE(metadata_of(page("", "<h1>Storm</h1><p>The coast at dawn. Photo by Jane Doe</p><p>Text.</p>")).authors.empty());
}

TEST(MetadataAuthors, AVisibleBylineListingMoreOfTheSamePeopleIsTheWholeList) {
    EXPECT_EQ(metadata_of(page("<meta name=\"author\" content=\"Jane Doe\">",
                               "<p class=\"byline\">Jane Doe1, John Roe2 and Ann Poe1</p>"))
                  .authors,
              (Names{"Jane Doe", "John Roe", "Ann Poe"}));
}

TEST(MetadataAuthors, TheAuthorBoxHeadingIsThePersonOfTheByline) {
    EXPECT_EQ(metadata_of(page("", "<span class=\"byline\">By Jane Doe</span><p>Text.</p>"
                                   "<h2 class=\"author-title\">About Jane Doe</h2>"))
                  .authors,
              Names{"Jane Doe"});
}

TEST(MetadataAuthors, ProfileUrlInArticleAuthorIsNeverAnAuthor) {
    const auto m = metadata_of(page("<meta property=\"article:author\" content=\"https://www.facebook.com/janedoe\">",
                                    "<a rel=\"author\" href=\"/staff/jane\">Jane Doe</a>"));
    EXPECT_EQ(m.authors, Names{"Jane Doe"});
}

TEST(MetadataAuthors, MicrodataAuthorNameIsUsed) {
    EXPECT_EQ(metadata_of(page("", "<article itemscope itemtype=\"https://schema.org/Article\"><span itemprop=\"author\" "
                                   "itemscope itemtype=\"https://schema.org/Person\"><img src=a.jpg alt=''><span itemprop=\"name\">Jane Doe</span>"
                                   "</span></article>")).authors,
              Names{"Jane Doe"});
}

TEST(MetadataAuthors, SiteNameAndRolesAreDropped) {
    EXPECT_EQ(metadata_of(page("<meta property=\"og:site_name\" content=\"Daily Planet\">",
                               "<div class=\"byline\">Jane Doe, Staff Writer, Daily Planet</div>")).authors,
              Names{"Jane Doe"});
}

// ---- dates ----

TEST(MetadataDates, PublishedAndModifiedAreKeptApartWithSources) {
    const auto m = metadata_of(page(json_ld(R"({"@type":"NewsArticle","datePublished":"2024-05-01T10:00:00+02:00",
                                                "dateModified":"2024-05-02T08:30:00Z"})")));
    ASSERT_TRUE(m.published && m.modified);
    EXPECT_EQ(*m.published, (DateInfo{"2024-05-01T10:00:00+02:00", "json-ld:datePublished"}));
    EXPECT_EQ(*m.modified, (DateInfo{"2024-05-02T08:30:00+00:00", "json-ld:dateModified"}));
}

TEST(MetadataDates, ModifiedDateIsNeverPassedOffAsPublished) {
    const auto m = metadata_of(page("<meta property=\"article:modified_time\" content=\"2024-05-02T08:30:00Z\">"), "");
    EXPECT_FALSE(m.published.has_value());
    ASSERT_TRUE(m.modified.has_value());
    EXPECT_EQ(m.modified->source, "meta:article:modified_time");
}

TEST(MetadataDates, OpenGraphPublishedTime) {
    const auto m = metadata_of(page("<meta property=\"article:published_time\" content=\"2024-05-01T10:00:00.000+0200\">"));
    ASSERT_TRUE(m.published);
    EXPECT_EQ(*m.published, (DateInfo{"2024-05-01T10:00:00+02:00", "meta:article:published_time"}));
}

TEST(MetadataDates, TimeElementDatetime) {
    const auto m = metadata_of(page("", "<time datetime=\"2024-05-01\">May 1</time><time class=\"updated\" datetime=\"2024-05-03T09:00\">"),
                               "");
    ASSERT_TRUE(m.published && m.modified);
    EXPECT_EQ(*m.published, (DateInfo{"2024-05-01", "time[datetime]"}));
    EXPECT_EQ(*m.modified, (DateInfo{"2024-05-03T09:00:00", "time[datetime]"}));
}

TEST(MetadataDates, TheDateShownUnderTheHeadlineWhenNothingElseGivesOne) {
    const auto m = metadata_of(page("", "<h1>Seven greenhouse heaters we tested</h1><div><span>By Mara Lind</span>"
                                        "<span>Published on July 18, 2025</span></div><p>Text.</p>"),
                               "https://garden.example/heaters");
    ASSERT_TRUE(m.published.has_value());
    EXPECT_EQ(m.published->iso, "2025-07-18");
    EXPECT_EQ(m.published->source, "text");
    // Declared dates come first.
    const auto declared = metadata_of(page("<meta property=\"article:published_time\" content=\"2025-07-01\">",
                                           "<h1>Heaters</h1><p>Published on July 18, 2025</p>"),
                                      "https://garden.example/heaters");
    EXPECT_EQ(declared.published->iso, "2025-07-01");
}

TEST(MetadataDates, ElementWhoseClassNamesADate) {
    const auto m = metadata_of(page("", "<span class=\"article-publish-date\">November 19, 2019, 9:02 AM</span>"
                                        "<input type=hidden class=\"modified_date\" value=\"2019-11-20 10:00:00\">"), "");
    ASSERT_TRUE(m.published && m.modified);
    EXPECT_EQ(*m.published, (DateInfo{"2019-11-19T09:02:00", "element[class*=date]"}));
    EXPECT_EQ(*m.modified, (DateInfo{"2019-11-20T10:00:00", "element[class*=date]"}));
}

TEST(MetadataDates, UnlistedMetaKeyNamingADateIsWeakerThanMicrodata) {
    EXPECT_EQ(metadata_of(page("<meta name=\"sn-post-date\" content=\"2019/11/19\">"), "").published,
              (DateInfo{"2019-11-19", "meta:sn-post-date"}));
    EXPECT_EQ(metadata_of(page("<meta name=\"x-firstpublished\" content=\"2019-11-19T13:16:00\">",
                               "<meta itemprop=\"datePublished\" content=\"2019-11-19T13:16:00Z\">"), "").published,
              (DateInfo{"2019-11-19T13:16:00+00:00", "microdata:datePublished"}));
}

TEST(MetadataDates, CopyrightOrCommentDatesAreNotPublicationDates) {
    EXPECT_FALSE(metadata_of(page("", "<div class=\"comment-date\">May 1, 2024</div><p class=\"copyright-date\">2024-01-01</p>"), "")
                     .published.has_value());
}

TEST(MetadataDates, DateFromUrlPathIsTheLastResort) {
    const auto m = metadata_of(page(""), "https://news.example.com/2024/05/01/storm-hits");
    ASSERT_TRUE(m.published);
    EXPECT_EQ(*m.published, (DateInfo{"2024-05-01", "url"}));
}

TEST(MetadataDates, ADateWrittenAsItsOwnTextDatesAPageNothingElseDates) {
    // Beside an icon, away from the headline: no <time>, no date-named element, no markup.
    const auto m = metadata_of(page("", "<header><svg></svg> Dec 12, 2025 </header><h1>Storm</h1><p>Text.</p>"), "");
    ASSERT_TRUE(m.published);
    EXPECT_EQ(*m.published, (DateInfo{"2025-12-12", "text"}));
    EXPECT_EQ(metadata_of(page("", "<div><p>Text.</p><p>Posted on April 13, 2023</p></div>"), "").published,
              (DateInfo{"2023-04-13", "text"}));
    // Markup and the URL come first.
    EXPECT_EQ(metadata_of(page("", "<p>Posted on April 13, 2023</p>"), "https://news.example.com/2024/05/01/storm")
                  .published->source,
              "url");
}

TEST(MetadataDates, DatesOfLinksCommentsAndSentencesDoNotDateThePage) {
    EXPECT_FALSE(metadata_of(page("", "<p>Text.</p><ul><li><a href=\"/older\">March 3, 2024</a></li></ul>"), "").published);
    EXPECT_FALSE(metadata_of(page("", "<p>Text.</p><aside>March 3, 2024</aside><footer><p>1 May 2024</p></footer>"), "")
                     .published);
    EXPECT_FALSE(metadata_of(page("", "<div class=\"comments\"><div><span>March 3, 2024</span> Great story!</div></div>"), "")
                     .published);
    EXPECT_FALSE(metadata_of(page("", "<p>The council met on March 3, 2024 to discuss the tram line and its budget.</p>"), "")
                     .published);
}

TEST(MetadataDates, InvalidDateIsSkippedForTheNextSource) {
    const auto m = metadata_of(page("<meta property=\"article:published_time\" content=\"yesterday\">"
                                    "<meta name=\"pubdate\" content=\"20240501\">"), "");
    ASSERT_TRUE(m.published);
    EXPECT_EQ(m.published->source, "meta:pubdate");
}

// ---- language ----

TEST(MetadataLanguage, HtmlLangWinsAndIsNormalised) {
    const auto m = metadata_of("<html lang=\"en_us\"><head><meta http-equiv=\"content-language\" content=\"fr\"></head><body></body></html>");
    EXPECT_EQ(m.language, "en-US");
    EXPECT_EQ(m.language_source, "html-lang");
}

TEST(MetadataLanguage, ContentLanguageMetaThenJsonLd) {
    EXPECT_EQ(metadata_of(page("<meta http-equiv=\"Content-Language\" content=\"de\">")).language_source, "meta");
    const auto m = metadata_of(page(json_ld(R"({"@type":"Article","inLanguage":"es-ES"})")));
    EXPECT_EQ(m.language, "es-ES");
    EXPECT_EQ(m.language_source, "json-ld");
}

TEST(MetadataLanguage, DetectedFromTextWhenUndeclared) {
    const auto m = metadata_of(page("", "<p>Le gouvernement a annoncé mardi une série de mesures destinées à soutenir les "
                                        "agriculteurs touchés par la sécheresse, qui frappe depuis plusieurs semaines une grande "
                                        "partie du territoire, selon le ministère de l'Agriculture.</p>"));
    EXPECT_EQ(m.language, "fr");
    EXPECT_EQ(m.language_source, "detected");
}

// ---- URLs, site, description, image, section, tags ----

TEST(MetadataUrls, CanonicalIsAbsoluteAndPrefersLinkRel) {
    const auto m = metadata_of(page("<link rel=\"canonical\" href=\"/news/storm?ref=1\"><meta property=\"og:url\" content=\"https://other.example/x\">" +
                                    json_ld(R"({"@type":"Article","mainEntityOfPage":{"@id":"https://news.example.com/s#webpage"}})")));
    EXPECT_EQ(m.canonical_url, "https://news.example.com/news/storm?ref=1");
}

TEST(MetadataUrls, JsonLdUrlIsUsedWithoutFragmentWhenNoLink) {
    EXPECT_EQ(metadata_of(page(json_ld(R"({"@type":"Article","mainEntityOfPage":{"@id":"https://news.example.com/s#webpage"}})"))).canonical_url,
              "https://news.example.com/s");
}

TEST(MetadataUrls, ImageFromJsonLdObjectOrOgImageOrTwitter) {
    EXPECT_EQ(metadata_of(page(json_ld(R"({"@type":"Article","image":[{"@type":"ImageObject","url":"https://cdn.example/a.jpg"}]})"))).image,
              "https://cdn.example/a.jpg");
    EXPECT_EQ(metadata_of(page("<meta property=\"og:image\" content=\"/img/b.jpg\">")).image, "https://news.example.com/img/b.jpg");
    EXPECT_EQ(metadata_of(page("<meta name=\"twitter:image\" content=\"https://cdn.example/c.jpg\">")).image, "https://cdn.example/c.jpg");
}

TEST(MetadataUrls, UrlWhoseHostDecodesToBytesThatAreNotUtf8IsKeptPercentEncoded) {
    // Found by the fuzzer: curl percent-decodes the host of "t:/%81" into a raw 0x81 byte.
    EXPECT_EQ(metadata_of(page("<meta property=\"og:image\" content=\"t:/%81\">")).image, "t://%81/");
}

TEST(MetadataFields, SiteNameFromJsonLdPublisher) {
    EXPECT_EQ(metadata_of(page(json_ld(R"({"@type":"NewsArticle","publisher":{"@type":"Organization","name":"Planet Media"}})"))).site_name,
              "Planet Media");
}

TEST(MetadataFields, DescriptionFromOgOrMetaDescription) {
    EXPECT_EQ(metadata_of(page("<meta name=\"description\" content=\"  A storm  hit. \">")).description, "A storm hit.");
    EXPECT_EQ(metadata_of(page("<meta name=\"description\" content=\"plain\"><meta property=\"og:description\" content=\"og\">")).description, "og");
}

TEST(MetadataFields, SectionAndTagsFromArticleMeta) {
    const auto m = metadata_of(page("<meta property=\"article:section\" content=\"Weather\">"
                                    "<meta property=\"article:tag\" content=\"storms\"><meta property=\"article:tag\" content=\"coast\">"));
    EXPECT_EQ(m.section, "Weather");
    EXPECT_EQ(m.tags, (Names{"storms", "coast"}));
}

TEST(MetadataFields, SectionAndKeywordsFromJsonLd) {
    const auto m = metadata_of(page(json_ld(R"({"@type":"NewsArticle","articleSection":["Weather","News"],"keywords":"storms, coast"})")));
    EXPECT_EQ(m.section, "Weather");
    EXPECT_EQ(m.tags, (Names{"storms", "coast"}));
}

TEST(MetadataFields, MetaKeywordsAreSplit) {
    EXPECT_EQ(metadata_of(page("<meta name=\"keywords\" content=\"storms, coast ,weather\">")).tags, (Names{"storms", "coast", "weather"}));
}

// ---- JSON-LD robustness, body, paywall ----

TEST(MetadataJsonLd, BrokenBlockIsSkippedAndOthersUsed) {
    const auto m = metadata_of(page(json_ld(R"({"@type":"NewsArticle","headline":"Broken",})") +
                                    json_ld(R"([{"@type":"WebSite","name":"Daily Planet"},{"@type":["NewsArticle"],"headline":"Good one","author":"Jane Doe"}])")));
    EXPECT_EQ(m.title, "Good one");
    EXPECT_EQ(m.authors, Names{"Jane Doe"});
    EXPECT_EQ(m.site_name, "Daily Planet");
}

TEST(MetadataJsonLd, ArticleTypesBeatWebPageWhateverTheOrder) {
    for (const char* type : {"ReportageNewsArticle", "LiveBlogPosting", "BlogPosting", "Article"}) {
        const auto m = metadata_of(page(json_ld(std::string(R"({"@graph":[{"@type":"WebPage","name":"Page name"},{"@type":")") + type +
                                                R"(","headline":"Story"}]})")));
        EXPECT_EQ(m.title, "Story") << type;
    }
}

TEST(MetadataJsonLd, ArticleBodyIsExposed) {
    EXPECT_EQ(metadata_of(page(json_ld(R"({"@type":"NewsArticle","articleBody":"First paragraph.\n\nSecond."})"))).json_ld_body,
              "First paragraph.\n\nSecond.");
}

TEST(MetadataPaywall, IsAccessibleForFreeFalseAsBooleanOrString) {
    for (const char* value : {"false", "\"False\""}) {
        const auto m = metadata_of(page(json_ld(std::string(R"({"@type":"NewsArticle","isAccessibleForFree":)") + value + "}")));
        EXPECT_TRUE(m.paywalled) << value;
        EXPECT_EQ(m.paywall_reason, "json-ld:isAccessibleForFree=false");
    }
}

TEST(MetadataPaywall, HasPartNotFreeMarksPaywall) {
    const auto m = metadata_of(page(json_ld(R"({"@type":"NewsArticle","isAccessibleForFree":"True",
        "hasPart":{"@type":"WebPageElement","isAccessibleForFree":"False","cssSelector":".paywall"}})")));
    EXPECT_TRUE(m.paywalled);
    EXPECT_EQ(m.paywall_reason, "json-ld:hasPart.isAccessibleForFree=false");
}

TEST(MetadataPaywall, PaywallMarkupIsReportedUnlessJsonLdSaysFree) {
    EXPECT_TRUE(metadata_of(page("", "<div class=\"article-paywall\">Subscribe</div>")).paywalled);
    EXPECT_FALSE(metadata_of(page(json_ld(R"({"@type":"NewsArticle","isAccessibleForFree":true})"),
                                  "<div class=\"article-paywall\">Subscribe</div>")).paywalled);
    EXPECT_FALSE(metadata_of(page("", "<p>Free story</p>")).paywalled);
}

TEST(MetadataRobustness, EmptyDocumentGivesEmptyMetadata) {
    const auto m = metadata_of("", "");
    EXPECT_TRUE(m.title.empty());
    EXPECT_TRUE(m.authors.empty());
    EXPECT_FALSE(m.published.has_value());
}

}  // namespace
}  // namespace gleaner::extract
