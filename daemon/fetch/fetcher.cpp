// The Fetcher's entry points: fetch, reconfigure, cancel_all, and the public class forwarding to
// its Impl. How requests are scheduled is in fetcher_scheduling.cpp, how transfers end in
// fetcher_completion.cpp. Every completion is posted, so on_done never runs inside a Fetcher call.
#include <mutex>

#include "fetch/fetcher_impl.h"

namespace gleaner::fetch {

namespace asio = boost::asio;

namespace {

void initialise_curl_once() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

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
    private_connections_.set_allowed(settings_->allow_private_networks);
    budget_->set_limit(static_cast<std::size_t>(std::max<std::int64_t>(settings_->max_bytes_in_flight, 1)));
    resume_paused();
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
            release_gate_slot(*transfer);
            budget_->stopped(transfer->id);
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

void Fetcher::Impl::apply_multi_limits() {
    curl_multi_setopt(loop_.multi(), CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(concurrency()));
    curl_multi_setopt(loop_.multi(), CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
}

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
void Fetcher::set_exchange_sink(std::shared_ptr<ExchangeSink> sink) { impl_->set_exchange_sink(std::move(sink)); }
void Fetcher::set_host_gate(HostGate* gate) { impl_->set_host_gate(gate); }
std::size_t Fetcher::in_flight() const { return impl_->in_flight(); }
std::size_t Fetcher::queued() const { return impl_->queued(); }
FetchStats Fetcher::stats() const { return impl_->stats(); }

}  // namespace gleaner::fetch
