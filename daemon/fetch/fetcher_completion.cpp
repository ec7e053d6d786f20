// Completions: a finished transfer becomes a redirect hop (back through its target host's queue,
// so robots.txt and politeness hold for every hop), a retry after backoff or Retry-After, a
// robots.txt verdict for its host, or the final Response, posted to on_done.
#include <boost/asio/post.hpp>
#include <ctime>

#include "fetch/failure.h"
#include "fetch/fetcher_impl.h"
#include "fetch/retry_policy.h"

namespace gleaner::fetch {

namespace asio = boost::asio;

namespace {

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string joined;
    for (const auto& part : parts) {
        if (!joined.empty()) joined += separator;
        joined += part;
    }
    return joined;
}

}  // namespace

void Fetcher::Impl::on_transfer_done(CURL* easy, CURLcode code) {
    char* owner = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &owner);
    Transfer& transfer = *reinterpret_cast<Transfer*>(owner);
    archive_exchange(transfer, code);
    TransferResult result = read_result(transfer, code);
    loop_.remove(easy);
    pool_.release(easy);
    transfer.easy = nullptr;
    release_gate_slot(transfer);
    budget_->stopped(transfer.id);
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
    resume_paused();         // a new leader, and maybe bytes discarded
    release_global_slots();  // hosts already waiting go first, then this one
    if (host != nullptr) pump(*host);
}

void Fetcher::Impl::on_bytes_released() {
    resume_paused();
    release_global_slots();
}

// In start order, so the leader goes first; each one resumed may pause again at once if the bytes
// it brings fill the budget.
void Fetcher::Impl::resume_paused() {
    const std::vector<std::uint64_t> waiting(budget_->paused().begin(), budget_->paused().end());
    for (const std::uint64_t id : waiting) {
        if (!budget_->may_receive(id)) continue;
        budget_->resumed(id);
        const auto found = transfers_.find(id);
        if (found != transfers_.end() && found->second->easy != nullptr)
            curl_easy_pause(found->second->easy, CURLPAUSE_CONT);
    }
}

void Fetcher::Impl::archive_exchange(Transfer& transfer, CURLcode code) {
    if (!transfer.capture) return;
    const bool stopped_at_limit =
        (code == CURLE_WRITE_ERROR && transfer.body_truncated) || code == CURLE_FILESIZE_EXCEEDED;
    auto exchange = finish_capture(transfer.easy, *transfer.capture, code, stopped_at_limit);
    if (exchange && sink_) sink_->record(std::move(*exchange));
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
        budget_->discard(transfer.charged);
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
    // The redirect's own body and headers describe nothing the caller asked for.
    transfer.response.body.clear();
    budget_->discard(transfer.charged);
    transfer.response.content_type.clear();
    transfer.response.etag.clear();
    transfer.response.last_modified.clear();
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
            if (gate_ != nullptr) gate_->defer(transfer.host->origin, std::chrono::duration_cast<std::chrono::milliseconds>(wait));
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
    response.body_lease = budget_->hand_over(transfer.charged);
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

}  // namespace gleaner::fetch
