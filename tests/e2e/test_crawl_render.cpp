// Rendering in a crawl: a local site whose story is written into the page by a script. Without
// rendering the daemon finds no article there; with `render: auto` the real headless browser runs
// the script and the whole story is stored, its provenance saying it was rendered, while a page whose
// story is in its HTML is not rendered at all. The metrics count and time the rendered pages.
#include "script_story_page.h"
#include "test_crawl_fixture.h"

using namespace gleaner::testing;
using gleaner::test::script_story_json;
using gleaner::test::script_story_page;

TEST_F(CrawlTest, RenderAutoStoresTheStoryAScriptWritesAndLeavesPlainPagesAlone) {
    server_->serve_robots("User-agent: *\nAllow: /\n");
    server_->serve("/app/story.html", script_story_page("/app/story.json"));
    server_->serve("/app/story.json", script_story_json(), "application/json");
    server_->serve("/plain/story.html", generated_article(7));
    server_->serve("/unrendered/story.html", script_story_page("/app/story.json"));
    const auto config = write_config(crawl_config(
        source("rendered", "page", {server_->url("/app/story.html"), server_->url("/plain/story.html")},
               {"render: auto"}) +
            source("unrendered", "page", {server_->url("/unrendered/story.html")}),
        "render: { concurrency: 1, timeout: 30s }"));
    const auto pass = run_one_pass(config, 2);
    ASSERT_EQ(pass.exit_status, 0) << pass.log;

    const auto rendered = stored_titled("Harbour story");
    ASSERT_FALSE(rendered.is_null()) << pass.log;
    EXPECT_EQ(rendered["source"], "rendered");
    EXPECT_EQ(rendered["url"], server_->url("/app/story.html"));
    const std::string text = rendered["text"];
    for (int i = 1; i <= 6; ++i)
        EXPECT_NE(text.find("Paragraph " + std::to_string(i) + " of the harbour story"), std::string::npos) << text;
    const auto& render = rendered["provenance"]["render"];
    EXPECT_EQ(render["mode"], "auto");
    EXPECT_EQ(render["rendered"], true);
    EXPECT_EQ(render["error"], "");
    EXPECT_GT(render["elapsed_ms"].get<std::int64_t>(), 0);

    // Its HTML held the story: extracted as fetched, never shown to the browser.
    const auto plain = stored_titled(title_of(7));
    ASSERT_FALSE(plain.is_null()) << pass.log;
    EXPECT_EQ(plain["provenance"]["render"]["mode"], "auto");
    EXPECT_EQ(plain["provenance"]["render"]["rendered"], false);

    // The same shell from a source that does not render: no article in it.
    for (const auto& article : stored()) EXPECT_NE(article["source"], "unrendered") << article.dump();
    EXPECT_EQ(stored().size(), 2u);

    EXPECT_EQ(pass.metric("gleaner_render_pages_total"), 1.0);
    EXPECT_EQ(pass.metric("gleaner_render_failures_total"), 0.0);
    EXPECT_GT(pass.metric("gleaner_render_seconds_total"), 0.0);
    EXPECT_EQ(pass.metric("gleaner_render_browser_starts_total"), 1.0);
}
