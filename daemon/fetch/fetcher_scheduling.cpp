// Scheduling: per-host queues gated by robots.txt, per-host concurrency and delay (Crawl-delay,
// Retry-After pauses), and a global slot limit served host by host in arrival order, so no event
// scans every queued request.
#include <new>

#include "fetch/fetcher_impl.h"

namespace gleaner::fetch {

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
    if (host.queue.empty()) return_unused_slots(host);
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
        if (!may_start(next)) {
            if (!host.waiting_for_slot) {
                host.waiting_for_slot = true;
                hosts_waiting_for_slot_.push_back(&host);
            }
            return;
        }
        // Several daemons share this host: one of its cluster-wide slots is needed too.
        if (gate_ != nullptr && !next.is_robots && host.granted_slots.empty()) {
            if (!host.gate_pending) ask_gate(host, delay);
            return;
        }
        host.queue.pop_front();
        host.last_start = now;
        if (gate_ != nullptr && !next.is_robots) {
            next.gate_slot = host.granted_slots.back();
            host.granted_slots.pop_back();
        }
        start(next);
    }
    return_unused_slots(host);
}

void Fetcher::Impl::ask_gate(Host& host, std::chrono::milliseconds delay) {
    host.gate_pending = true;
    gate_->acquire(host.origin, delay, std::max(1, settings_->per_host_concurrency),
                   [this, origin = host.origin, alive = std::weak_ptr<int>(alive_)](HostGate::Grant grant) {
                       if (alive.expired()) {
                           return;  // the Fetcher is gone; the slot's lease lapses
                       }
                       const auto found = hosts_.find(origin);
                       if (found == hosts_.end()) {
                           if (grant.granted) gate_->release(origin, grant.slot);
                           return;
                       }
                       Host& h = *found->second;
                       h.gate_pending = false;
                       if (grant.granted) {
                           h.granted_slots.push_back(grant.slot);
                           pump(h);
                       } else {
                           arm_host_timer(h, Clock::now() + std::max(grant.retry_after, std::chrono::milliseconds(1)));
                       }
                   });
}

void Fetcher::Impl::release_gate_slot(Transfer& transfer) {
    if (transfer.gate_slot < 0 || gate_ == nullptr || transfer.host == nullptr) return;
    gate_->release(transfer.host->origin, transfer.gate_slot);
    transfer.gate_slot = -1;
}

// Slots granted for requests that went away meanwhile (cancelled, refused by robots.txt).
void Fetcher::Impl::return_unused_slots(Host& host) {
    if (!host.queue.empty() || gate_ == nullptr) return;
    for (const int slot : host.granted_slots) gate_->release(host.origin, slot);
    host.granted_slots.clear();
}

void Fetcher::Impl::release_global_slots() {
    while (running_ < static_cast<std::size_t>(concurrency()) && budget_->may_receive(0) &&
           !hosts_waiting_for_slot_.empty()) {
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
    if (easy == nullptr) throw std::bad_alloc();  // curl_easy_init fails only when memory is out
    if (!transfer.is_robots) {
        budget_->discard(transfer.charged);  // a retry's or a redirect's body before this one
        budget_->started(transfer.id);
        transfer.budget = budget_.get();
    }
    prepare_easy(transfer, easy, private_connections_);
    if (sink_ && transfer.target.scheme != "file") {
        // Raw bytes may exceed the decoded limit a little (chunk framing); compressed ones are smaller.
        const auto limit = static_cast<std::size_t>(std::max<std::int64_t>(transfer.body_limit, 0));
        if (!transfer.capture) transfer.capture = std::make_unique<WireCapture>();
        start_capture(easy, *transfer.capture, limit + limit / 8 + 64 * 1024);
    } else {
        transfer.capture.reset();
    }
    transfer.started = true;
    set_state(transfer, State::running);
    if (transfer.host != nullptr) ++transfer.host->running;
    ++stats_.transfers;
    if (transfer.is_robots) ++stats_.robots_fetches;
    loop_.add(easy);
}

std::chrono::milliseconds Fetcher::Impl::crawl_delay_of(const Host& host) const {
    if (!settings_->respect_robots || host.robots.status != RobotsStatus::rules) return std::chrono::milliseconds(0);
    return host.robots.rules.crawl_delay(settings_->user_agent).value_or(std::chrono::milliseconds(0));
}

void Fetcher::Impl::sweep_idle_hosts() {
    if (hosts_.size() < sweep_at_) return;
    const auto now = Clock::now();
    std::erase_if(hosts_, [&](const auto& entry) {
        const Host& host = *entry.second;
        const auto delay = std::max<std::chrono::milliseconds>(settings_->per_host_delay, host.crawl_delay);
        return host.queue.empty() && host.running == 0 && !host.robots_fetching && !host.waiting_for_slot &&
               !host.gate_pending && host.granted_slots.empty() &&
               !host.timer_armed && !host.robots.fresh(now) && now >= host.last_start + delay &&
               now >= host.not_before;
    });
    sweep_at_ = std::max(kFirstHostSweep, hosts_.size() * 2);
}

}  // namespace gleaner::fetch
