// The four output formats of one rich page: text layout (one blank line between paragraphs, list items
// on their own lines), Markdown elements, an HTML fragment with only structural tags and absolute URLs,
// and the json object's fields.
#include <gtest/gtest.h>
#include <gumbo.h>

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

#include "content_test_support.h"

namespace gleaner::extract {
namespace {

constexpr const char* kPageUrl = "https://news.example/city/2024/05/tram-line/";

// A story with every structural element the formats must carry, in markup full of classes, styles,
// handlers and relative URLs.
const std::string kRichPage = R"html(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Tram line extension approved | City News</title>
<base href="/city/">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Tram line extension approved",
"datePublished":"2024-05-03T09:00:00+02:00","dateModified":"2024-05-03T12:30:00+02:00",
"author":[{"@type":"Person","name":"Lena Vogt"},{"@type":"Person","name":"Sam Okafor"}]}</script></head>
<body><div class="wrap"><article class="story" style="color:red">
<h1 class="headline">Tram line extension approved</h1>
<div class="article-body" id="body" onclick="track()">
<p class="lead" style="font-weight:bold">The city council approved the <em>eastern</em> tram extension on Thursday, <strong>ending</strong> a debate that has run for <a href="history.html" class="inline" target="_blank" onclick="x()">six years</a>.</p>
<h2 class="sub">What gets built</h2>
<p>Construction starts next spring.<br>Trams should run by 2027.</p>
<ul class="facts"><li>Four new stops</li><li>A depot at <a href="/maps/depot">Old Quarry</a></li></ul>
<ol><li>Planning</li><li>Track laying</li></ol>
<blockquote class="quote"><p>It is the biggest change to the east side in a generation.</p></blockquote>
<figure class="media"><img src="../img/tram.jpg" alt="A tram at the depot" width="800" style="border:0" onerror="fallback()"><figcaption>A tram at the depot.</figcaption></figure>
<table class="data"><tr><th>Stop</th><th>Opens</th></tr><tr><td>Quarry Road</td><td>2027</td></tr></table>
<pre><code>route = east + 4 stops</code></pre>
<p>Residents can comment on the plans until the end of June.</p>
</div></article></div></body></html>)html";

Article rich_article() {
    ExtractOptions options;
    options.url = kPageUrl;
    return extract(kRichPage, options);
}

TEST(TextFormat, ParagraphsAreSeparatedByExactlyOneBlankLine) {
    const Article article = rich_article();
    EXPECT_EQ(article.text.find("\n\n\n"), std::string::npos) << article.text;
    EXPECT_NE(article.text.find("six years.\n\nWhat gets built\n\nConstruction starts next spring."), std::string::npos)
        << article.text;
    EXPECT_NE(article.text.front(), '\n');
    EXPECT_NE(article.text.back(), '\n');
}

TEST(TextFormat, ListItemsAndLineBreaksAreOnTheirOwnLines) {
    const Article article = rich_article();
    EXPECT_NE(article.text.find("- Four new stops\n- A depot at Old Quarry"), std::string::npos) << article.text;
    EXPECT_NE(article.text.find("- Planning\n- Track laying"), std::string::npos) << article.text;
    EXPECT_NE(article.text.find("Construction starts next spring.\nTrams should run by 2027."), std::string::npos);
}

TEST(TextFormat, QuotesTablesAndCodeAreTextButCaptionsAndHeadlineAreNot) {
    const Article article = rich_article();
    EXPECT_NE(article.text.find("It is the biggest change to the east side in a generation."), std::string::npos);
    EXPECT_NE(article.text.find("Quarry Road | 2027"), std::string::npos) << article.text;
    EXPECT_NE(article.text.find("route = east + 4 stops"), std::string::npos);
    EXPECT_EQ(article.text.find("A tram at the depot."), std::string::npos);
    EXPECT_NE(article.text.rfind("The city council approved", 0), std::string::npos) << article.text;
}

TEST(MarkdownFormat, HasHeadingsListsLinksEmphasisQuotesImagesTablesAndCode) {
    const std::string md = rich_article().markdown;
    EXPECT_NE(md.find("## What gets built"), std::string::npos) << md;
    EXPECT_NE(md.find("- Four new stops\n- A depot at [Old Quarry](https://news.example/maps/depot)"), std::string::npos) << md;
    EXPECT_NE(md.find("1. Planning\n2. Track laying"), std::string::npos) << md;
    EXPECT_NE(md.find("the *eastern* tram extension on Thursday, **ending** a debate"), std::string::npos) << md;
    EXPECT_NE(md.find("[six years](https://news.example/city/history.html)"), std::string::npos) << md;
    EXPECT_NE(md.find("> It is the biggest change to the east side in a generation."), std::string::npos) << md;
    EXPECT_NE(md.find("![A tram at the depot](https://news.example/img/tram.jpg)"), std::string::npos) << md;
    EXPECT_NE(md.find("*A tram at the depot.*"), std::string::npos) << md;
    EXPECT_NE(md.find("| Stop | Opens |\n| --- | --- |\n| Quarry Road | 2027 |"), std::string::npos) << md;
    EXPECT_NE(md.find("```\nroute = east + 4 stops\n```"), std::string::npos) << md;
    EXPECT_NE(md.find("spring.  \nTrams"), std::string::npos) << md;
}

// Every element and attribute in an HTML fragment, as Gumbo parses it.
struct HtmlInventory {
    std::set<std::string> tags;
    std::set<std::string> attributes;
    std::vector<std::string> urls;  // href and src values
};

HtmlInventory inventory(const std::string& fragment) {
    HtmlInventory found;
    GumboOutput* output = gumbo_parse(fragment.c_str());
    std::vector<const GumboNode*> stack{output->root};
    while (!stack.empty()) {
        const GumboNode* node = stack.back();
        stack.pop_back();
        if (node->type != GUMBO_NODE_ELEMENT) continue;
        const GumboElement& element = node->v.element;
        if (element.original_tag.length > 0) found.tags.insert(gumbo_normalized_tagname(element.tag));
        for (unsigned i = 0; i < element.attributes.length; ++i) {
            const auto* attr = static_cast<const GumboAttribute*>(element.attributes.data[i]);
            found.attributes.insert(attr->name);
            if (std::string(attr->name) == "href" || std::string(attr->name) == "src") found.urls.push_back(attr->value);
        }
        for (unsigned i = 0; i < element.children.length; ++i) stack.push_back(static_cast<const GumboNode*>(element.children.data[i]));
    }
    gumbo_destroy_output(&kGumboDefaultOptions, output);
    return found;
}

TEST(HtmlFormat, HoldsOnlyStructuralTagsWithoutClassStyleIdOrHandlers) {
    const HtmlInventory html = inventory(rich_article().html);
    const std::set<std::string> allowed = {"header", "h1", "time", "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
                                           "blockquote", "figure", "figcaption", "img", "table", "caption", "thead",
                                           "tbody", "tfoot", "tr", "th", "td", "a", "em", "strong", "pre", "code", "br",
                                           "sub", "sup", "hr"};
    for (const std::string& tag : html.tags) EXPECT_TRUE(allowed.count(tag)) << "tag <" << tag << ">";
    for (const char* tag : {"h2", "ul", "ol", "blockquote", "figure", "figcaption", "img", "table", "a", "em", "strong", "pre"})
        EXPECT_TRUE(html.tags.count(tag)) << "missing <" << tag << ">";
    for (const std::string& attribute : html.attributes)
        EXPECT_TRUE(attribute == "href" || attribute == "src" || attribute == "alt" || attribute == "datetime" ||
                    attribute == "start")
            << "attribute " << attribute;
}

TEST(HtmlFormat, LinksAndImagesAreAbsoluteResolvedAgainstBaseHref) {
    const HtmlInventory html = inventory(rich_article().html);
    ASSERT_EQ(html.urls.size(), 3u);
    for (const std::string& url : html.urls) EXPECT_EQ(url.rfind("https://news.example/", 0), 0u) << url;
    const std::string fragment = rich_article().html;
    EXPECT_NE(fragment.find("href=\"https://news.example/city/history.html\""), std::string::npos) << fragment;
    EXPECT_NE(fragment.find("src=\"https://news.example/img/tram.jpg\""), std::string::npos) << fragment;
}

TEST(HtmlFormat, EscapesTextAndAttributes) {
    ExtractOptions options;
    options.url = "https://a.example/";
    const Article article = extract(
        "<html><body><article><p>Profits rose &lt;5% &amp; costs fell, said the firm's \"chief\" in a statement today.</p>"
        "<p><a href='/q?a=1&amp;b=\"2\"'>Quarterly report</a> with more details about the results of the quarter.</p>"
        "</article></body></html>",
        options);
    EXPECT_NE(article.html.find("Profits rose &lt;5% &amp; costs fell"), std::string::npos) << article.html;
    EXPECT_NE(article.html.find("href=\"https://a.example/q?a=1&amp;b=&quot;2&quot;\""), std::string::npos) << article.html;
}

TEST(JsonFormat, CarriesMetadataTextAndHtml) {
    const Article article = rich_article();
    const nlohmann::json json = nlohmann::json::parse(render(article, Format::json));
    EXPECT_EQ(json, to_json(article));
    EXPECT_EQ(json.at("url"), kPageUrl);
    EXPECT_EQ(json.at("title"), "Tram line extension approved");
    EXPECT_EQ(json.at("schema_version"), 1);
    EXPECT_EQ(json.at("page_type"), "article");
    EXPECT_EQ(json.at("authors"), nlohmann::json::array({"Lena Vogt", "Sam Okafor"}));
    EXPECT_EQ(json.at("published"), "2024-05-03T09:00:00+02:00");
    EXPECT_FALSE(json.at("published_source").get<std::string>().empty());
    EXPECT_EQ(json.at("modified"), "2024-05-03T12:30:00+02:00");
    EXPECT_EQ(json.at("language"), "en");
    EXPECT_EQ(json.at("text"), article.text);
    EXPECT_EQ(json.at("html"), article.html);
    EXPECT_EQ(json.at("markdown"), article.markdown);
    EXPECT_EQ(json.at("word_count"), article.word_count);
    EXPECT_EQ(json.at("partial"), false);
    for (const char* key : {"canonical_url", "site_name", "description", "image", "section", "tags", "language_source",
                            "partial_reason", "modified_source", "provenance"})
        EXPECT_TRUE(json.contains(key)) << key;
    // One name per field: the older spellings are gone.
    for (const char* key : {"author", "date", "date_source", "charset"}) EXPECT_FALSE(json.contains(key)) << key;
    const nlohmann::json& provenance = json.at("provenance");
    EXPECT_EQ(provenance.at("charset"), "UTF-8");
    EXPECT_EQ(provenance.at("extractor_version"), std::string(kExtractorVersion));
    EXPECT_EQ(provenance.at("page_type").at("decided_by"), article.page_type_signals.decided_by);
}

TEST(JsonFormat, MissingDatesAreNull) {
    const nlohmann::json json = to_json(extract("<html><body><p>Short text.</p></body></html>", ExtractOptions{}));
    EXPECT_TRUE(json.at("published").is_null());
    EXPECT_TRUE(json.at("published_source").is_null());
    EXPECT_TRUE(json.at("modified").is_null());
}

TEST(Formats, RenderGivesEachFormatsField) {
    const Article article = rich_article();
    EXPECT_EQ(render(article, Format::text), article.text);
    EXPECT_EQ(render(article, Format::markdown), article.markdown);
    EXPECT_EQ(render(article, Format::html), article.html);
    EXPECT_EQ(parse_format("markdown"), Format::markdown);
    EXPECT_EQ(parse_format("pdf"), std::nullopt);
    EXPECT_EQ(format_extension(Format::markdown), "md");
    EXPECT_EQ(format_extension(Format::text), "txt");
}

TEST(Formats, WordCountCountsTokensWithLettersOrDigits) {
    const Article article = extract(
        "<html><body><article><p>One two, three-four 5 \xE2\x80\x94 six. \xC3\xA9t\xC3\xA9 \xD0\xB4\xD0\xBE\xD0\xBC "
        "and a few more words so that this reads like a sentence.</p></article></body></html>",
        ExtractOptions{});
    // One, two, three-four, 5, six, été, дом + 12 words; the dash is no word.
    EXPECT_EQ(article.word_count, 19u) << article.text;
}

}  // namespace
}  // namespace gleaner::extract

namespace gleaner::extract {
namespace {

TEST(ReaderView, MarkdownStartsWithTitleBylineAndDate) {
    const std::string md = rich_article().markdown;
    EXPECT_EQ(md.rfind("# Tram line extension approved\n\n*By Lena Vogt and Sam Okafor · 2024-05-03*\n\n", 0), 0u) << md;
    // The story follows, its headline not repeated.
    EXPECT_EQ(md.find("# Tram line extension approved", 1), std::string::npos) << md;
}

TEST(ReaderView, HtmlStartsWithAHeaderOfTitleBylineAndTime) {
    const std::string html = rich_article().html;
    EXPECT_EQ(html.rfind("<header>\n<h1>Tram line extension approved</h1>\n<p>By Lena Vogt and Sam Okafor · "
                         "<time datetime=\"2024-05-03T09:00:00+02:00\">2024-05-03</time></p>\n</header>\n",
                         0),
              0u)
        << html;
}

TEST(ReaderView, NumberedListsKeepTheirFirstNumber) {
    const Article article = extract(
        "<html><body><article><p>The steps that follow continue the recipe that started in the first part of "
        "this long series.</p><ol start=\"4\"><li>Fold in the flour slowly.</li><li>Bake for forty minutes.</li>"
        "</ol><p>Serve the cake warm with cream, or keep it wrapped for up to three days in a cool place.</p>"
        "</article></body></html>",
        ExtractOptions{});
    EXPECT_NE(article.markdown.find("4. Fold in the flour slowly.\n5. Bake for forty minutes."), std::string::npos)
        << article.markdown;
    EXPECT_NE(article.html.find("<ol start=\"4\">"), std::string::npos) << article.html;
}

TEST(ReaderView, OriginallyPublishedTrailerIsNotTheStory) {
    const Article article = extract(
        "<html><body><article><p>The harbour reopened on Monday after three weeks of repairs to the sea wall, "
        "the port authority said in a statement.</p><p>Ferries will run on the summer timetable from Friday, "
        "and the fish market returns to the quay next week.</p><p>This article was originally published on "
        "Coastal Times.</p></article></body></html>",
        ExtractOptions{});
    EXPECT_NE(article.text.find("fish market"), std::string::npos) << article.text;
    EXPECT_EQ(article.text.find("originally published"), std::string::npos) << article.text;
}

}  // namespace
}  // namespace gleaner::extract
