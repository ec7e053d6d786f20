#include "service/systemd_notify.h"

#include <systemd/sd-daemon.h>
#include <time.h>

#include <cstdlib>

#include "log/log.h"

namespace gleaner::service {
namespace {

std::uint64_t monotonic_usec() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000u + static_cast<std::uint64_t>(ts.tv_nsec) / 1000u;
}

}  // namespace

void SystemdNotifier::send(const std::string& message) {
    // unset_environment = 0: the notify socket stays usable for the whole life of the process.
    const int rc = sd_notify(0, message.c_str());
    if (rc < 0) log::warn("sd_notify failed", {{"ERROR", std::to_string(rc)}});
}

void SystemdNotifier::ready(const std::string& status) { send("READY=1\nSTATUS=" + status); }

void SystemdNotifier::reloading() {
    // systemd 252 needs MONOTONIC_USEC with RELOADING=1, or `systemctl reload` waits for ever.
    send("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(monotonic_usec()) + "\nSTATUS=reloading configuration");
}

void SystemdNotifier::stopping(std::chrono::milliseconds drain_budget) {
    send("STOPPING=1\nSTATUS=draining\nEXTEND_TIMEOUT_USEC=" +
         std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(drain_budget).count()));
}

void SystemdNotifier::extend_timeout(std::chrono::milliseconds budget) {
    send("EXTEND_TIMEOUT_USEC=" + std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(budget).count()));
}

void SystemdNotifier::status(const std::string& status) { send("STATUS=" + status); }

void SystemdNotifier::watchdog() { send("WATCHDOG=1"); }

bool SystemdNotifier::enabled() const {
    const char* socket = std::getenv("NOTIFY_SOCKET");
    return socket && *socket;
}

std::chrono::microseconds SystemdNotifier::watchdog_interval() {
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0) return std::chrono::microseconds(usec);
    return std::chrono::microseconds(0);
}

}  // namespace gleaner::service
