// Site rules applied to fixture pages: each directive changes what the extractor returns the way the
// ftr-site-config format says.
#include <gtest/gtest.h>

#include "siterules/rule_check.h"
#include "siterules/rule_extract.h"
#include "siterules/rule_page.h"
#include "siterules/rule_parser.h"

namespace gleaner::siterules {
namespace {

// A news page with a story, a second block, a prose-rich column beside them and paging links.
const char* const kPage = R"(<!DOCTYPE html>
<html><head><title>Harbour reopens | The Gazette</title>
<meta name="author" content="Meta Author"></head>
<body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<h1 class="headline">Harbour reopens after storm</h1>
<p class="byline">By <a class="author">Ann Reporter</a> and <a class="author">Ben Writer</a></p>
<p class="stamp">Published 2024-03-05</p>
<div id="story">
  <p>The harbour reopened on Monday after engineers repaired the storm damage to the northern pier.</p>
  <div class="share-tools">Photographs of the pier were sent in by our reader Carl Olsen.</div>
  <p>Fishing boats were the first to leave, followed by the ferry to the islands at noon.</p>
  <p class="promo-box">Subscribe to The Gazette for full access to every story we publish.</p>
  <img src="https://cdn.example.com/photo.jpg" alt="The pier"><img src="https://ads.example.com/pixel.gif" alt="">
  <p>The council said the repairs cost less than expected and finished a week early.</p>
</div>
<div id="more">
  <p>Part two of the story is on this block, which a rule can gather with the first part of the body.</p>
</div>
<aside class="column">
  <p>Our columnist writes at length about the weather this winter, which was wetter than any winter on record, and about the gardens of the town, which flooded twice.</p>
  <p>She also reviews three new cafés near the station, compares their coffee at length, and recommends the one with the best view of the harbour and the longest opening hours.</p>
  <p>Finally she answers letters from readers about the new parking rules, the bus timetable, the library's opening hours and the long-promised swimming pool, still unbuilt.</p>
</aside>
<a class="next" href="/news/harbour?page=2">Next page</a>
<a class="print" href="print/harbour">Print this article</a>
</body></html>)";

constexpr char kUrl[] = "https://www.example.com/news/harbour";

RuleExtraction run(const std::string& rule_text, const std::string& page = kPage) {
    auto parsed = parse_site_rule(rule_text, "example.com.txt");
    check_expressions(parsed);
    EXPECT_TRUE(parsed.diagnostics.empty()) << parsed.diagnostics.front().to_string();
    extract::ExtractOptions options;
    options.url = kUrl;
    return extract_with_rule(page, options, &parsed.rule);
}

bool holds(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(RuleExtract, WithoutARuleTheExtractorRunsAlone) {
    extract::ExtractOptions options;
    options.url = kUrl;
    const auto result = extract_with_rule(kPage, options, nullptr);
    EXPECT_EQ(result.site_rule, "");
    EXPECT_EQ(result.article.text, extract::extract(kPage, options).text);
    EXPECT_EQ(result.next_page_url, "");
}

TEST(RuleExtract, BodyIsTheStory) {
    const auto result = run("body: //div[@id='story']\n");
    EXPECT_EQ(result.site_rule, "example.com.txt");
    EXPECT_TRUE(holds(result.article.text, "The harbour reopened on Monday")) << result.article.text;
    EXPECT_TRUE(holds(result.article.text, "finished a week early"));
    EXPECT_FALSE(holds(result.article.text, "columnist"));
    EXPECT_FALSE(holds(result.article.text, "Part two"));
}

TEST(RuleExtract, FirstBodyExpressionThatFindsSomethingWins) {
    const auto result = run("body: //div[@id='nothing-here']\nbody: //div[@id='story']\nbody: //aside\n");
    EXPECT_TRUE(holds(result.article.text, "The harbour reopened")) << result.article.text;
    EXPECT_FALSE(holds(result.article.text, "columnist"));
}

TEST(RuleExtract, SeveralBodyElementsAreJoinedInOrder) {
    const auto result = run("body: //div[@id='story'] | //div[@id='more']\n");
    const auto& text = result.article.text;
    ASSERT_TRUE(holds(text, "Part two")) << text;
    EXPECT_LT(text.find("The harbour reopened"), text.find("Part two"));
}

TEST(RuleExtract, PruneCleansTheBodyAndPruneNoKeepsItWhole) {
    const auto pruned = run("body: //div[@id='story']\n");
    EXPECT_FALSE(holds(pruned.article.text, "sent in by our reader")) << pruned.article.text;
    const auto whole = run("body: //div[@id='story']\nprune: no\n");
    EXPECT_TRUE(holds(whole.article.text, "sent in by our reader")) << whole.article.text;
    EXPECT_TRUE(holds(whole.article.text, "The harbour reopened"));
}

TEST(RuleExtract, TitleAuthorAndDateComeFromTheRule) {
    const auto result = run(
        "title: //h1[@class='headline']\n"
        "author: //p[@class='byline']/a[@class='author']\n"
        "date: substring-after(//p[@class='stamp'], 'Published ')\n"
        "body: //div[@id='story']\n");
    EXPECT_EQ(result.article.title, "Harbour reopens after storm");
    EXPECT_EQ(result.article.authors, (std::vector<std::string>{"Ann Reporter", "Ben Writer"}));
    ASSERT_TRUE(result.article.published);
    EXPECT_EQ(result.article.published->iso, "2024-03-05");
    EXPECT_EQ(result.article.published->source, "site_rule");
}

TEST(RuleExtract, AnExpressionThatFindsNothingLeavesTheExtractorsValue) {
    const auto plain = run("body: //div[@id='story']\n");
    const auto result = run("title: //h6\nauthor: //nothing\nbody: //div[@id='story']\n");
    EXPECT_FALSE(plain.article.title.empty());
    EXPECT_EQ(result.article.title, plain.article.title);
    EXPECT_EQ(result.article.authors, plain.article.authors);
}

TEST(RuleExtract, StripRemovesElements) {
    const auto result = run("body: //div[@id='story']\nprune: no\nstrip: //p[@class='promo-box']\n");
    EXPECT_FALSE(holds(result.article.text, "Subscribe to The Gazette")) << result.article.text;
    EXPECT_TRUE(holds(result.article.text, "Fishing boats"));
}

TEST(RuleExtract, StripIdOrClassMatchesPartOfAClassOrId) {
    const auto by_class = run("body: //div[@id='story']\nprune: no\nstrip_id_or_class: promo\n");
    EXPECT_FALSE(holds(by_class.article.text, "Subscribe to The Gazette")) << by_class.article.text;
    const auto by_id = run("body: //body\nprune: no\nstrip_id_or_class: stor\n");
    EXPECT_FALSE(holds(by_id.article.text, "The harbour reopened")) << by_id.article.text;
    EXPECT_TRUE(holds(by_id.article.text, "Part two"));
}

TEST(RuleExtract, StripImageSrcRemovesMatchingImages) {
    const auto kept = run("body: //div[@id='story']\n");
    EXPECT_TRUE(holds(kept.article.html, "photo.jpg")) << kept.article.html;
    const auto result = run("body: //div[@id='story']\nstrip_image_src: /photo.jpg\n");
    EXPECT_FALSE(holds(result.article.html, "photo.jpg")) << result.article.html;
    EXPECT_TRUE(holds(result.article.text, "The harbour reopened"));
}

TEST(RuleExtract, FindAndReplaceStringsChangeThePageBeforeParsing) {
    const auto result = run(
        "body: //div[@id='story']\n"
        "find_string: Fishing boats\n"
        "replace_string: Trawlers\n"
        "replace_string(<div id=\"more\">): <div id=\"story-more\">\n"
        "body: //div[@id='story-more']\n");
    EXPECT_TRUE(holds(result.article.text, "Trawlers were the first to leave")) << result.article.text;
    const auto moved = run("replace_string(<div id=\"more\">): <div id=\"chosen\">\nbody: //div[@id='chosen']\n");
    EXPECT_TRUE(holds(moved.article.text, "Part two")) << moved.article.text;
}

TEST(RuleExtract, LinksResolveAgainstThePage) {
    const auto result = run(
        "body: //div[@id='story']\n"
        "next_page_link: //a[@class='next']\n"
        "single_page_link: //a[@class='print']/@href\n");
    EXPECT_EQ(result.next_page_url, "https://www.example.com/news/harbour?page=2");
    EXPECT_EQ(result.single_page_url, "https://www.example.com/news/print/harbour");
    const auto built = run("single_page_link: concat(//a[@class='next']/@href, '&all=1')\n");
    EXPECT_EQ(built.single_page_url, "https://www.example.com/news/harbour?page=2&all=1");
    EXPECT_EQ(run("next_page_link: //a[@rel='next']\n").next_page_url, "");
}

TEST(RuleExtract, BodyNotFoundFallsBackToAutomaticExtractionUnlessForbidden) {
    const auto fallback = run("body: //div[@id='gone']\nstrip: //aside\n");
    EXPECT_TRUE(holds(fallback.article.text, "The harbour reopened")) << fallback.article.text;
    const auto forbidden = run("body: //div[@id='gone']\nautodetect_on_failure: no\n");
    EXPECT_EQ(forbidden.article.text, "");
}

TEST(RuleExtract, ARuleWithoutBodyStillStripsBeforeAutomaticExtraction) {
    const auto result = run("strip: //aside\ntitle: //h1\n");
    EXPECT_TRUE(holds(result.article.text, "The harbour reopened")) << result.article.text;
    EXPECT_FALSE(holds(result.article.text, "columnist"));
    EXPECT_EQ(result.article.title, "Harbour reopens after storm");
}

TEST(RuleExtract, LegacyCharsetPagesAreDecodedFirst) {
    std::string page = "<html><head><meta charset=\"windows-1252\"></head><body><div id=\"s\"><p>Caf\xe9 au lait "
                       "served at the harbour every morning since the spring of last year.</p></div></body></html>";
    const auto result = run("body: //div[@id='s']\n", page);
    EXPECT_TRUE(holds(result.article.text, "Café au lait")) << result.article.text;
    EXPECT_EQ(result.article.charset, "windows-1252");
}

std::string paged(int page, const std::string& next) {
    std::string html = "<html><head><title>Long read</title></head><body><h1>Long read</h1><div class='story'>";
    for (int p = 1; p <= 2; ++p)
        html += "<p>Page " + std::to_string(page) + ", paragraph " + std::to_string(p) +
                ": the committee heard evidence from residents, engineers and the harbour master.</p>";
    html += "</div>";
    if (!next.empty()) html += "<a class='next' href='" + next + "'>Next</a>";
    return html + "<aside><p>Related: other stories.</p></aside></body></html>";
}

TEST(RulePage, PagesOfAnArticleJoinOntoTheFirstInOrder) {
    auto parsed = parse_site_rule("body: //div[@class='story']\nnext_page_link: //a[@class='next']\n", "example.com.txt");
    extract::ExtractOptions options;
    options.url = "https://example.com/long?page=1";
    RulePage first(paged(1, "/long?page=2"), options, parsed.rule);
    EXPECT_EQ(first.next_page_url(), "https://example.com/long?page=2");
    options.url = first.next_page_url();
    const RulePage second(paged(2, "/long?page=3"), options, parsed.rule);
    EXPECT_EQ(second.next_page_url(), "https://example.com/long?page=3");
    options.url = second.next_page_url();
    const RulePage third(paged(3, ""), options, parsed.rule);
    EXPECT_EQ(third.next_page_url(), "");
    first.append_to_body(second.body_html());
    first.append_to_body(third.body_html());

    const std::string text = first.extract().text;
    std::size_t at = 0;
    for (int page = 1; page <= 3; ++page)
        for (int p = 1; p <= 2; ++p) {
            const auto found = text.find("Page " + std::to_string(page) + ", paragraph " + std::to_string(p), at);
            ASSERT_NE(found, std::string::npos) << page << "/" << p << " missing or out of order:\n" << text;
            at = found;
        }
    EXPECT_EQ(text.find("Related"), std::string::npos);
}

TEST(RulePage, APageWithoutBodyHasNothingToJoin) {
    auto parsed = parse_site_rule("body: //div[@class='nowhere']\n", "example.com.txt");
    extract::ExtractOptions options;
    RulePage page(paged(1, ""), options, parsed.rule);
    EXPECT_FALSE(page.body_found());
    EXPECT_EQ(page.body_html(), "");
    page.append_to_body("<p>ignored</p>");
    EXPECT_EQ(page.extract().text.find("ignored"), std::string::npos);
}

}  // namespace
}  // namespace gleaner::siterules
