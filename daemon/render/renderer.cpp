// See renderer.h. The browser's life (start, death, restart) and the queue are here; what happens in
// one tab is in the Tab methods below.
#include "render/renderer.h"

#include <openssl/evp.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <map>
#include <optional>

#include "log/log.h"
#include "render/browser_process.h"
#include "render/devtools_connection.h"
#include "render/request_guard.h"

namespace gleaner::render {

namespace asio = boost::asio;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kStartTimeout = std::chrono::seconds(30);
constexpr int kAttempts = 2;  // a page whose browser died under it is tried once more

std::string base64(const std::string& bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                       reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(length));
    return out;
}

std::string without_fragment(const std::string& url) { return url.substr(0, url.find('#')); }

}  // namespace

class Renderer::Impl {
public:
    Impl(asio::io_context& io, RenderSettings settings)
        : io_(io), settings_(std::move(settings)), guard_(io, settings_.allow_private_networks) {}
    ~Impl() {
        *alive_ = 0;
        alive_.reset();
        tabs_.clear();
        connection_.reset();
        process_.reset();
    }

    void render(RenderRequest request, Done done) {
        queue_.push_back(Job{std::move(request), std::move(done), Clock::now(), 0});
        pump();
    }
    RenderStats stats() const {
        RenderStats copy = stats_;
        copy.queued = queue_.size();
        copy.in_flight = 0;
        for (const auto& [id, tab] : tabs_) copy.in_flight += tab->job ? 1 : 0;
        return copy;
    }
    pid_t browser_process_group() const { return process_ ? process_->process_group() : -1; }

private:
    struct Job {
        RenderRequest request;
        Done done;
        Clock::time_point submitted;
        int attempts;
    };
    struct Tab {
        explicit Tab(asio::io_context& io) : timer(io) {}
        std::uint64_t id = 0;
        std::string session;
        bool ready = false;
        std::optional<Job> job;
        std::string frame_id, loader_id;
        bool loaded = false, document_served = false, capturing = false;
        asio::steady_timer timer;
    };
    enum class Browser { stopped, starting, running };

    // ---- the browser ----
    void pump();
    void start_browser();
    void browser_failed(const std::string& reason);
    void browser_lost(const std::string& reason);
    void dispose_browser();
    // ---- tabs ----
    void open_tab();
    void start_job(Tab& tab, Job job);
    void on_event(const std::string& session, const std::string& method, const json& params);
    void on_request(Tab& tab, const json& params);
    void capture(Tab& tab);
    void finish(Tab& tab, std::string html, std::string error);
    void answer(Job job, std::string html, std::string error);
    Tab* find_tab(std::uint64_t id) {
        const auto found = tabs_.find(id);
        return found == tabs_.end() ? nullptr : found->second.get();
    }
    void send(const std::string& method, json params, const std::string& session,
              DevToolsConnection::Reply reply = [](const json&, const std::string&) {}) {
        if (connection_) connection_->send(method, std::move(params), session, std::move(reply));
    }
    // Wraps a callback so it does nothing once the Impl is gone or the browser it was for has been replaced.
    template <class F>
    auto guarded(F f) {
        return [this, f = std::move(f), alive = std::weak_ptr<int>(alive_), generation = generation_](auto&&... args) mutable {
            if (alive.expired() || generation != generation_) return;
            f(std::forward<decltype(args)>(args)...);
        };
    }

    asio::io_context& io_;
    RenderSettings settings_;
    RequestGuard guard_;
    Browser browser_ = Browser::stopped;
    std::uint64_t generation_ = 0;  // bumped at each browser start: callbacks of an older one are ignored
    std::unique_ptr<BrowserProcess> process_;
    std::unique_ptr<DevToolsConnection> connection_;
    std::deque<Job> queue_;
    std::map<std::uint64_t, std::unique_ptr<Tab>> tabs_;
    std::map<std::string, std::uint64_t> tab_of_session_;
    std::uint64_t next_tab_ = 1;
    std::size_t tabs_opening_ = 0;
    RenderStats stats_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(1);
};

void Renderer::Impl::pump() {
    if (queue_.empty()) return;
    if (browser_ == Browser::stopped) start_browser();
    if (browser_ != Browser::running) return;
    for (auto& [id, tab] : tabs_) {
        if (queue_.empty()) return;
        if (tab->ready && !tab->job) {
            Job job = std::move(queue_.front());
            queue_.pop_front();
            start_job(*tab, std::move(job));
        }
    }
    const auto limit = static_cast<std::size_t>(std::max(1, settings_.concurrency));
    while (queue_.size() > tabs_opening_ && tabs_.size() + tabs_opening_ < limit) open_tab();
}

void Renderer::Impl::start_browser() {
    browser_ = Browser::starting;
    ++generation_;
    ++stats_.browser_starts;
    process_ = std::make_unique<BrowserProcess>(
        io_, settings_.browser, kStartTimeout,
        guarded([this](std::string ws_url) {
            connection_ = std::make_unique<DevToolsConnection>(
                io_,
                guarded([this](const std::string& session, const std::string& method, const json& params) {
                    on_event(session, method, params);
                }),
                guarded([this](const std::string& reason) { browser_lost(reason); }));
            connection_->open(ws_url, guarded([this] {
                browser_ = Browser::running;
                log::info("browser started", {{"PROCESS_GROUP", std::to_string(process_->process_group())}});
                pump();
            }));
        }),
        guarded([this](std::string reason) { browser_failed(reason); }));
}

// The browser could not start: every page waiting for it fails (the next page tries again).
void Renderer::Impl::browser_failed(const std::string& reason) {
    log::error("browser unavailable", {{"BROWSER", settings_.browser}, {"ERROR", reason}});
    dispose_browser();
    auto waiting = std::move(queue_);
    queue_.clear();
    for (auto& job : waiting) answer(std::move(job), {}, "browser unavailable: " + reason);
}

// The connection dropped (the browser died or was killed): pages under way go back to the queue
// once, and a new browser is started for them.
void Renderer::Impl::browser_lost(const std::string& reason) {
    log::warn("browser connection lost; starting it again", {{"ERROR", reason}});
    std::deque<Job> retry;
    for (auto& [id, tab] : tabs_) {
        if (!tab->job) continue;
        tab->timer.cancel();
        Job job = std::move(*tab->job);
        tab->job.reset();
        if (++job.attempts < kAttempts) {
            retry.push_back(std::move(job));
        } else {
            std::string error = "the browser died while rendering " + job.request.url;
            answer(std::move(job), {}, std::move(error));
        }
    }
    dispose_browser();
    for (auto it = retry.rbegin(); it != retry.rend(); ++it) queue_.push_front(std::move(*it));
    // Started from the loop, not from inside the dying connection's handler.
    asio::post(io_, guarded([this] { pump(); }));
}

// Forgets the browser. The objects go on a posted handler: this may run inside one of their callbacks.
void Renderer::Impl::dispose_browser() {
    ++generation_;
    browser_ = Browser::stopped;
    tabs_.clear();
    tab_of_session_.clear();
    tabs_opening_ = 0;
    asio::post(io_, [connection = std::move(connection_), process = std::move(process_)]() mutable {
        connection.reset();
        process.reset();
    });
}

void Renderer::Impl::open_tab() {
    ++tabs_opening_;
    const auto failed = [this](const std::string& step, const std::string& error) {
        --tabs_opening_;
        log::error("cannot open a browser tab", {{"STEP", step}, {"ERROR", error}});
        auto waiting = std::move(queue_);
        queue_.clear();
        if (tabs_.empty())  // no tab at all: nothing will render these
            for (auto& job : waiting) answer(std::move(job), {}, "cannot open a browser tab: " + error);
        else
            queue_ = std::move(waiting);
    };
    send("Target.createTarget", {{"url", "about:blank"}}, {}, guarded([this, failed](const json& result, const std::string& error) {
        if (!error.empty()) return failed("Target.createTarget", error);
        send("Target.attachToTarget", {{"targetId", result.value("targetId", "")}, {"flatten", true}}, {},
             guarded([this, failed](const json& result, const std::string& error) {
                 if (!error.empty()) return failed("Target.attachToTarget", error);
                 const std::string session = result.value("sessionId", "");
                 send("Fetch.enable", {{"patterns", json::array({{{"urlPattern", "*"}}})}}, session);
                 send("Page.enable", json::object(), session);
                 // WebSockets escape the Fetch domain: none are needed for a story, so none may open.
                 send("Network.enable", json::object(), session);
                 send("Network.setBlockedURLs", {{"urls", json::array({"ws://*", "wss://*"})}}, session);
                 send("Page.setLifecycleEventsEnabled", {{"enabled", true}}, session,
                      guarded([this, session, failed](const json&, const std::string& error) {
                          if (!error.empty()) return failed("Page.setLifecycleEventsEnabled", error);
                          --tabs_opening_;
                          auto tab = std::make_unique<Tab>(io_);
                          tab->id = next_tab_++;
                          tab->session = session;
                          tab->ready = true;
                          tab_of_session_[session] = tab->id;
                          tabs_.emplace(tab->id, std::move(tab));
                          pump();
                      }));
             }));
    }));
}

void Renderer::Impl::start_job(Tab& tab, Job job) {
    tab.job = std::move(job);
    tab.loaded = tab.document_served = tab.capturing = false;
    tab.frame_id.clear();
    tab.loader_id.clear();
    const auto id = tab.id;
    tab.timer.expires_after(settings_.timeout);
    tab.timer.async_wait(guarded([this, id](const boost::system::error_code& error) {
        Tab* tab = find_tab(id);
        if (error || tab == nullptr || !tab->job || tab->capturing) return;
        // Out of time: what has loaded is taken as it is; a page that never loaded fails.
        if (tab->loaded) capture(*tab);
        else finish(*tab, {}, "rendering timed out after " + std::to_string(settings_.timeout.count()) + " ms");
    }));
    send("Page.navigate", {{"url", tab.job->request.url}}, tab.session,
         guarded([this, id](const json& result, const std::string& error) {
             Tab* tab = find_tab(id);
             if (tab == nullptr || !tab->job) return;
             const std::string failure = !error.empty() ? error : result.value("errorText", "");
             if (!failure.empty()) return finish(*tab, {}, "navigation failed: " + failure);
             tab->frame_id = result.value("frameId", "");
             tab->loader_id = result.value("loaderId", "");
         }));
}

void Renderer::Impl::on_event(const std::string& session, const std::string& method, const json& params) {
    const auto found = tab_of_session_.find(session);
    Tab* tab = found == tab_of_session_.end() ? nullptr : find_tab(found->second);
    if (method == "Fetch.requestPaused") {
        if (tab != nullptr) {
            on_request(*tab, params);
        } else {  // a tab we no longer track: let nothing out
            send("Fetch.failRequest", {{"requestId", params.value("requestId", "")}, {"errorReason", "Aborted"}}, session);
        }
        return;
    }
    if (tab == nullptr || !tab->job) return;
    if (method == "Page.loadEventFired") {
        tab->loaded = true;
    } else if (method == "Page.lifecycleEvent" && params.value("name", "") == "networkIdle" &&
               params.value("frameId", "") == tab->frame_id && params.value("loaderId", "") == tab->loader_id &&
               !tab->frame_id.empty()) {
        capture(*tab);
    }
}

void Renderer::Impl::on_request(Tab& tab, const json& params) {
    const std::string request_id = params.value("requestId", "");
    const std::string url = params.contains("request") ? params["request"].value("url", "") : "";
    const std::string type = params.value("resourceType", "");
    const std::string session = tab.session;
    if (tab.job && !tab.job->request.html.empty() && type == "Document" && !tab.document_served &&
        without_fragment(url) == without_fragment(tab.job->request.url)) {
        tab.document_served = true;
        const std::string content_type =
            tab.job->request.content_type.empty() ? "text/html" : tab.job->request.content_type;
        send("Fetch.fulfillRequest",
             {{"requestId", request_id},
              {"responseCode", 200},
              {"responseHeaders", json::array({{{"name", "Content-Type"}, {"value", content_type}}})},
              {"body", base64(tab.job->request.html)}},
             session);
        return;
    }
    if (type == "Image" || type == "Font" || type == "Media") {
        ++stats_.requests_blocked;
        send("Fetch.failRequest", {{"requestId", request_id}, {"errorReason", "BlockedByClient"}}, session);
        return;
    }
    guard_.check(url, guarded([this, session, request_id, url](std::string refusal) {
        if (refusal.empty()) {
            send("Fetch.continueRequest", {{"requestId", request_id}}, session);
            return;
        }
        ++stats_.requests_refused;
        log::warn("rendered page's request refused", {{"URL", url.substr(0, 500)}, {"REASON", refusal}});
        send("Fetch.failRequest", {{"requestId", request_id}, {"errorReason", "AddressUnreachable"}}, session);
    }));
}

void Renderer::Impl::capture(Tab& tab) {
    if (tab.capturing) return;
    tab.capturing = true;
    const auto id = tab.id;
    send("Runtime.evaluate",
         {{"expression", "document.documentElement ? document.documentElement.outerHTML : ''"}, {"returnByValue", true}},
         tab.session, guarded([this, id](const json& result, const std::string& error) {
             Tab* tab = find_tab(id);
             if (tab == nullptr || !tab->job) return;
             if (!error.empty()) return finish(*tab, {}, "cannot read the rendered page: " + error);
             const auto& value = result.contains("result") ? result["result"] : json();
             if (!value.is_object() || !value.contains("value") || !value["value"].is_string())
                 return finish(*tab, {}, "the rendered page has no document");
             finish(*tab, value["value"].get<std::string>(), {});
         }));
}

void Renderer::Impl::finish(Tab& tab, std::string html, std::string error) {
    tab.timer.cancel();
    Job job = std::move(*tab.job);
    tab.job.reset();
    tab.capturing = false;
    // Leave the page, so its scripts and timers stop using the CPU while the tab waits.
    send("Page.navigate", {{"url", "about:blank"}}, tab.session);
    answer(std::move(job), std::move(html), std::move(error));
    pump();
}

void Renderer::Impl::answer(Job job, std::string html, std::string error) {
    RenderResult result;
    result.html = std::move(html);
    result.error = std::move(error);
    result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - job.submitted);
    if (result.ok()) {
        ++stats_.rendered;
        stats_.render_seconds += std::chrono::duration<double>(result.elapsed).count();
    } else {
        ++stats_.failed;
    }
    asio::post(io_, [done = std::move(job.done), result = std::move(result)]() mutable { done(std::move(result)); });
}

Renderer::Renderer(asio::io_context& io, RenderSettings settings)
    : impl_(std::make_unique<Impl>(io, std::move(settings))) {}
Renderer::~Renderer() = default;
void Renderer::render(RenderRequest request, Done done) { impl_->render(std::move(request), std::move(done)); }
RenderStats Renderer::stats() const { return impl_->stats(); }
pid_t Renderer::browser_process_group() const { return impl_->browser_process_group(); }

}  // namespace gleaner::render
