// The systemd notify protocol (Type=notify) through libsystemd's sd_notify: READY=1 once running,
// RELOADING=1 with MONOTONIC_USEC around a reload, STOPPING=1 with EXTEND_TIMEOUT_USEC while
// draining, STATUS= lines. Without $NOTIFY_SOCKET every call is a no-op.
#pragma once

#include <chrono>
#include <string>

namespace gleaner::service {

class SystemdNotifier {
public:
    void ready(const std::string& status);
    void reloading();
    void stopping(std::chrono::milliseconds drain_budget);
    void extend_timeout(std::chrono::milliseconds budget);
    void status(const std::string& status);
    void watchdog();
    // True when systemd (or a test) listens: $NOTIFY_SOCKET is set.
    bool enabled() const;
    // The watchdog interval systemd asked for (WatchdogSec=), zero when none.
    static std::chrono::microseconds watchdog_interval();

private:
    void send(const std::string& message);
};

}  // namespace gleaner::service
