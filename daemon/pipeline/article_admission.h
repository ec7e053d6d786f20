// How many article URLs the pipeline works on at once. A URL holds a slot from its dedup check to
// the end of its extraction, so fetched pages (hundreds of KB each) cannot pile up in memory while
// extraction, the slow step, falls behind, and the Fetcher's queues hold only what is fetched soon;
// the rest wait here, a few hundred bytes each. Waiting URLs are kept per source and admitted in
// turn, and one source holds at most half the slots, so a source slowed down by its host
// (Crawl-delay, Retry-After, a slow server) cannot keep the others waiting.
//
// I/O thread only.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <string>

namespace gleaner::pipeline {

class ArticleAdmission {
public:
    explicit ArticleAdmission(std::size_t slots) { set_slots(slots); }

    // Runs `start` now when `source` may take a slot, else once it may. Every started job must
    // end with release(source).
    void submit(const std::string& source, std::function<void()> start);
    // A job of `source` has finished: its slot goes to the next waiting job (sources in turn).
    void release(const std::string& source);
    // New total (e.g. after fetch.concurrency changed); at least 2.
    void set_slots(std::size_t slots);

    std::size_t slots() const { return slots_; }
    std::size_t running() const { return running_; }
    std::size_t waiting() const { return waiting_; }
    std::size_t waiting(const std::string& source) const;

private:
    struct PerSource {
        std::size_t running = 0;
        std::deque<std::function<void()>> waiting;
    };
    bool may_start(const PerSource& source) const;
    void start_waiting();

    std::size_t slots_ = 2;
    std::size_t running_ = 0;
    std::size_t waiting_ = 0;
    std::map<std::string, PerSource> sources_;
    std::string turn_;  // the source that was admitted last; the next one after it goes first
    bool starting_ = false;
};

}  // namespace gleaner::pipeline
