// The renderer against the real chromium-headless-shell and pages from the local test server: a story
// written by a script is there only once rendered; a request the page makes to a private address is
// refused (and never reaches the server), as are images and media; a browser killed in the middle of a page is
// started again and the page still comes back.
#include <gtest/gtest.h>
#include <signal.h>

#include <utility>  // before Asio (Boost 1.74 needs std::exchange declared)

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <optional>

#include "extract/extractor.h"
#include "render/render_policy.h"
#include "render/renderer.h"
#include "script_story_page.h"
#include "test_http_server.h"

using namespace gleaner;
using namespace std::chrono_literals;

namespace {

const std::string kShell = test::script_story_page("/story.json");

class RenderTest : public ::testing::Test {
protected:
    void SetUp() override {
        server_.serve("/app.html", kShell);
        server_.serve("/story.json", test::script_story_json(), "application/json");
    }

    render::RenderSettings settings(bool allow_private) {
        render::RenderSettings s;
        s.concurrency = 2;
        s.timeout = 20s;
        s.allow_private_networks = allow_private;
        return s;
    }

    // Runs the loop until `done` holds (a guard against hangs, not a speed assertion).
    bool run_until(const std::function<bool()>& done) {
        const auto deadline = std::chrono::steady_clock::now() + 90s;
        io_.restart();
        while (!done()) {
            if (std::chrono::steady_clock::now() > deadline) {
                ADD_FAILURE() << "rendering did not finish within the hang guard";
                return false;
            }
            io_.run_one_for(100ms);
        }
        return true;
    }

    render::RenderResult render_one(render::Renderer& renderer, render::RenderRequest request) {
        std::optional<render::RenderResult> result;
        renderer.render(std::move(request), [&](render::RenderResult r) { result = std::move(r); });
        run_until([&] { return result.has_value(); });
        return result.value_or(render::RenderResult{{}, "no result", {}});
    }

    test::TestHttpServer server_;
    boost::asio::io_context io_;
};

}  // namespace

TEST_F(RenderTest, StoryWrittenByAScriptIsEmptyWithoutRenderingAndFullWithIt) {
    const auto plain = extract::extract(kShell, {server_.url("/app.html"), "text/html", 1 << 20});
    EXPECT_TRUE(plain.text.empty()) << plain.text;
    EXPECT_TRUE(render::needs_rendering(plain));

    render::Renderer renderer(io_, settings(true));
    const auto result = render_one(renderer, {server_.url("/app.html"), kShell, "text/html; charset=utf-8"});
    ASSERT_TRUE(result.ok()) << result.error;
    const auto rendered = extract::extract(result.html, {server_.url("/app.html"), "text/html", 1 << 20});
    EXPECT_NE(rendered.text.find("Paragraph 6 of the harbour story"), std::string::npos) << rendered.text;
    EXPECT_FALSE(render::needs_rendering(rendered));
    // The page itself came from our fetch, not a second request from the browser.
    EXPECT_EQ(server_.request_count("/app.html"), 0u);
    EXPECT_EQ(server_.request_count("/story.json"), 1u);
    EXPECT_EQ(renderer.stats().rendered, 1u);
}

TEST_F(RenderTest, PrivateAddressRequestsFromThePageAreRefusedAndImagesBlocked) {
    const std::string page = R"(<html><body><img src="/picture.png"><video src="/clip.mp4" autoplay muted></video>
<div id="out">waiting</div><script>
fetch('/secret.txt').then(r => r.text())
  .then(t => { document.getElementById('out').textContent = 'leaked: ' + t; })
  .catch(e => { document.getElementById('out').textContent = 'request refused'; });
</script></body></html>)";
    server_.serve("/secret.txt", "the secret", "text/plain");
    server_.serve("/picture.png", "png", "image/png");
    server_.serve("/clip.mp4", "mp4", "video/mp4");
    render::Renderer renderer(io_, settings(false));
    const auto result = render_one(renderer, {server_.url("/guarded.html"), page, "text/html"});
    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_NE(result.html.find("request refused"), std::string::npos) << result.html;
    EXPECT_EQ(result.html.find("the secret"), std::string::npos);
    EXPECT_EQ(server_.request_count("/secret.txt"), 0u);
    EXPECT_EQ(server_.request_count("/picture.png"), 0u);  // images are off in the browser altogether
    EXPECT_EQ(server_.request_count("/clip.mp4"), 0u);
    EXPECT_GE(renderer.stats().requests_refused, 1u);
    EXPECT_GE(renderer.stats().requests_blocked, 1u);  // the video, held and refused
}

TEST_F(RenderTest, BrowserKilledMidPageIsStartedAgainAndThePageStillRendered) {
    server_.on("/story.json", [](const test::ReceivedRequest&) {
        auto response = test::TestResponse::text(test::script_story_json(), "application/json");
        response.delay = 1500ms;  // time for the test to kill the browser while the page waits
        return response;
    });
    render::Renderer renderer(io_, settings(true));
    std::optional<render::RenderResult> result;
    renderer.render({server_.url("/app.html"), kShell, "text/html"}, [&](render::RenderResult r) { result = std::move(r); });
    ASSERT_TRUE(run_until([&] { return server_.request_count("/story.json") > 0; }));
    const pid_t group = renderer.browser_process_group();
    ASSERT_GT(group, 0);
    ASSERT_EQ(::kill(-group, SIGKILL), 0);
    ASSERT_TRUE(run_until([&] { return result.has_value(); }));
    ASSERT_TRUE(result->ok()) << result->error;
    EXPECT_NE(result->html.find("Paragraph 6 of the harbour story"), std::string::npos);
    EXPECT_EQ(renderer.stats().browser_starts, 2u);
    EXPECT_NE(renderer.browser_process_group(), group);
    // And the new browser goes on rendering.
    const auto next = render_one(renderer, {server_.url("/app.html"), kShell, "text/html"});
    EXPECT_TRUE(next.ok()) << next.error;
}

TEST_F(RenderTest, PagesBeyondTheTabPoolWaitTheirTurn) {
    render::Renderer renderer(io_, settings(true));
    std::vector<render::RenderResult> results;
    for (int i = 0; i < 5; ++i)
        renderer.render({server_.url("/app.html"), kShell, "text/html"}, [&](render::RenderResult r) { results.push_back(std::move(r)); });
    EXPECT_EQ(renderer.stats().queued, 5u);
    ASSERT_TRUE(run_until([&] { return results.size() == 5; }));
    for (const auto& r : results) EXPECT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(renderer.stats().rendered, 5u);
    EXPECT_EQ(renderer.stats().browser_starts, 1u);
}

TEST_F(RenderTest, AMissingBrowserFailsThePageWithAClearError) {
    auto s = settings(true);
    s.browser = "/nonexistent/chromium";
    render::Renderer renderer(io_, s);
    const auto result = render_one(renderer, {server_.url("/app.html"), kShell, "text/html"});
    EXPECT_FALSE(result.ok());
    EXPECT_NE(result.error.find("/nonexistent/chromium"), std::string::npos) << result.error;
}
