#include "pipeline/article_admission.h"

#include <algorithm>

namespace gleaner::pipeline {

bool ArticleAdmission::may_start(const PerSource& source) const {
    return running_ < slots_ && source.running < slots_ / 2;
}

void ArticleAdmission::submit(const std::string& source, std::function<void()> start) {
    PerSource& entry = sources_[source];
    if (entry.waiting.empty() && may_start(entry)) {
        ++entry.running;
        ++running_;
        start();
        return;
    }
    entry.waiting.push_back(std::move(start));
    ++waiting_;
}

std::size_t ArticleAdmission::waiting(const std::string& source) const {
    const auto found = sources_.find(source);
    return found == sources_.end() ? 0 : found->second.waiting.size();
}

void ArticleAdmission::release(const std::string& source) {
    const auto found = sources_.find(source);
    if (found != sources_.end() && found->second.running > 0) {
        --found->second.running;
        --running_;
    }
    start_waiting();
}

void ArticleAdmission::set_slots(std::size_t slots) {
    slots_ = std::max<std::size_t>(2, slots);
    start_waiting();
}

// Walks the sources round-robin from the one after `turn_`, starting one job per source per round,
// until no slot is free or nothing waiting may start. Sources with nothing running or waiting are
// forgotten on the way. A job that releases its slot from inside start() (nothing to do) does not
// recurse: the loop that is already running sees the free slot.
void ArticleAdmission::start_waiting() {
    if (starting_) return;
    starting_ = true;
    while (running_ < slots_ && waiting_ > 0) {
        bool started = false;
        auto it = sources_.upper_bound(turn_);
        for (std::size_t visited = 0, count = sources_.size(); visited < count && running_ < slots_; ++visited) {
            if (it == sources_.end()) it = sources_.begin();
            PerSource& entry = it->second;
            if (!entry.waiting.empty() && may_start(entry)) {
                auto start = std::move(entry.waiting.front());
                entry.waiting.pop_front();
                --waiting_;
                ++entry.running;
                ++running_;
                turn_ = it->first;
                started = true;
                start();  // may submit or release: no iterator is used after it
                break;
            }
            if (entry.running == 0 && entry.waiting.empty()) {
                it = sources_.erase(it);
                continue;
            }
            ++it;
        }
        if (!started) break;
    }
    starting_ = false;
}

}  // namespace gleaner::pipeline
