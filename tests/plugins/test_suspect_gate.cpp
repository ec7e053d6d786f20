// SuspectGate: ordinary batches pass together, a suspect article passes alone, and a waiting suspect
// goes before batches that arrive after it (so a busy plugin cannot keep it out for good).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <optional>
#include <thread>

#include "plugins/suspect_gate.h"

using gleaner::plugins::SuspectGate;
using namespace std::chrono_literals;

namespace {

// Runs `hold` on a thread: enters the gate (as a batch or alone), says so, and stays inside until
// released.
class Holder {
public:
    Holder(SuspectGate& gate, bool alone) {
        thread_ = std::thread([this, &gate, alone, release = release_.get_future()] {
            std::optional<SuspectGate::Batch> batch;
            std::optional<SuspectGate::Alone> single;
            if (alone) single.emplace(gate);
            else batch.emplace(gate);
            inside_ = true;
            release.wait();
        });
    }
    ~Holder() {
        release();
        thread_.join();
    }
    void release() {
        if (!released_) release_.set_value();
        released_ = true;
    }
    bool inside() const { return inside_; }
    // True once inside; false if still outside after `wait` (long enough for a thread that is free
    // to enter to have done so many times over).
    bool enters(std::chrono::milliseconds wait = 2s) const {
        for (auto waited = 0ms; waited < wait; waited += 1ms) {
            if (inside_) return true;
            std::this_thread::sleep_for(1ms);
        }
        return inside_;
    }

private:
    std::promise<void> release_;
    bool released_ = false;
    std::atomic<bool> inside_{false};
    std::thread thread_;
};

}  // namespace

TEST(SuspectGate, BatchesPassTogether) {
    SuspectGate gate;
    Holder a(gate, false);
    Holder b(gate, false);
    EXPECT_TRUE(a.enters());
    EXPECT_TRUE(b.enters());
}

TEST(SuspectGate, ASuspectWaitsForTheBatchesInsideAndKeepsNewOnesOut) {
    SuspectGate gate;
    Holder busy(gate, false);
    ASSERT_TRUE(busy.enters());
    Holder suspect(gate, true);
    EXPECT_FALSE(suspect.enters(200ms)) << "a suspect entered while a batch was inside";
    Holder later(gate, false);
    EXPECT_FALSE(later.enters(200ms)) << "a batch went ahead of the suspect waiting before it";

    busy.release();
    EXPECT_TRUE(suspect.enters());
    EXPECT_FALSE(later.enters(200ms)) << "a batch entered while the suspect was inside";
    suspect.release();
    EXPECT_TRUE(later.enters());
}

TEST(SuspectGate, SuspectsPassOneAtATime) {
    SuspectGate gate;
    Holder first(gate, true);
    ASSERT_TRUE(first.enters());
    Holder second(gate, true);
    EXPECT_FALSE(second.enters(200ms));
    first.release();
    EXPECT_TRUE(second.enters());
}
