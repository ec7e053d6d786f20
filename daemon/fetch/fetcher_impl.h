// The Fetcher's state and the steps it is made of, shared by the three files that implement them:
// fetcher.cpp (entry points), fetcher_scheduling.cpp (host queues, limits, delays, robots.txt
// gating) and fetcher_completion.cpp (what a finished transfer leads to). Internal to daemon/fetch.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <algorithm>
#include <chrono>
#include <deque>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>

#include "fetch/body_budget.h"
#include "fetch/curl_multi_loop.h"
#include "fetch/fetcher.h"
#include "fetch/host.h"
#include "fetch/host_gate.h"
#include "fetch/private_connections.h"
#include "fetch/transfer.h"

namespace gleaner::fetch {

// Idle hosts (nothing queued, robots.txt expired) are forgotten once the table reaches this size,
// and again each time it has doubled since.
inline constexpr std::size_t kFirstHostSweep = 1024;

class Fetcher::Impl {
public:
    using Clock = std::chrono::steady_clock;
    using State = Transfer::State;

    Impl(boost::asio::io_context& io, config::FetchConfig settings)
        : io_(io),
          settings_(std::make_shared<const config::FetchConfig>(std::move(settings))),
          loop_(io, [this](CURL* easy, CURLcode code) { on_transfer_done(easy, code); }) {
        private_connections_.set_allowed(settings_->allow_private_networks);
        // A lease may be let go on any thread: the wake-up is posted, and does nothing once we are gone.
        budget_ = std::make_shared<BodyBudget>(
            static_cast<std::size_t>(std::max<std::int64_t>(settings_->max_bytes_in_flight, 1)),
            [this, alive = std::weak_ptr<int>(alive_)] {
                if (alive.expired()) return;
                boost::asio::post(io_, [this, alive] {
                    if (!alive.expired()) on_bytes_released();
                });
            });
        apply_multi_limits();
    }
    ~Impl() { cancel_all(); }

    void fetch(Request request, std::function<void(Response)> on_done);
    void reconfigure(config::FetchConfig settings);
    void cancel_all();
    void set_exchange_sink(std::shared_ptr<ExchangeSink> sink) { sink_ = std::move(sink); }
    void set_host_gate(HostGate* gate) { gate_ = gate; }
    std::size_t in_flight() const { return running_; }
    std::size_t queued() const { return queued_; }
    FetchStats stats() const {
        FetchStats copy = stats_;
        copy.in_flight = running_;
        copy.queued = queued_;
        copy.bytes_in_flight = budget_->used();
        copy.transfers_paused = budget_->paused().size();
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
    void ask_gate(Host& host, std::chrono::milliseconds delay);
    void release_gate_slot(Transfer& transfer);
    void return_unused_slots(Host& host);
    void start(Transfer& transfer);
    void on_transfer_done(CURL* easy, CURLcode code);
    void archive_exchange(Transfer& transfer, CURLcode code);
    void on_page_done(Transfer& transfer, TransferResult result);
    void on_robots_done(Transfer& transfer, TransferResult result);
    void follow_redirect(Transfer& transfer, const std::string& location);
    bool retry_later(Transfer& transfer, TransferResult& result);
    void refuse_by_robots(Transfer& transfer, const Host& host);
    void finish(Transfer& transfer, FailureKind failure, std::string error);
    std::chrono::milliseconds crawl_delay_of(const Host& host) const;
    void apply_multi_limits();
    // Bytes in flight fell: paused transfers may go on, waiting ones start.
    void on_bytes_released();
    void resume_paused();
    bool may_start(const Transfer& next) const {
        return running_ < static_cast<std::size_t>(concurrency()) && (next.is_robots || budget_->may_receive(0));
    }
    void sweep_idle_hosts();
    int concurrency() const { return std::max(1, settings_->concurrency); }

    boost::asio::io_context& io_;
    std::shared_ptr<const config::FetchConfig> settings_;
    std::shared_ptr<ExchangeSink> sink_;  // null: nothing is archived
    EasyPool pool_;
    PrivateConnections private_connections_;  // before loop_: curl closes pooled sockets through it
    CurlMultiLoop loop_;
    std::unordered_map<std::uint64_t, std::unique_ptr<Transfer>> transfers_;
    std::unordered_map<std::string, std::unique_ptr<Host>> hosts_;
    std::deque<Host*> hosts_waiting_for_slot_;  // FIFO, so hosts take turns at freed slots
    std::size_t running_ = 0;
    std::size_t queued_ = 0;
    FetchStats stats_;
    std::minstd_rand random_{std::random_device{}()};
    std::uint64_t next_id_ = 1;
    std::size_t sweep_at_ = kFirstHostSweep;
    HostGate* gate_ = nullptr;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // timer handlers check it (see curl_multi_loop.h)
    std::shared_ptr<BodyBudget> budget_;  // shared with the leases handed out with Responses
};

}  // namespace gleaner::fetch
