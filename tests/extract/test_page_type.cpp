// Page type: every result says whether the page is an article, a listing, a forum or something else,
// and its provenance names the signal that decided.
#include <gtest/gtest.h>

#include <string>

#include "extract/extractor.h"

namespace gleaner::extract {
namespace {

const std::string kStory =
    "<p>The council approved the eastern tram extension on Thursday, ending a debate that has run for six "
    "years and divided the neighbourhoods along the planned route.</p>"
    "<p>Construction starts next spring, and the first trams should run by 2027, the transport office said in "
    "a statement that also promised quieter vehicles.</p>"
    "<p>Residents can comment on the plans until the end of June at the town hall or on the city's website, "
    "where the full route and the timetable are published.</p>";

Article extract_at(const std::string& html, const std::string& url) {
    ExtractOptions options;
    options.url = url;
    return extract(html, options);
}

std::string teaser_grid(int cards) {
    std::string html = "<main><h1>Transport</h1><div class=\"grid\">";
    for (int i = 0; i < cards; ++i) {
        const std::string n = std::to_string(i);
        html += "<div class=\"item\"><h3><a href=\"/transport/story-" + n + "\">Story number " + n +
                " about the city's trams and buses</a></h3><p>A short summary of story " + n +
                ", with a sentence or two of what it is about, for readers deciding whether to open it.</p></div>";
    }
    return html + "</div></main>";
}

TEST(PageType, AStoryIsAnArticle) {
    const Article article =
        extract_at("<html><body><article><h1>Tram line approved</h1>" + kStory + "</article></body></html>",
                   "https://news.example/city/2024/05/tram-line");
    EXPECT_EQ(article.page_type, PageType::article);
    EXPECT_EQ(article.page_type_signals.decided_by, "article score");
    EXPECT_GT(article.page_type_signals.article_score, 0.25);
}

TEST(PageType, TagAndCategoryPagesAreListings) {
    const Article article = extract_at("<html><body>" + teaser_grid(3) + "</body></html>", "https://news.example/tag/trams/");
    EXPECT_EQ(article.page_type, PageType::listing);
    EXPECT_EQ(article.page_type_signals.url_shape, "listing");
}

TEST(PageType, AGridOfLinkedHeadlinesIsAListing) {
    const Article article = extract_at("<html><body>" + teaser_grid(12) + "</body></html>", "https://news.example/transport");
    EXPECT_EQ(article.page_type, PageType::listing) << article.page_type_signals.article_score;
    EXPECT_GE(article.page_type_signals.items, 12u);
}

TEST(PageType, DatedTeasersAreAListingNotAThread) {
    // A section front whose every teaser carries its date: the dates stand beside linked headlines.
    std::string html = "<html><body><main><h1>Transport</h1><ul class=\"teasers\">";
    for (int i = 0; i < 12; ++i) {
        const std::string n = std::to_string(i);
        html += "<li><h2><a href=\"/transport/story-" + n + "\">Story " + n + " about the city's trams and buses</a></h2><p>A short summary of story " + n +
                ", with a sentence or two of what it is about, for readers deciding whether to open it.</p><time datetime=\"2025-05-1" + std::to_string(i % 10) + "\">May</time></li>";
    }
    const Article article = extract_at(html + "</ul></main></body></html>", "https://news.example/transport");
    EXPECT_EQ(article.page_type, PageType::listing) << article.page_type_signals.decided_by;
    EXPECT_GE(article.page_type_signals.times, 12u);
}

// Links by the thousand: each a short linked block in one list.
std::string link_list(int links) {
    std::string html = "<ul>";
    for (int i = 0; i < links; ++i) html += "<li><a href=\"/more/" + std::to_string(i) + "\">More news</a></li>";
    return html + "</ul>";
}

TEST(PageType, AStoryBesideAHugeBlockOfRelatedLinksIsAnArticle) {
    const Article article = extract_at("<html><body><main><article><h1>Tram line approved</h1>" + kStory + kStory +
                                           "</article><aside>" + link_list(3000) + "</aside></main></body></html>",
                                       "https://news.example/city/tram-line");
    EXPECT_EQ(article.page_type, PageType::article) << article.page_type_signals.article_score;
    EXPECT_GE(article.page_type_signals.cards, 3000u);  // the signal keeps the whole count
}

TEST(PageType, AHugeBlockOfLinksWithoutAStoryIsAListing) {
    const Article article = extract_at("<html><body><main><h1>Archive</h1><p>Every story we published, newest first.</p>" +
                                           link_list(3000) + "</main></body></html>",
                                       "https://news.example/everything");
    EXPECT_NE(article.page_type, PageType::article) << article.page_type_signals.article_score;
}

TEST(PageType, AGridOfProductsIsAListing) {
    std::string html = "<html><body><main><h1>Tents</h1><p>Our tents for every season, from light summer shelters "
                       "to four-season mountain tents, tested by our staff in the field.</p><ul class='products'>";
    for (int i = 0; i < 12; ++i)
        html += "<li class='product-card'><a href='/p/" + std::to_string(i) + "'><img src='t.jpg' alt=''>Tent " +
                std::to_string(i) + "</a><span class='price'>$199.00</span><button class='add-to-cart'>Add</button></li>";
    const Article article = extract_at(html + "</ul></main></body></html>", "https://shop.example/tents");
    EXPECT_EQ(article.page_type, PageType::listing) << article.page_type_signals.article_score;
    EXPECT_GE(article.page_type_signals.products, 12u);
}

TEST(PageType, ARunOfPostsIsAForum) {
    std::string html = "<html><body><h1>Best way to seal a greenhouse?</h1><div class='thread'>";
    for (int i = 0; i < 8; ++i)
        html += "<div class='message'><span class='username'>user" + std::to_string(i) + "</span><time datetime='2025-01-0" +
                std::to_string(i + 1) + "'>Jan " + std::to_string(i + 1) + "</time><p>I used silicone on mine and "
                "it held for two winters, but the door still lets a draught in.</p></div>";
    const Article article = extract_at(html + "</div></body></html>", "https://garden.example/greenhouse-sealing");
    EXPECT_EQ(article.page_type, PageType::forum) << article.page_type_signals.article_score;
    EXPECT_GE(article.page_type_signals.posts, 8u);
}

TEST(PageType, ADeclaredCollectionPageIsAListing) {
    const Article article = extract_at(
        "<html><head><script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":"
        "\"CollectionPage\",\"name\":\"Trams\"}</script></head><body>" + teaser_grid(3) + "</body></html>",
        "https://news.example/trams");
    EXPECT_EQ(article.page_type, PageType::listing);
    EXPECT_EQ(article.page_type_signals.declared_by, "json-ld:CollectionPage");
}

TEST(PageType, ForumThreadsAreForums) {
    const Article by_url = extract_at("<html><body><div class=\"thread\">" + kStory + "</div></body></html>",
                                      "https://community.example/forum/threads/trams-again.1234/");
    EXPECT_EQ(by_url.page_type, PageType::forum);
    const Article declared = extract_at(
        "<html><head><script type=\"application/ld+json\">{\"@type\":\"DiscussionForumPosting\",\"headline\":"
        "\"Trams again\"}</script></head><body><div>" + kStory + "</div></body></html>",
        "https://community.example/trams-again");
    EXPECT_EQ(declared.page_type, PageType::forum);
    EXPECT_EQ(declared.page_type_signals.declared_by, "json-ld:DiscussionForumPosting");
}

TEST(PageType, PlainTextAndEmptyPagesAreOther) {
    const Article passwd = extract("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
                                   "bin:x:2:2:bin:/bin:/usr/sbin/nologin\n",
                                   ExtractOptions{});
    EXPECT_EQ(passwd.page_type, PageType::other);
    const Article empty = extract("", ExtractOptions{});
    EXPECT_EQ(empty.page_type, PageType::other);
    EXPECT_EQ(empty.page_type_signals.decided_by, "no story text");
    EXPECT_EQ(page_type_name(PageType::other), "other");
}

}  // namespace
}  // namespace gleaner::extract
