// The process-wide gate of plugin calls; see suspect_gate.h.
#include "plugins/suspect_gate.h"

namespace gleaner::plugins {

SuspectGate& SuspectGate::process() {
    static SuspectGate gate;
    return gate;
}

SuspectGate::Batch::Batch(SuspectGate& gate) : gate_(gate) {
    std::unique_lock lock(gate_.mutex_);
    gate_.changed_.wait(lock, [this] { return !gate_.alone_ && gate_.suspects_waiting_ == 0; });
    ++gate_.batches_;
}

SuspectGate::Batch::~Batch() {
    {
        std::lock_guard lock(gate_.mutex_);
        --gate_.batches_;
    }
    gate_.changed_.notify_all();
}

SuspectGate::Alone::Alone(SuspectGate& gate) : gate_(gate) {
    std::unique_lock lock(gate_.mutex_);
    ++gate_.suspects_waiting_;
    gate_.changed_.wait(lock, [this] { return !gate_.alone_ && gate_.batches_ == 0; });
    --gate_.suspects_waiting_;
    gate_.alone_ = true;
}

SuspectGate::Alone::~Alone() {
    {
        std::lock_guard lock(gate_.mutex_);
        gate_.alone_ = false;
    }
    gate_.changed_.notify_all();
}

}  // namespace gleaner::plugins
