// Pages that need JavaScript: one long-lived headless browser (browser_process.h) driven over the
// DevTools protocol (devtools_connection.h), with a pool of at most `concurrency` tabs that are reused
// from page to page. For each page:
//   - the page's own HTML, already fetched by us, is handed to the browser for the page's URL
//     (Fetch.fulfillRequest), so the page is not fetched twice;
//   - every other request it makes is held (Fetch domain): images, fonts and media are refused,
//     the rest must pass the same private-network guard as our fetches (request_guard.h); WebSockets,
//     which the Fetch domain does not see, are blocked outright, and WebRTC is kept off UDP;
//   - when the page's network has been idle for 500 ms (or at `timeout`, if it has loaded by then),
//     the rendered DOM is taken and handed back.
// A browser that dies or stops answering is started again; the pages it was rendering are retried
// once on the new one. Everything runs on the io_context's thread; nothing blocks it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace gleaner::render {

struct RenderSettings {
    std::string browser = "chromium-headless-shell";  // a path, or a name looked up in PATH
    int concurrency = 2;                              // tabs rendering at once
    std::chrono::milliseconds timeout{20000};         // per page
    bool allow_private_networks = false;              // as fetch.allow_private_networks
};

struct RenderRequest {
    std::string url;
    std::string html;          // the page as fetched; empty: the browser fetches it (through the guard)
    std::string content_type;  // of `html`
};

struct RenderResult {
    std::string html;   // the rendered DOM (document.documentElement.outerHTML)
    std::string error;  // why there is none
    std::chrono::milliseconds elapsed{0};  // from render() to the answer, queueing included
    bool ok() const { return error.empty(); }
};

// Counters for metrics. Monotonic except in_flight and queued.
struct RenderStats {
    std::uint64_t rendered = 0;
    std::uint64_t failed = 0;
    double render_seconds = 0;            // summed over rendered pages
    std::uint64_t browser_starts = 0;     // the first start included
    std::uint64_t requests_refused = 0;   // by the private-network guard (or a scheme not allowed)
    std::uint64_t requests_blocked = 0;   // images, fonts, media
    std::size_t in_flight = 0;
    std::size_t queued = 0;
};

class Renderer {
public:
    using Done = std::function<void(RenderResult)>;

    Renderer(boost::asio::io_context& io, RenderSettings settings);
    ~Renderer();  // kills the browser; pending pages are not answered
    Renderer(const Renderer&) = delete;
    Renderer& operator=(const Renderer&) = delete;

    // Queues a page; `done` runs exactly once, on the io thread, never inside render() itself.
    void render(RenderRequest request, Done done);
    RenderStats stats() const;
    // The browser's process group (-1 when none is running); for tests that kill it.
    pid_t browser_process_group() const;

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace gleaner::render
