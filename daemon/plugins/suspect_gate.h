// The gate every plugin call in the process passes through. Ordinary batches pass together; an
// article under suspicion (an earlier attempt on it ended with the process gone) passes alone, once
// no other plugin is inside a call. A crash while a suspect is in hand is then that plugin's and that
// article's, never an innocent plugin's that happened to be busy at the same moment (issue 12 #6).
//
// Waiting suspects go first: new batches wait behind them, so a steady stream of batches cannot
// keep a suspect out for good.
#pragma once

#include <condition_variable>
#include <mutex>

namespace gleaner::plugins {

class SuspectGate {
public:
    // The one gate of the process: crashes end the process, so blame is shared process-wide.
    static SuspectGate& process();

    // Held for one ordinary batch: from counting its attempts to recording its outcome.
    class Batch {
    public:
        explicit Batch(SuspectGate& gate);
        ~Batch();
        Batch(const Batch&) = delete;
        Batch& operator=(const Batch&) = delete;

    private:
        SuspectGate& gate_;
    };

    // Held for one suspect article: no other plugin call runs meanwhile.
    class Alone {
    public:
        explicit Alone(SuspectGate& gate);
        ~Alone();
        Alone(const Alone&) = delete;
        Alone& operator=(const Alone&) = delete;

    private:
        SuspectGate& gate_;
    };

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    int batches_ = 0;          // ordinary batches inside
    bool alone_ = false;       // a suspect inside
    int suspects_waiting_ = 0;
};

}  // namespace gleaner::plugins
