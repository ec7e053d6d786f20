// The whole extraction path (not just metadata) on pages nested far deeper than any real page: no
// recursion on depth, no quadratic blow-up, and the story at the bottom still comes out.
#include <gtest/gtest.h>

#include <string>

#include "extract/extractor.h"

namespace gleaner::extract {
namespace {

const std::string kStory =
    "<p>The harbour board met on Tuesday evening and agreed, after a long debate, to repair the north wall.</p>"
    "<p>Work will begin in the spring, when the weather allows divers to inspect the foundations safely.</p>";

std::string nested(const std::string& open, const std::string& close, int depth, const std::string& inner) {
    std::string html = "<html><head><title>Deep</title></head><body>";
    html.reserve(html.size() + static_cast<std::size_t>(depth) * (open.size() + close.size()) + inner.size() + 32);
    for (int i = 0; i < depth; ++i) html += open;
    html += inner;
    for (int i = 0; i < depth; ++i) html += close;
    return html + "</body></html>";
}

void expect_story(const Article& article) {
    EXPECT_NE(article.text.find("agreed, after a long debate, to repair the north wall."), std::string::npos)
        << article.text.substr(0, 500);
    EXPECT_NE(article.text.find("divers to inspect the foundations safely."), std::string::npos);
}

// Gumbo's tree builder is quadratic in the depth of nested blocks, so block nesting stays at a depth
// that is still far beyond any call stack a recursive walk could survive.
TEST(DeepPages, StoryUnder20000NestedDivsComesOut) {
    expect_story(extract(nested("<div class=\"wrap\">", "</div>", 20000, kStory), ExtractOptions{}));
}

TEST(DeepPages, StoryInside100000NestedInlineElementsComesOut) {
    const Article article = extract(nested("<span><abbr>", "</abbr></span>", 50000, kStory), ExtractOptions{});
    expect_story(article);
    EXPECT_FALSE(article.html.empty());
    EXPECT_FALSE(article.markdown.empty());
}

TEST(DeepPages, DeeplyNestedQuotesAndListsRenderInEveryFormat) {
    for (const auto& [open, close] : {std::pair<std::string, std::string>{"<blockquote>", "</blockquote>"},
                                      {"<ul><li>", "</li></ul>"}, {"<table><tr><td>", "</td></tr></table>"}}) {
        const Article article = extract(nested(open, close, 5000, kStory), ExtractOptions{});
        expect_story(article);
        EXPECT_NE(article.markdown.find("repair the north wall"), std::string::npos);
        EXPECT_NE(article.html.find("repair the north wall"), std::string::npos);
    }
}

TEST(DeepPages, NestedHeadingLikeElementsNamingCommentsAreHandled) {
    const std::string html = nested("<section><details><summary>", "</summary></details></section>", 5000, "Comments") +
                             kStory;
    expect_story(extract(html, ExtractOptions{}));
}

}  // namespace
}  // namespace gleaner::extract
