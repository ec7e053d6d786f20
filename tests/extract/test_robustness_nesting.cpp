// Pages nested 100,000 elements deep through decoding, Gumbo (with dom::safe_parse_options) and
// extract_metadata: no recursion on depth in our walks, no quadratic memory in Gumbo's error records.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "extract/charset.h"
#include "extract/metadata/metadata.h"
#include "extract/metadata/metadata_dom.h"

namespace gleaner::extract {
namespace {

constexpr int kDepth = 100000;
// Gumbo's tree builder scans the stack of open elements for every block start tag (the HTML
// algorithm's "has a p element in button scope"), so block nesting costs time quadratic in depth:
// 100,000 divs take ~17 s in a release build. Block nesting is tested at a depth that still proves
// no recursion (far past any call stack's reach for recursive walks) in test time.
constexpr int kBlockDepth = 20000;

struct Parsed {
    GumboOptions options = dom::safe_parse_options();
    std::string utf8;
    GumboOutput* output = nullptr;
    explicit Parsed(std::string html) : utf8(std::move(html)) {
        output = gumbo_parse_with_options(&options, utf8.data(), utf8.size());
    }
    ~Parsed() { gumbo_destroy_output(&options, output); }
};

std::string nested(const std::string& open, const std::string& close, const std::string& inner, int depth = kDepth) {
    std::string html = "<!DOCTYPE html><html lang=\"en\"><head><title>Deep story | Daily Planet</title></head><body>";
    for (int i = 0; i < depth; ++i) html += open;
    html += inner;
    for (int i = 0; i < depth; ++i) html += close;
    return html + "</body></html>";
}

const std::string kInner =
    "<h1>Deep story</h1><p class=\"byline\">By Jane Doe</p><time datetime=\"2024-05-01\">May 1</time>"
    "<p itemprop=\"author\" itemscope><span itemprop=\"name\">Jane Doe</span></p>";

void expect_metadata_found(const Metadata& m) {
    EXPECT_EQ(m.title, "Deep story");
    EXPECT_EQ(m.authors, std::vector<std::string>{"Jane Doe"});
    ASSERT_TRUE(m.published.has_value());
    EXPECT_EQ(m.published->iso, "2024-05-01");
}

TEST(RobustnessNesting, InlineElements100000DeepKeepMetadata) {
    const Parsed page(decode_html(nested("<span class=\"x\">", "</span>", kInner), "").utf8);
    expect_metadata_found(extract_metadata(*page.output, ""));
}

TEST(RobustnessNesting, BlockElements20000DeepKeepMetadata) {
    const Parsed page(decode_html(nested("<div>", "</div>", kInner, kBlockDepth), "").utf8);
    expect_metadata_found(extract_metadata(*page.output, ""));
}

TEST(RobustnessNesting, UnclosedElements100000DeepNeedNoQuadraticMemory) {
    std::string html = "<html><body>";
    for (int i = 0; i < kDepth; ++i) html += "<span>";
    const Parsed page(html + "<h1>Unclosed</h1>");
    EXPECT_EQ(extract_metadata(*page.output, "").title, "Unclosed");
}

TEST(RobustnessNesting, TextOfDeepTreeIsCollectedIteratively) {
    const Parsed page(nested("<i>", "</i>", "deep text"));
    EXPECT_EQ(dom::text_of(*page.output->root), "Deep story | Daily Planet deep text");
}

TEST(RobustnessNesting, DeepMarkupInsideJsonLdValuesIsFlattened) {
    std::string headline;
    for (int i = 0; i < kDepth; ++i) headline += "<b>";
    headline += "Inside";
    const Parsed page("<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"" + headline +
                      "\"}</script></head><body></body></html>");
    EXPECT_EQ(extract_metadata(*page.output, "").title, "Inside");
}

}  // namespace
}  // namespace gleaner::extract
