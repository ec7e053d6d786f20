// The scheduler around the curl multi loop: per-host queues with robots.txt, concurrency limits and
// delays; a global slot limit served host by host in arrival order; redirects re-enter the queue of
// their target host (so robots.txt and politeness hold for every hop); retries wait on a timer.
// Every completion is posted, so on_done never runs inside a Fetcher call or a curl callback.
#include "fetch/fetcher.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <algorithm>
#include <ctime>
#include <mutex>
#include <random>
#include <unordered_map>

#include "fetch/curl_multi_loop.h"
#include "fetch/failure.h"
#include "fetch/host.h"
#include "fetch/retry_policy.h"
#include "fetch/transfer.h"

namespace gleaner::fetch {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
using State = Transfer::State;

namespace {

// Idle hosts (nothing queued, robots.txt expired) are forgotten once the table reaches this size,
// and again each time it has doubled since.
constexpr std::size_t kFirstSweep = 1024;

void initialise_curl_once() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string joined;
    for (const auto& part : parts) {
        if (!joined.empty()) joined += separator;
        joined += part;
    }
    return joined;
}

}  // namespace

class Fetcher::Impl {
public:
    Impl(asio::io_context& io, config::FetchConfig settings)
        : io_(io),
          settings_(std::make_shared<const config::FetchConfig>(std::move(settings))),
          loop_(io, [this](CURL* easy, CURLcode code) { on_transfer_done(easy, code); }) {
        apply_multi_limits();
    }
    ~Impl() { cancel_all(); }

    void fetch(Request request, std::function<void(Response)> on_done);
    void reconfigure(config::FetchConfig settings);
    void cancel_all();
    std::size_t in_flight() const { return running_; }
    std::size_t queued() const { return queued_; }
    FetchStats stats() const {
        FetchStats copy = stats_;
        copy.in_flight = running_;
        copy.queued = queued_;
        return copy;
    }

private:
    Transfer& add_transfer();
    void set_state(Transfer& transfer, State state);
    void schedule(Transfer& transfer, bool continuation = false);
    Host& host_for(const std::string& origin);
    void queue_robots_fetch(Host& host);
    void pump(Host& host);
    void release_global_slots();
    void arm_host_timer(Host& host, Clock::time_point due);
    void start(Transfer& transfer);
    void on_transfer_done(CURL* easy, CURLcode code);
    void on_page_done(Transfer& transfer, TransferResult result);
    void on_robots_done(Transfer& transfer, TransferResult result);
    void follow_redirect(Transfer& transfer, const std::string& location);
    bool retry_later(Transfer& transfer, TransferResult& result);
    void refuse_by_robots(Transfer& transfer, const Host& host);
    void finish(Transfer& transfer, FailureKind failure, std::string error);
    std::chrono::milliseconds crawl_delay_of(const Host& host) const;
    void apply_multi_limits();
    void sweep_idle_hosts();
    int concurrency() const { return std::max(1, settings_->concurrency); }

    asio::io_context& io_;
    std::shared_ptr<const config::FetchConfig> settings_;
    EasyPool pool_;
    CurlMultiLoop loop_;
    std::unordered_map<std::uint64_t, std::unique_ptr<Transfer>> transfers_;
    std::unordered_map<std::string, std::unique_ptr<Host>> hosts_;
    std::deque<Host*> hosts_waiting_for_slot_;  // FIFO, so hosts take turns at freed slots
    std::size_t running_ = 0;
    std::size_t queued_ = 0;
    FetchStats stats_;
    std::minstd_rand random_{std::random_device{}()};
    std::uint64_t next_id_ = 1;
    std::size_t sweep_at_ = kFirstSweep;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // timer handlers check it (see curl_multi_loop.h)
};

// ---- entry points ----

void Fetcher::Impl::fetch(Request request, std::function<void(Response)> on_done) {
    sweep_idle_hosts();
    Transfer& transfer = add_transfer();
    transfer.settings = settings_;
    transfer.on_done = std::move(on_done);
    transfer.response.requested_url = request.url;
    transfer.request = std::move(request);
    std::string error;
    auto target = parse_url(transfer.request.url, error);
    if (!target) {
        finish(transfer, FailureKind::bad_url, "\"" + transfer.request.url + "\" is not a valid URL: " + error);
        return;
    }
    if (target->scheme != "http" && target->scheme != "https" && target->scheme != "file") {
        finish(transfer, FailureKind::bad_url, target->url + ": unsupported scheme \"" + target->scheme + "\"");
        return;
    }
    transfer.target = std::move(*target);
    schedule(transfer);
}

void Fetcher::Impl::reconfigure(config::FetchConfig settings) {
    settings_ = std::make_shared<const config::FetchConfig>(std::move(settings));
    apply_multi_limits();
    for (auto& [origin, host] : hosts_) host->crawl_delay = crawl_delay_of(*host);
    // Larger limits or a shorter delay may let waiting requests go now.
    for (auto& [origin, host] : hosts_) {
        if (!host->queue.empty()) pump(*host);
    }
    release_global_slots();
}

void Fetcher::Impl::cancel_all() {
    std::vector<Transfer*> all;
    all.reserve(transfers_.size());
    for (auto& [id, transfer] : transfers_) all.push_back(transfer.get());
    for (Transfer* transfer : all) {
        if (transfer->state == State::running) {
            loop_.remove(transfer->easy);
            pool_.release(transfer->easy);
            transfer->easy = nullptr;
            if (transfer->host != nullptr) --transfer->host->running;
        }
        if (transfer->is_robots) {
            transfer->host->robots_fetching = false;
            set_state(*transfer, State::new_);
            transfers_.erase(transfer->id);
        } else {
            finish(*transfer, FailureKind::cancelled, transfer->target.url + ": cancelled");
        }
    }
    for (auto& [origin, host] : hosts_) {
        host->queue.clear();
        host->timer.cancel();
        host->timer_armed = false;
        host->waiting_for_slot = false;
    }
    hosts_waiting_for_slot_.clear();
}

// ---- scheduling ----

Transfer& Fetcher::Impl::add_transfer() {
    auto owned = std::make_unique<Transfer>();
    Transfer& transfer = *owned;
    transfer.id = next_id_++;
    transfer.submitted = Clock::now();
    transfers_.emplace(transfer.id, std::move(owned));
    return transfer;
}

// Keeps the in_flight and queued gauges in step with every state change.
void Fetcher::Impl::set_state(Transfer& transfer, State state) {
    const auto counts_as_queued = [&transfer](State s) {
        return !transfer.is_robots && (s == State::queued || s == State::waiting_retry);
    };
    if (counts_as_queued(transfer.state)) --queued_;
    if (transfer.state == State::running) --running_;
    transfer.state = state;
    if (counts_as_queued(state)) ++queued_;
    if (state == State::running) ++running_;
}

// A continuation (the next hop of a redirect) goes ahead of the host's queue: the request already
// waited its turn once. It never overtakes a robots.txt fetch, which the pages wait for.
void Fetcher::Impl::schedule(Transfer& transfer, bool continuation) {
    if (transfer.target.scheme == "file") {  // the operator's own files: no host, no robots.txt
        transfer.host = nullptr;
        transfer.response.robots = "not-checked";
        start(transfer);
        return;
    }
    Host& host = host_for(transfer.target.origin);
    transfer.host = &host;
    set_state(transfer, State::queued);
    if (!continuation) {
        host.queue.push_back(&transfer);
    } else if (!host.queue.empty() && host.queue.front()->is_robots) {
        host.queue.insert(host.queue.begin() + 1, &transfer);
    } else {
        host.queue.push_front(&transfer);
    }
    pump(host);
}

Host& Fetcher::Impl::host_for(const std::string& origin) {
    auto& slot = hosts_[origin];
    if (!slot) slot = std::make_unique<Host>(io_, origin);
    return *slot;
}

void Fetcher::Impl::queue_robots_fetch(Host& host) {
    std::string error;
    auto target = parse_url(host.origin + "/robots.txt", error);
    if (!target) {  // cannot happen for an origin taken from a parsed URL; allow rather than stall
        host.robots.status = RobotsStatus::missing;
        host.robots.expires = Clock::now() + std::chrono::hours(24);
        return;
    }
    Transfer& transfer = add_transfer();
    transfer.is_robots = true;
    transfer.settings = settings_;
    transfer.target = std::move(*target);
    transfer.request.url = transfer.target.url;
    transfer.host = &host;
    set_state(transfer, State::queued);
    host.queue.push_front(&transfer);
    host.robots_fetching = true;
}

// Starts as many of `host`'s queued transfers as its robots.txt, its limits and the global limit
// allow; otherwise arranges to be called again (host timer, or the queue of hosts waiting for a slot).
void Fetcher::Impl::pump(Host& host) {
    const config::FetchConfig& settings = *settings_;
    const auto now = Clock::now();
    while (!host.queue.empty()) {
        if (settings.respect_robots && !host.robots_fetching && !host.robots.fresh(now)) queue_robots_fetch(host);
        Transfer& next = *host.queue.front();
        if (!next.is_robots) {
            if (host.robots_fetching) return;  // pages wait for the verdict
            const RobotsVerdict verdict =
                settings.respect_robots
                    ? robots_verdict(host.robots, next.user_agent(), next.target.path_and_query)
                    : RobotsVerdict{true, "not-checked"};
            next.response.robots = verdict.label;
            if (!verdict.allowed) {
                host.queue.pop_front();
                refuse_by_robots(next, host);
                continue;
            }
        }
        if (host.running >= std::max(1, settings.per_host_concurrency)) return;
        const auto delay = std::max<std::chrono::milliseconds>(settings.per_host_delay, host.crawl_delay);
        const auto due = std::max(host.last_start + delay, host.not_before);
        if (now < due) {
            arm_host_timer(host, due);
            return;
        }
        if (running_ >= static_cast<std::size_t>(concurrency())) {
            if (!host.waiting_for_slot) {
                host.waiting_for_slot = true;
                hosts_waiting_for_slot_.push_back(&host);
            }
            return;
        }
        host.queue.pop_front();
        host.last_start = now;
        start(next);
    }
}

void Fetcher::Impl::release_global_slots() {
    while (running_ < static_cast<std::size_t>(concurrency()) && !hosts_waiting_for_slot_.empty()) {
        Host& host = *hosts_waiting_for_slot_.front();
        hosts_waiting_for_slot_.pop_front();
        host.waiting_for_slot = false;
        pump(host);
    }
}

void Fetcher::Impl::arm_host_timer(Host& host, Clock::time_point due) {
    if (host.timer_armed && host.timer_due == due) return;
    host.timer_armed = true;
    host.timer_due = due;
    host.timer.expires_at(due);
    // The handler finds the host by name: it may have been forgotten by the time the timer fires.
    host.timer.async_wait([this, origin = host.origin, alive = std::weak_ptr<int>(alive_)](
                              const boost::system::error_code& error) {
        if (error || alive.expired()) return;
        const auto found = hosts_.find(origin);
        if (found == hosts_.end()) return;
        found->second->timer_armed = false;
        pump(*found->second);
    });
}

void Fetcher::Impl::start(Transfer& transfer) {
    CURL* easy = pool_.acquire();
    if (easy == nullptr) {
        finish(transfer, FailureKind::other, transfer.target.url + ": curl_easy_init failed");
        return;
    }
    prepare_easy(transfer, easy);
    transfer.started = true;
    set_state(transfer, State::running);
    if (transfer.host != nullptr) ++transfer.host->running;
    ++stats_.transfers;
    if (transfer.is_robots) ++stats_.robots_fetches;
    loop_.add(easy);
}

// ---- completions ----

void Fetcher::Impl::on_transfer_done(CURL* easy, CURLcode code) {
    char* owner = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &owner);
    Transfer& transfer = *reinterpret_cast<Transfer*>(owner);
    TransferResult result = read_result(transfer, code);
    loop_.remove(easy);
    pool_.release(easy);
    transfer.easy = nullptr;
    set_state(transfer, State::new_);
    Host* host = transfer.host;
    if (host != nullptr) --host->running;
    stats_.bytes_received += result.bytes_received;
    if (result.http_status >= 100 && result.http_status < 600) ++stats_.responses_by_status_class[result.http_status / 100];

    if (transfer.is_robots) {
        on_robots_done(transfer, std::move(result));
    } else {
        on_page_done(transfer, std::move(result));
    }
    release_global_slots();  // hosts already waiting go first, then this one
    if (host != nullptr) pump(*host);
}

void Fetcher::Impl::on_page_done(Transfer& transfer, TransferResult result) {
    Response& response = transfer.response;
    response.http_status = result.http_status;
    response.final_url = result.effective_url.empty() ? transfer.target.url : result.effective_url;
    response.content_type = std::move(result.content_type);
    response.etag = std::move(result.etag);
    response.last_modified = std::move(result.last_modified);
    const long status = result.http_status;
    if (result.code == CURLE_OK && status >= 300 && status < 400 && status != 304 && !result.redirect_url.empty()) {
        follow_redirect(transfer, result.redirect_url);
        return;
    }
    if (is_retryable(result.failure, status) && retry_later(transfer, result)) return;
    if (status == 304) {
        response.not_modified = true;
        response.body.clear();
        // A 304 need not repeat the validators; keep the ones that are still valid.
        if (response.etag.empty()) response.etag = transfer.request.etag;
        if (response.last_modified.empty()) response.last_modified = transfer.request.last_modified;
    }
    finish(transfer, result.failure, std::move(result.error));
}

void Fetcher::Impl::on_robots_done(Transfer& transfer, TransferResult result) {
    Host& host = *transfer.host;
    RobotsFetchResult fetched;
    fetched.origin = host.origin;
    fetched.http_status = result.http_status;
    fetched.failure = result.code == CURLE_OK ? FailureKind::none : result.failure;
    fetched.error = std::move(result.error);
    fetched.body = std::move(transfer.response.body);
    fetched.cache_control = std::move(result.cache_control);
    fetched.expires = std::move(result.expires);
    host.robots = next_robots_state(std::move(fetched), host.robots, Clock::now(), std::time(nullptr));
    host.robots_fetching = false;
    host.crawl_delay = crawl_delay_of(host);
    transfers_.erase(transfer.id);
}

void Fetcher::Impl::follow_redirect(Transfer& transfer, const std::string& location) {
    const std::string from = transfer.target.url;
    transfer.response.body.clear();  // the redirect's own body is nobody's content
    std::string error;
    auto target = parse_url(location, error);
    if (!target) {
        finish(transfer, FailureKind::bad_url, from + " redirects to an invalid URL \"" + location + "\": " + error);
        return;
    }
    if (target->scheme != "http" && target->scheme != "https") {
        finish(transfer, FailureKind::bad_url, from + " redirects to " + target->url + ", which is not http(s)");
        return;
    }
    transfer.visited.push_back(from);
    const std::string chain = join(transfer.visited, " -> ") + " -> " + target->url;
    if (std::find(transfer.visited.begin(), transfer.visited.end(), target->url) != transfer.visited.end()) {
        finish(transfer, FailureKind::too_many_redirects, transfer.response.requested_url + ": redirect loop: " + chain);
        return;
    }
    if (transfer.response.redirect_count >= transfer.settings->max_redirects) {
        finish(transfer, FailureKind::too_many_redirects,
               transfer.response.requested_url + ": more than " + std::to_string(transfer.settings->max_redirects) +
                   " redirects: " + chain);
        return;
    }
    ++transfer.response.redirect_count;
    ++stats_.redirects_followed;
    transfer.target = std::move(*target);
    schedule(transfer, /*continuation=*/true);
}

// Schedules another attempt if the retry budget allows; false means the failure stands.
bool Fetcher::Impl::retry_later(Transfer& transfer, TransferResult& result) {
    const config::RetryConfig& retry = transfer.settings->retry;
    if (transfer.retries + 1 >= retry.max_attempts) return false;
    std::chrono::milliseconds wait{};
    std::optional<std::chrono::seconds> server_wait;
    const long status = result.http_status;
    if ((status == 429 || status == 503) && !result.retry_after.empty()) {
        server_wait = parse_retry_after(result.retry_after, std::time(nullptr));
    }
    if (server_wait) {
        if (*server_wait > retry.max_delay) {
            result.error += "; Retry-After asks for " + std::to_string(server_wait->count()) +
                            " s, more than fetch.retry.max_delay, so not retried";
            return false;
        }
        wait = *server_wait;
        if (transfer.host != nullptr) {  // the whole host was asked to slow down, not just this URL
            transfer.host->not_before = std::max(transfer.host->not_before, Clock::now() + wait);
        }
    } else {
        wait = backoff_delay(retry, transfer.retries + 1, std::uniform_real_distribution<double>(0.0, 1.0)(random_));
    }
    ++transfer.retries;
    ++stats_.retries;
    set_state(transfer, State::waiting_retry);
    if (!transfer.retry_timer) transfer.retry_timer = std::make_unique<asio::steady_timer>(io_);
    transfer.retry_timer->expires_after(wait);
    transfer.retry_timer->async_wait([this, id = transfer.id, alive = std::weak_ptr<int>(alive_)](
                                         const boost::system::error_code& error) {
        if (error || alive.expired()) return;
        const auto found = transfers_.find(id);  // cancel_all may have ended it meanwhile
        if (found == transfers_.end() || found->second->state != State::waiting_retry) return;
        schedule(*found->second);
    });
    return true;
}

void Fetcher::Impl::refuse_by_robots(Transfer& transfer, const Host& host) {
    if (host.robots.status == RobotsStatus::unavailable) {
        finish(transfer, host.robots.unavailable_failure, transfer.target.url + ": " + host.robots.unavailable_reason);
        return;
    }
    finish(transfer, FailureKind::robots_disallowed,
           transfer.target.url + ": disallowed by " + host.origin + "/robots.txt for user agent \"" +
               robots_product_token(transfer.user_agent()) + "\"");
}

void Fetcher::Impl::finish(Transfer& transfer, FailureKind failure, std::string error) {
    Response response = std::move(transfer.response);
    response.failure = failure;
    response.error = std::move(error);
    response.attempts = transfer.started ? transfer.retries + 1 : 0;
    if (response.final_url.empty()) response.final_url = transfer.target.url;
    if (response.robots.empty()) response.robots = "not-checked";
    response.fetched_at = std::chrono::system_clock::now();
    response.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - transfer.submitted);
    ++stats_.completed_by_failure[static_cast<std::size_t>(failure)];
    auto on_done = std::move(transfer.on_done);
    set_state(transfer, State::new_);
    transfers_.erase(transfer.id);
    if (on_done) {
        asio::post(io_, [on_done = std::move(on_done), response = std::move(response)]() mutable {
            on_done(std::move(response));
        });
    }
}

// ---- helpers ----

std::chrono::milliseconds Fetcher::Impl::crawl_delay_of(const Host& host) const {
    if (host.robots.status != RobotsStatus::rules) return std::chrono::milliseconds(0);
    return host.robots.rules.crawl_delay(settings_->user_agent).value_or(std::chrono::milliseconds(0));
}

void Fetcher::Impl::apply_multi_limits() {
    curl_multi_setopt(loop_.multi(), CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(concurrency()));
    curl_multi_setopt(loop_.multi(), CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
}

void Fetcher::Impl::sweep_idle_hosts() {
    if (hosts_.size() < sweep_at_) return;
    const auto now = Clock::now();
    std::erase_if(hosts_, [&](const auto& entry) {
        const Host& host = *entry.second;
        const auto delay = std::max<std::chrono::milliseconds>(settings_->per_host_delay, host.crawl_delay);
        return host.queue.empty() && host.running == 0 && !host.robots_fetching && !host.waiting_for_slot &&
               !host.timer_armed && !host.robots.fresh(now) && now >= host.last_start + delay &&
               now >= host.not_before;
    });
    sweep_at_ = std::max(kFirstSweep, hosts_.size() * 2);
}

// ---- Fetcher ----

Fetcher::Fetcher(asio::io_context& io, config::FetchConfig settings) {
    initialise_curl_once();
    impl_ = std::make_unique<Impl>(io, std::move(settings));
}
Fetcher::~Fetcher() = default;
void Fetcher::fetch(Request request, std::function<void(Response)> on_done) {
    impl_->fetch(std::move(request), std::move(on_done));
}
void Fetcher::reconfigure(config::FetchConfig settings) { impl_->reconfigure(std::move(settings)); }
void Fetcher::cancel_all() { impl_->cancel_all(); }
std::size_t Fetcher::in_flight() const { return impl_->in_flight(); }
std::size_t Fetcher::queued() const { return impl_->queued(); }
FetchStats Fetcher::stats() const { return impl_->stats(); }

}  // namespace gleaner::fetch
