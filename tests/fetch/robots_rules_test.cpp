// robots.txt parsing and matching against RFC 9309 (its section 5 examples and section 2 rules).
#include <gtest/gtest.h>

#include "fetch/robots_rules.h"

namespace gleaner::fetch {
namespace {

// RFC 9309 section 5.1, verbatim.
constexpr std::string_view kRfcSimpleExample =
    "User-Agent: *\n"
    "Disallow: *.gif$\n"
    "Disallow: /example/\n"
    "Allow: /publications/\n"
    "\n"
    "User-Agent: foobot\n"
    "Disallow:/\n"
    "Allow:/example/page.html\n"
    "Allow:/example/allowed.gif\n"
    "\n"
    "User-Agent: barbot\n"
    "User-Agent: bazbot\n"
    "Disallow: /example/page.html\n"
    "\n"
    "User-Agent: quxbot\n"
    "\n"
    "EOF\n";

TEST(RobotsRules, RfcExampleFoobotGetsItsOwnGroupOnly) {
    const auto rules = RobotsRules::parse(kRfcSimpleExample);
    EXPECT_TRUE(rules.allowed("foobot", "/example/page.html"));
    EXPECT_TRUE(rules.allowed("foobot", "/example/allowed.gif"));
    EXPECT_FALSE(rules.allowed("foobot", "/example/other.html"));
    EXPECT_FALSE(rules.allowed("foobot", "/publications/"));  // the * group does not apply to foobot
}

TEST(RobotsRules, RfcExampleGroupWithTwoAgentsAppliesToBoth) {
    const auto rules = RobotsRules::parse(kRfcSimpleExample);
    for (const char* agent : {"barbot", "bazbot"}) {
        EXPECT_FALSE(rules.allowed(agent, "/example/page.html")) << agent;
        EXPECT_TRUE(rules.allowed(agent, "/example/other.gif")) << agent;
    }
}

TEST(RobotsRules, RfcExampleEmptyGroupAllowsEverything) {
    const auto rules = RobotsRules::parse(kRfcSimpleExample);
    EXPECT_TRUE(rules.allowed("quxbot", "/example/page.html"));
    EXPECT_TRUE(rules.allowed("quxbot", "/anything.gif"));
}

TEST(RobotsRules, RfcExampleOtherAgentsFallBackToStarGroup) {
    const auto rules = RobotsRules::parse(kRfcSimpleExample);
    EXPECT_FALSE(rules.allowed("otherbot/2.0", "/example/page.html"));
    EXPECT_FALSE(rules.allowed("otherbot/2.0", "/images/cat.gif"));
    EXPECT_TRUE(rules.allowed("otherbot/2.0", "/images/cat.gif?size=2"));  // $ anchors the end
    EXPECT_TRUE(rules.allowed("otherbot/2.0", "/publications/"));
    EXPECT_TRUE(rules.allowed("otherbot/2.0", "/"));
}

TEST(RobotsRules, RfcLongestMatchWins) {  // RFC 9309 section 5.2
    const auto rules = RobotsRules::parse(
        "User-Agent: foobot\n"
        "Allow: /example/page/\n"
        "Disallow: /example/page/disallowed.gif\n");
    EXPECT_TRUE(rules.allowed("foobot", "/example/page/"));
    EXPECT_TRUE(rules.allowed("foobot", "/example/page/allowed.html"));
    EXPECT_FALSE(rules.allowed("foobot", "/example/page/disallowed.gif"));
}

TEST(RobotsRules, AllowWinsAnEqualLengthTie) {
    const auto rules = RobotsRules::parse("User-agent: *\nDisallow: /page\nAllow: /page\n");
    EXPECT_TRUE(rules.allowed("bot", "/page"));
}

TEST(RobotsRules, UserAgentIsMatchedByProductTokenCaseInsensitively) {
    const auto rules = RobotsRules::parse(
        "User-agent: *\nDisallow: /\n\n"
        "User-agent: GleanerTest/9.9\nDisallow: /private/\n");
    EXPECT_TRUE(rules.allowed("gleanertest/1.0 (+https://example.invalid)", "/news/1"));
    EXPECT_FALSE(rules.allowed("GleanerTest/1.0", "/private/x"));
    EXPECT_FALSE(rules.allowed("SomethingElse/1.0", "/news/1"));
}

TEST(RobotsRules, GroupsNamingTheSameAgentAreMerged) {
    const auto rules = RobotsRules::parse(
        "User-agent: bot\nDisallow: /a/\n\nUser-agent: other\nDisallow: /\n\nUser-agent: bot\nDisallow: /b/\n");
    EXPECT_FALSE(rules.allowed("bot", "/a/1"));
    EXPECT_FALSE(rules.allowed("bot", "/b/1"));
    EXPECT_TRUE(rules.allowed("bot", "/c/1"));
}

TEST(RobotsRules, PatternExamplesForStarAndDollar) {
    const auto rules = RobotsRules::parse("User-agent: *\nDisallow: /fish\nDisallow: /*.php$\n");
    for (const char* path : {"/fish", "/fish.html", "/fish/salmon.html", "/fishheads", "/fish.php?id=anything",
                             "/filename.php", "/folder/filename.php"}) {
        EXPECT_FALSE(rules.allowed("bot", path)) << path;
    }
    for (const char* path : {"/Fish.asp", "/catfish", "/?id=fish", "/desert/fish", "/filename.php?parameters",
                             "/filename.php/", "/filename.php5", "/windows.PHP"}) {
        EXPECT_TRUE(rules.allowed("bot", path)) << path;
    }
}

TEST(RobotsRules, NonAsciiAndPercentEncodedPathsCompareEncoded) {  // RFC 9309 section 2.2.2 table
    const auto rules = RobotsRules::parse(
        "User-agent: *\n"
        "Disallow: /foo/bar?baz=quz\n"
        "Disallow: /foo/bar/\xE3\x83\x84\n"
        "Disallow: /enc/%e3%83%85\n"
        "Disallow: /foo/bar/%62%61%7A\n");
    EXPECT_FALSE(rules.allowed("bot", "/foo/bar?baz=quz"));
    EXPECT_FALSE(rules.allowed("bot", "/foo/bar/%E3%83%84"));
    EXPECT_FALSE(rules.allowed("bot", "/foo/bar/\xE3\x83\x84"));
    EXPECT_FALSE(rules.allowed("bot", "/enc/%E3%83%85"));
    EXPECT_FALSE(rules.allowed("bot", "/foo/bar/%62%61%7A"));
    EXPECT_TRUE(rules.allowed("bot", "/foo/bar/baz"));  // %62%61%7A is not decoded
}

TEST(RobotsRules, EmptyDisallowAllowsEverything) {
    const auto rules = RobotsRules::parse("User-agent: *\nDisallow:\n");
    EXPECT_TRUE(rules.allowed("bot", "/anything"));
}

TEST(RobotsRules, RobotsTxtItselfIsAlwaysAllowed) {
    const auto rules = RobotsRules::parse("User-agent: *\nDisallow: /\n");
    EXPECT_TRUE(rules.allowed("bot", "/robots.txt"));
    EXPECT_FALSE(rules.allowed("bot", "/index.html"));
}

TEST(RobotsRules, RulesBeforeAnyUserAgentAreIgnored) {
    const auto rules = RobotsRules::parse("Disallow: /\nUser-agent: *\nDisallow: /private\n");
    EXPECT_TRUE(rules.allowed("bot", "/public"));
    EXPECT_FALSE(rules.allowed("bot", "/private"));
}

TEST(RobotsRules, CommentsByteOrderMarkCrLfAndKeyTyposAreTolerated) {
    const auto rules = RobotsRules::parse(
        "\xEF\xBB\xBF# a comment\r\nUSER-AGENT: * # everyone\r\nDissallow: /typo # Google accepts this\r\n"
        "disallow : /spaced\r\n");
    EXPECT_FALSE(rules.allowed("bot", "/typo"));
    EXPECT_FALSE(rules.allowed("bot", "/spaced"));
    EXPECT_TRUE(rules.allowed("bot", "/fine"));
}

TEST(RobotsRules, CrawlDelayComesFromTheChosenGroup) {
    const auto rules = RobotsRules::parse(
        "User-agent: *\nCrawl-delay: 10\n\nUser-agent: fastbot\nCrawl-delay: 0.5\nDisallow: /x\n");
    EXPECT_EQ(rules.crawl_delay("fastbot/1.0"), std::chrono::milliseconds(500));
    EXPECT_EQ(rules.crawl_delay("slowbot"), std::chrono::seconds(10));
    EXPECT_FALSE(RobotsRules::parse("User-agent: *\nDisallow: /\n").crawl_delay("bot").has_value());
    EXPECT_FALSE(RobotsRules::parse("User-agent: *\nCrawl-delay: soon\n").crawl_delay("bot").has_value());
}

TEST(RobotsRules, SitemapsAreCollectedOutsideGroups) {
    const auto rules = RobotsRules::parse(
        "Sitemap: https://example.com/sitemap.xml\nUser-agent: *\nDisallow: /x\n"
        "Sitemap: https://example.com/news.xml\n");
    EXPECT_EQ(rules.sitemaps(),
              (std::vector<std::string>{"https://example.com/sitemap.xml", "https://example.com/news.xml"}));
}

TEST(RobotsRules, ProductTokenIsTheLeadingNameLowerCased) {
    EXPECT_EQ(robots_product_token("Gleaner/0.1 (+https://github.com/gleaner)"), "gleaner");
    EXPECT_EQ(robots_product_token("My_Crawler-2 extra"), "my_crawler-");
    EXPECT_EQ(robots_product_token("  Foo"), "foo");
}

TEST(RobotsRules, WildcardMatcherHandlesRepeatedStars) {
    EXPECT_TRUE(robots_pattern_matches("/a*b*c$", "/axxbyyc"));
    EXPECT_FALSE(robots_pattern_matches("/a*b*c$", "/axxbyycd"));
    EXPECT_TRUE(robots_pattern_matches("*", ""));
    EXPECT_TRUE(robots_pattern_matches("/a$b", "/a$b"));  // $ only anchors at the very end
}

}  // namespace
}  // namespace gleaner::fetch
