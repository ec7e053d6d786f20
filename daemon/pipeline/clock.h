// Wall-clock time as the pipeline sees it: schedules, due times and leases are milliseconds since
// the epoch. Injected, so tests can move time where they need to.
#pragma once

#include <chrono>
#include <cstdint>

namespace gleaner::pipeline {

class Clock {
public:
    virtual ~Clock() = default;
    virtual std::int64_t now_ms() const = 0;
};

class SystemClock final : public Clock {
public:
    std::int64_t now_ms() const override {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
};

}  // namespace gleaner::pipeline
