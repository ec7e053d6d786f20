// gleaner_bench_render: what rendering costs per page against a plain fetch, measured in the same run.
// Run through bench/render.
//
// A local server (the test suite's) serves --pages article pages built the way script-driven news
// sites build them: a shell whose script fetches the story as JSON, plus a stylesheet and an image.
// Both sides fetch every page with the daemon's Fetcher and extract it; the rendered side also hands
// each page to the Renderer (one browser, --tabs tabs) and extracts the rendered DOM. Wall-clock
// time per page, the browser's start excluded (it is started by a warm-up page first).
#include <utility>  // before Asio (Boost 1.74 needs std::exchange declared)

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

#include "extract/extractor.h"
#include "fetch/fetcher.h"
#include "render/renderer.h"
#include "test_http_server.h"

namespace {

using namespace gleaner;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::string shell(int i) {
    return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Story " + std::to_string(i) +
           "</title><link rel=\"stylesheet\" href=\"/site.css\"></head><body><nav><a href=\"/\">Home</a></nav>"
           "<img src=\"/logo.png\"><main id=\"root\"></main><script>fetch('/story/" + std::to_string(i) +
           ".json').then(r => r.json()).then(s => { document.getElementById('root').innerHTML = '<article><h1>' + "
           "s.title + '</h1>' + s.paragraphs.map(p => '<p>' + p + '</p>').join('') + '</article>'; });"
           "</script></body></html>";
}

std::string story(int i) {
    std::string paragraphs;
    for (int p = 0; p < 8; ++p) {
        if (p) paragraphs += ",";
        paragraphs += "\"Paragraph " + std::to_string(p + 1) + " of story " + std::to_string(i) +
                      ": the council met residents near the station and promised a full report on the new "
                      "bridge before the end of the month, according to officials familiar with the plans.\"";
    }
    return "{\"title\":\"Story " + std::to_string(i) + "\",\"paragraphs\":[" + paragraphs + "]}";
}

struct Side {
    double seconds = 0;
    std::size_t words = 0, failures = 0;
};

}  // namespace

int main(int argc, char** argv) {
    int pages = 60, tabs = 2;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string arg = argv[i];
        if (arg == "--pages") pages = std::max(1, std::atoi(argv[i + 1]));
        if (arg == "--tabs") tabs = std::max(1, std::atoi(argv[i + 1]));
    }
    for (const char* name : {"http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"}) ::unsetenv(name);
    test::TestHttpServer server;
    for (int i = 0; i <= pages; ++i) {
        server.serve("/page/" + std::to_string(i) + ".html", shell(i));
        server.serve("/story/" + std::to_string(i) + ".json", story(i), "application/json");
    }
    server.serve("/site.css", "body { font-family: serif; }", "text/css");
    server.serve("/logo.png", "not really a png", "image/png");
    server.serve_robots("User-agent: *\nAllow: /\n");

    boost::asio::io_context io;
    config::FetchConfig fetch_settings;
    fetch_settings.allow_private_networks = true;
    fetch_settings.concurrency = tabs;
    fetch_settings.per_host_concurrency = tabs;
    fetch::Fetcher fetcher(io, fetch_settings);
    render::RenderSettings render_settings;
    render_settings.concurrency = tabs;
    render_settings.allow_private_networks = true;
    render::Renderer renderer(io, render_settings);

    // Fetches pages 1..N (page 0 is the warm-up), `tabs` at a time, each through `after_fetch`.
    const auto run_side = [&](bool rendered) {
        Side side;
        int next = 1, finished = 0;
        const auto start = Clock::now();
        std::function<void()> launch = [&] {
            if (next > pages) return;
            const int i = next++;
            const std::string url = server.url("/page/" + std::to_string(i) + ".html");
            fetcher.fetch({url, {}, {}, {}, {}}, [&, url](fetch::Response response) {
                const auto finish = [&side, &finished, &launch, url](const std::string& html) {
                    side.words += extract::extract(html, {url, "text/html", 32u << 20}).word_count;
                    ++finished;
                    launch();
                };
                if (!response.ok()) {
                    ++side.failures;
                    return finish("");
                }
                if (!rendered) return finish(response.body);
                renderer.render({url, response.body, response.content_type}, [&, finish](render::RenderResult result) {
                    if (!result.ok()) ++side.failures;
                    finish(result.html);
                });
            });
        };
        for (int t = 0; t < tabs; ++t) launch();
        while (finished < pages) io.run_one_for(100ms);
        side.seconds = std::chrono::duration<double>(Clock::now() - start).count();
        return side;
    };

    // Warm-up: robots.txt, connections, and the browser start with its first tab.
    bool warm = false;
    renderer.render({server.url("/page/0.html"), shell(0), "text/html"}, [&](render::RenderResult) { warm = true; });
    while (!warm) io.run_one_for(100ms);

    const Side plain_before = run_side(false);
    const Side rendered = run_side(true);
    const Side plain_after = run_side(false);
    const double plain_ms = (plain_before.seconds + plain_after.seconds) / 2 / pages * 1000;
    const double rendered_ms = rendered.seconds / pages * 1000;
    std::printf("pages: %d, tabs: %d\n", pages, tabs);
    std::printf("plain fetch + extract:          %7.2f ms/page (%zu words in all)\n", plain_ms, plain_before.words);
    std::printf("fetch + render + extract:       %7.2f ms/page (%zu words in all, %zu failures)\n", rendered_ms,
                rendered.words, rendered.failures);
    std::printf("cost of rendering per page:     %7.2f ms, %.1fx a plain fetch\n", rendered_ms - plain_ms,
                rendered_ms / plain_ms);
    const auto stats = renderer.stats();
    std::printf("renderer: %llu rendered, %llu failed, %llu requests blocked (fonts, media; images are off), browser starts %llu\n",
                static_cast<unsigned long long>(stats.rendered), static_cast<unsigned long long>(stats.failed),
                static_cast<unsigned long long>(stats.requests_blocked),
                static_cast<unsigned long long>(stats.browser_starts));
    return rendered.failures == 0 ? 0 : 1;
}
