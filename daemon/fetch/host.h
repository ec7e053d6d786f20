// What the fetcher keeps per origin (scheme://host:port): the queue of requests waiting for it, the
// politeness bookkeeping (transfers running, when the last one started, server-imposed pauses) and
// its robots.txt. Internal to daemon/fetch.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <string>
#include <vector>

#include "fetch/robots_policy.h"

namespace gleaner::fetch {

struct Transfer;

struct Host {
    using Clock = std::chrono::steady_clock;

    Host(boost::asio::io_context& io, std::string origin) : origin(std::move(origin)), timer(io) {}

    std::string origin;
    std::deque<Transfer*> queue;  // waiting, oldest first; a robots.txt fetch goes to the front
    int running = 0;
    Clock::time_point last_start{};   // the latest transfer to this host began then
    Clock::time_point not_before{};   // a Retry-After from this host pauses it until then
    RobotsState robots;
    std::chrono::milliseconds crawl_delay{0};  // from robots.txt for the configured user agent
    bool robots_fetching = false;
    bool waiting_for_slot = false;  // listed among the hosts waiting for a global slot
    bool timer_armed = false;
    bool gate_pending = false;        // a slot was asked of the HostGate and not answered yet
    std::vector<int> granted_slots;   // slots the HostGate granted and no transfer uses yet
    Clock::time_point timer_due{};
    boost::asio::steady_timer timer;  // wakes the host when its politeness delay has passed
};

}  // namespace gleaner::fetch
