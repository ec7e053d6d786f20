// Rule files of the ftr-site-config format: every directive read, problems reported without failing.
#include <gtest/gtest.h>

#include "siterules/rule_check.h"
#include "siterules/rule_parser.h"

namespace gleaner::siterules {
namespace {

bool has_message(const std::vector<RuleDiagnostic>& diagnostics, int line, const std::string& part) {
    for (const auto& d : diagnostics)
        if (d.line == line && d.message.find(part) != std::string::npos) return true;
    return false;
}

TEST(RuleParser, ReadsEveryDirective) {
    const auto parsed = parse_site_rule(
        "# a comment\n"
        "title: //h1\n"
        "title: //meta[@property='og:title']/@content\n"
        "body: //div[@id='story']\n"
        "author: //span[@class='byline']/a\n"
        "date: substring-after(//p[@class='date'], 'Published ')\n"
        "strip: //aside\n"
        "strip_id_or_class: 'share-bar'\n"
        "strip_image_src: /pixel.gif\n"
        "prune: no\n"
        "autodetect_on_failure: no\n"
        "single_page_link: //a[@class='single']\n"
        "next_page_link: //a[@rel='next']\n"
        "http_header(User-Agent): Mozilla/5.0 (compatible)\n"
        "find_string: <p class=\"lede\">\n"
        "replace_string: <p>\n"
        "replace_string(<br /><br />): </p><p>\n"
        "test_url: https://example.com/story\n"
        "tidy: no\n",
        "example.com.txt");
    const SiteRule& r = parsed.rule;
    EXPECT_TRUE(parsed.diagnostics.empty()) << parsed.diagnostics.front().to_string();
    EXPECT_EQ(r.name, "example.com.txt");
    ASSERT_EQ(r.title.size(), 2u);
    EXPECT_EQ(r.title[1].xpath, "//meta[@property='og:title']/@content");
    EXPECT_EQ(r.title[1].line, 3);
    EXPECT_EQ(r.body.at(0).xpath, "//div[@id='story']");
    EXPECT_EQ(r.author.size(), 1u);
    EXPECT_EQ(r.date.at(0).xpath, "substring-after(//p[@class='date'], 'Published ')");
    EXPECT_EQ(r.strip.size(), 1u);
    EXPECT_EQ(r.strip_id_or_class, std::vector<std::string>{"share-bar"});
    EXPECT_EQ(r.strip_image_src, std::vector<std::string>{"/pixel.gif"});
    EXPECT_FALSE(r.prune);
    EXPECT_FALSE(r.autodetect_on_failure);
    EXPECT_EQ(r.single_page_link.size(), 1u);
    EXPECT_EQ(r.next_page_link.size(), 1u);
    ASSERT_EQ(r.http_headers.size(), 1u);
    EXPECT_EQ(r.http_headers[0], (std::pair<std::string, std::string>{"User-Agent", "Mozilla/5.0 (compatible)"}));
    ASSERT_EQ(r.replacements.size(), 2u);
    EXPECT_EQ(r.replacements[0], (std::pair<std::string, std::string>{"<p class=\"lede\">", "<p>"}));
    EXPECT_EQ(r.replacements[1], (std::pair<std::string, std::string>{"<br /><br />", "</p><p>"}));
    EXPECT_EQ(r.test_urls, std::vector<std::string>{"https://example.com/story"});
}

TEST(RuleParser, DefaultsArePruneAndAutodetect) {
    const auto parsed = parse_site_rule("body: //article\n", "a.txt");
    EXPECT_TRUE(parsed.rule.prune);
    EXPECT_TRUE(parsed.rule.autodetect_on_failure);
}

TEST(RuleParser, ReplaceStringFindMayHoldColons) {
    const auto parsed = parse_site_rule("replace_string(<a href=\"http://x.com/\">): <a>\n", "a.txt");
    ASSERT_EQ(parsed.rule.replacements.size(), 1u);
    EXPECT_EQ(parsed.rule.replacements[0].first, "<a href=\"http://x.com/\">");
    EXPECT_EQ(parsed.rule.replacements[0].second, "<a>");
}

TEST(RuleParser, EmptyReplaceStringDeletes) {
    const auto parsed = parse_site_rule("find_string: <hr>\nreplace_string:\n", "a.txt");
    ASSERT_EQ(parsed.rule.replacements.size(), 1u);
    EXPECT_EQ(parsed.rule.replacements[0].second, "");
}

TEST(RuleParser, ReportsUnknownAndUnsupportedDirectivesWithoutFailing) {
    const auto parsed = parse_site_rule(
        "body: //article\n"
        "bodyy: //main\n"
        "requires_login: yes\n"
        "this line is no directive\n"
        "prune: maybe\n"
        "find_string: lonely\n"
        "replace_string(): x\n",
        "site.txt");
    EXPECT_EQ(parsed.rule.body.size(), 1u);
    EXPECT_TRUE(has_message(parsed.diagnostics, 2, "unknown directive \"bodyy\""));
    EXPECT_TRUE(has_message(parsed.diagnostics, 3, "not supported"));
    EXPECT_TRUE(has_message(parsed.diagnostics, 4, "not a directive"));
    EXPECT_TRUE(has_message(parsed.diagnostics, 5, "expected yes or no"));
    EXPECT_TRUE(has_message(parsed.diagnostics, 6, "find_string without a replace_string"));
    EXPECT_TRUE(has_message(parsed.diagnostics, 7, "needs the text to find"));
    EXPECT_TRUE(parsed.rule.prune);
    for (const auto& d : parsed.diagnostics) EXPECT_EQ(d.severity, RuleDiagnostic::Severity::warning);
    EXPECT_EQ(parsed.diagnostics.front().to_string(), "site.txt:2: unknown directive \"bodyy\", ignored");
}

TEST(RuleCheck, BadXPathIsAnErrorAtItsLineAndIsDropped) {
    auto parsed = parse_site_rule("title: //h1[\nbody: //article\nbody: //div[@id=\nauthor: matches(//a, 'x')\n",
                                  "bad.com.txt");
    check_expressions(parsed);
    ASSERT_EQ(parsed.diagnostics.size(), 3u);
    EXPECT_EQ(parsed.diagnostics[0].severity, RuleDiagnostic::Severity::error);
    EXPECT_EQ(parsed.diagnostics[0].line, 1);
    EXPECT_NE(parsed.diagnostics[0].to_string().find("bad.com.txt:1: bad XPath \"//h1[\""), std::string::npos);
    EXPECT_EQ(parsed.diagnostics[1].line, 3);
    EXPECT_EQ(parsed.diagnostics[2].line, 4);  // an XPath 2.0 function
    EXPECT_TRUE(parsed.rule.title.empty());
    ASSERT_EQ(parsed.rule.body.size(), 1u);
    EXPECT_EQ(parsed.rule.body[0].xpath, "//article");
    EXPECT_TRUE(parsed.rule.author.empty());
}

TEST(RuleCheck, GoodExpressionsPass) {
    EXPECT_FALSE(xpath_error("//div[contains(concat(' ', normalize-space(@class), ' '), ' story ')]"));
    EXPECT_FALSE(xpath_error("substring-before(//title, ' - ')"));
    EXPECT_FALSE(xpath_error("concat(//li[@class='pager']//a/@href, '&single=1')"));
    EXPECT_TRUE(xpath_error("//*["));
}

}  // namespace
}  // namespace gleaner::siterules
