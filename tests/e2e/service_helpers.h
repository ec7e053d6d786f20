// Helpers for tests of the daemon as a service: a systemd notify socket of the test's own, HTTP GETs
// and raw requests against the admin endpoint, and waiting for conditions with a bound.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace gleaner::testing {

// A SOCK_DGRAM Unix socket the daemon's sd_notify writes to (pass path() as NOTIFY_SOCKET).
class NotifyListener {
public:
    explicit NotifyListener(std::filesystem::path path);
    ~NotifyListener();
    const std::filesystem::path& path() const { return path_; }

    struct Message {
        std::string text;
        std::chrono::steady_clock::time_point at;
    };
    std::vector<Message> messages() const;
    // Waits until a message containing `needle` arrived after the first `after` messages; returns
    // its index or -1 when `limit` passed.
    int wait_for(const std::string& needle, std::size_t after = 0,
                 std::chrono::milliseconds limit = std::chrono::seconds(30)) const;

private:
    std::filesystem::path path_;
    int fd_ = -1;
    std::thread reader_;
    mutable std::mutex mutex_;
    std::vector<Message> messages_;
    bool stop_ = false;
};

struct HttpAnswer {
    long status = 0;
    std::string body;
};
HttpAnswer http_get(const std::string& url);
// Sends `bytes` as they are to 127.0.0.1:port and returns what comes back until the server closes.
std::string raw_http(unsigned short port, const std::string& bytes);

// Polls `done` every 20 ms until it holds or `limit` passes.
bool eventually(const std::function<bool()>& done, std::chrono::milliseconds limit = std::chrono::seconds(60));

// The admin port the daemon logged ("admin endpoint listening ... port=N"), 0 when not yet.
unsigned short admin_port_from_log(const std::string& log);

}  // namespace gleaner::testing
