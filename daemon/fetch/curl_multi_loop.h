// Drives one libcurl multi handle from a Boost.Asio io_context: curl tells us which sockets to watch
// (CURLMOPT_SOCKETFUNCTION) and when to wake it (CURLMOPT_TIMERFUNCTION); Asio waits; we hand the
// events back with curl_multi_socket_action and report finished transfers. One thread, no polling.
//
// Rules this file keeps (see shared/TOOLCHAIN.md): curl owns its sockets, so a watcher is released,
// never closed; a wait is re-armed after each event while curl still wants that direction; curl is
// never re-entered from its own callbacks (a 0 ms timeout goes through the timer).
#pragma once

#include <curl/curl.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>

namespace gleaner::fetch {

class CurlMultiLoop {
public:
    // Called once per finished transfer, after curl_multi_socket_action has returned (so the
    // callback may add and remove handles). The handle is still in the multi handle: the callback
    // removes it with remove().
    using Completion = std::function<void(CURL* easy, CURLcode result)>;

    CurlMultiLoop(boost::asio::io_context& io, Completion on_complete);
    ~CurlMultiLoop();  // every easy handle must have been removed already
    CurlMultiLoop(const CurlMultiLoop&) = delete;
    CurlMultiLoop& operator=(const CurlMultiLoop&) = delete;

    void add(CURL* easy);     // starts the transfer
    void remove(CURL* easy);  // stops it (or detaches a finished one); no completion is reported
    CURLM* multi() const { return multi_; }

private:
    struct SocketWatch;

    static int on_socket(CURL* easy, curl_socket_t socket, int what, void* self, void* watch);
    static int on_timer(CURLM* multi, long timeout_ms, void* self);

    void watch_socket(curl_socket_t socket, int what, SocketWatch* watch);
    void arm(const std::shared_ptr<SocketWatch>& watch);
    void on_ready(const std::shared_ptr<SocketWatch>& watch, int direction);
    void socket_action(curl_socket_t socket, int events);
    void report_finished();
    void set_deadline(long timeout_ms);
    void arm_timer(std::chrono::steady_clock::time_point when);
    void on_timer_fired();

    boost::asio::io_context& io_;
    Completion on_complete_;
    CURLM* multi_ = nullptr;
    // curl moves its deadline on almost every call (each received chunk pushes a transfer's
    // low-speed check a second ahead). Re-arming the Asio timer each time costs a timerfd_settime
    // syscall, so the timer is only moved earlier; when it fires before curl's deadline it is
    // simply set again. A 0 ms deadline is a posted call, not a timer.
    boost::asio::steady_timer timer_;
    std::optional<std::chrono::steady_clock::time_point> deadline_;  // curl's, if it wants one
    std::optional<std::chrono::steady_clock::time_point> timer_due_;  // when timer_ fires, if armed
    bool timeout_posted_ = false;
    std::unordered_map<curl_socket_t, std::shared_ptr<SocketWatch>> watches_;
    // Asio handlers outlive this object when it is destroyed with waits pending; they hold a weak
    // reference to this token and do nothing once it has expired.
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace gleaner::fetch
