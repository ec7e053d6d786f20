// Robustness of the whole extractor entry point on hostile input: huge pages, binary garbage, empty
// input, pages without an article, invalid UTF-8, deeply nested JSON-LD, and the input size limit.
// Each must give a clean Article or a clear ExtractError, never a crash. (Extreme element nesting:
// test_robustness_nesting.cpp.)
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <random>
#include <string>

#include "extract/charset/charset_convert.h"
#include "extract/extractor.h"

namespace gleaner::extract {
namespace {

void expect_valid_article(const Article& article) {
    EXPECT_EQ(count_invalid_utf8(article.text), 0u);
    EXPECT_EQ(count_invalid_utf8(article.html), 0u);
    EXPECT_EQ(count_invalid_utf8(article.title), 0u);
    EXPECT_EQ(count_invalid_utf8(to_json(article).dump()), 0u);
}

const std::string kParagraph =
    "<p>The council voted on Tuesday to approve the new budget, which includes funding for road repairs, "
    "two new libraries and an expanded bus service that residents had requested for years.</p>";

TEST(Robustness, FiftyMegabytePageIsExtractedWhenTheLimitAllowsIt) {
    std::string html = "<!DOCTYPE html><html><head><title>Big</title></head><body><article>";
    while (html.size() < 50u << 20) html += kParagraph;
    html += "</article></body></html>";
    ExtractOptions options;
    options.max_input_bytes = 64u << 20;
    const Article article = extract(html, options);
    expect_valid_article(article);
    EXPECT_GT(article.word_count, 1000u);
}

TEST(Robustness, InputOverTheLimitIsRefusedWithAClearError) {
    ExtractOptions options;
    options.max_input_bytes = 1000;
    const std::string html(1001, 'a');
    try {
        extract(html, options);
        FAIL() << "no ExtractError for input over the limit";
    } catch (const ExtractError& error) {
        EXPECT_NE(std::string(error.what()).find("1000"), std::string::npos) << error.what();
    }
    EXPECT_NO_THROW(extract(std::string(1000, 'a'), options));
}

TEST(Robustness, DefaultLimitRefusesAFiftyMegabytePage) {
    ExtractOptions options;
    EXPECT_THROW(extract(std::string(50u << 20, 'x'), options), ExtractError);
}

TEST(Robustness, BinaryGarbageGivesACleanResult) {
    std::mt19937 random(20240501);
    std::string garbage(1 << 20, '\0');
    for (char& byte : garbage) byte = static_cast<char>(random() & 0xFF);
    for (const char* type : {"", "text/html", "text/html; charset=utf-8", "text/html; charset=shift_jis",
                             "text/html; charset=utf-16", "application/octet-stream", "text/html; charset=\"\xFF\xFE\""}) {
        ExtractOptions options;
        options.content_type = type;
        expect_valid_article(extract(garbage, options));
    }
}

TEST(Robustness, EmptyInputGivesAnEmptyArticle) {
    ExtractOptions options;
    const Article article = extract("", options);
    EXPECT_TRUE(article.text.empty());
    EXPECT_TRUE(article.title.empty());
}

TEST(Robustness, PageWithoutArticleGivesEmptyOrShortTextNotAnError) {
    ExtractOptions options;
    options.url = "https://example.com/";
    const Article article = extract("<html><head><title>Home</title></head><body><nav><a href=/a>A</a> <a href=/b>B</a></nav>"
                                    "<footer>© Example</footer></body></html>", options);
    expect_valid_article(article);
    EXPECT_LT(article.word_count, 10u);
}

TEST(Robustness, InvalidUtf8IsReplacedNeverPassedThrough) {
    ExtractOptions options;
    options.content_type = "text/html; charset=utf-8";
    const Article article = extract("<html><head><title>Bad \xC3\x28 title \xF4\x90\x80\x80</title></head><body><article>" +
                                        kParagraph + "<p>Broken \xED\xA0\x80 bytes \xFF here and there.</p>" + kParagraph +
                                        "</article></body></html>",
                                    options);
    expect_valid_article(article);
}

// The fuzzer's finding tests/fuzz/seeds/url-host-percent-decoded.bin: a link or image whose host
// curl percent-decodes into a stray byte must not put invalid UTF-8 into any format.
TEST(Robustness, LinkHostsDecodingToStrayBytesNeverMakeInvalidUtf8InAnyFormat) {
    const std::string page = "<html><head><meta property=\"og:image\" content=\"t:/%81\"></head><body><article>" +
                             kParagraph + "<p>The minister said the figures, published on Monday after a long delay, showed a clear rise "
                             "in spending; see <a href=\"t:/%81\">the source</a> and <a href=\"http://a%FFb/\">this</a>."
                             "<img src=t:/%81></p>" + kParagraph + "</article></body></html>";
    for (const char* url : {"", "https://news.example/2024/story.html"}) {
        ExtractOptions options;
        options.url = url;
        const Article article = extract(page, options);
        expect_valid_article(article);
        for (const Format format : {Format::text, Format::markdown, Format::html, Format::json})
            EXPECT_EQ(count_invalid_utf8(render(article, format)), 0u) << url;
        EXPECT_NE(article.html.find("<img src=\"t://%81/\""), std::string::npos) << article.html;
        EXPECT_NE(article.html.find("<a href=\"t://%81/\">the source</a>"), std::string::npos) << article.html;
        EXPECT_NE(article.markdown.find("[the source](t://%81/)"), std::string::npos) << article.markdown;
        EXPECT_EQ(article.image, "t://%81/");
    }
}

TEST(Robustness, DeeplyNestedJsonLdIsSkippedWithoutCrashing) {
    const std::string deep_json = std::string(100000, '[') + std::string(100000, ']');
    const std::string deep_object = [] {
        std::string json;
        for (int i = 0; i < 50000; ++i) json += "{\"a\":";
        json += "1";
        for (int i = 0; i < 50000; ++i) json += "}";
        return json;
    }();
    ExtractOptions options;
    const Article article = extract("<html><head><script type=\"application/ld+json\">" + deep_json +
                                        "</script><script type=\"application/ld+json\">" + deep_object +
                                        "</script><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Still here\"}"
                                        "</script></head><body><article>" + kParagraph + "</article></body></html>",
                                    options);
    EXPECT_EQ(article.title, "Still here");
}

TEST(Robustness, ManyAttributesAndHugeAttributeValues) {
    std::string html = "<html><head><meta property=\"og:title\" content=\"" + std::string(1 << 20, 'T') + "\"></head><body><div";
    for (int i = 0; i < 20000; ++i) html += " data-a" + std::to_string(i) + "=\"x\"";
    html += ">" + kParagraph + "</div></body></html>";
    ExtractOptions options;
    expect_valid_article(extract(html, options));
}

}  // namespace
}  // namespace gleaner::extract
