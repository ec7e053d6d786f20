// The Asio side of curl's multi_socket API.
#include "fetch/curl_multi_loop.h"

#include <boost/asio/post.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <stdexcept>

namespace gleaner::fetch {

namespace asio = boost::asio;

// One socket curl asked us to watch. Shared with the pending waits, which may complete after curl
// has dropped the socket (then `active` is false and they do nothing).
struct CurlMultiLoop::SocketWatch {
    SocketWatch(asio::io_context& io, curl_socket_t socket) : descriptor(io), socket(socket) {}

    asio::posix::stream_descriptor descriptor;
    curl_socket_t socket;
    int wanted = CURL_POLL_NONE;  // CURL_POLL_IN / OUT / INOUT, as curl last said
    bool reading = false;         // an async_wait for that direction is pending
    bool writing = false;
    bool active = true;
};

CurlMultiLoop::CurlMultiLoop(asio::io_context& io, Completion on_complete)
    : io_(io), on_complete_(std::move(on_complete)), multi_(curl_multi_init()), timer_(io) {
    if (multi_ == nullptr) throw std::runtime_error("curl_multi_init failed");
    curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &CurlMultiLoop::on_socket);
    curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &CurlMultiLoop::on_timer);
    curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
}

CurlMultiLoop::~CurlMultiLoop() {
    curl_multi_cleanup(multi_);  // closes cached connections; reports their sockets as removed
    for (auto& [socket, watch] : watches_) {
        watch->active = false;
        watch->descriptor.release();  // curl closed or will close the socket itself
    }
    timer_.cancel();
}

void CurlMultiLoop::add(CURL* easy) { curl_multi_add_handle(multi_, easy); }

void CurlMultiLoop::remove(CURL* easy) { curl_multi_remove_handle(multi_, easy); }

int CurlMultiLoop::on_socket(CURL*, curl_socket_t socket, int what, void* self, void* watch) {
    static_cast<CurlMultiLoop*>(self)->watch_socket(socket, what, static_cast<SocketWatch*>(watch));
    return 0;
}

int CurlMultiLoop::on_timer(CURLM*, long timeout_ms, void* self) {
    static_cast<CurlMultiLoop*>(self)->set_deadline(timeout_ms);
    return 0;
}

void CurlMultiLoop::set_deadline(long timeout_ms) {
    using Clock = std::chrono::steady_clock;
    if (timeout_ms < 0) {  // no deadline: disarm, so an idle fetcher leaves the io_context without work
        deadline_.reset();
        if (timer_due_) {
            timer_due_.reset();
            timer_.cancel();
        }
        return;
    }
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    deadline_ = deadline;
    if (timeout_ms == 0) {
        // We are inside a curl call and must not re-enter it: run the timeout action from the loop.
        if (!timeout_posted_) {
            timeout_posted_ = true;
            asio::post(io_, [this, alive = std::weak_ptr<int>(alive_)] {
                if (alive.expired()) return;
                timeout_posted_ = false;
                on_timer_fired();
            });
        }
        return;
    }
    if (!timer_due_ || deadline < *timer_due_) arm_timer(deadline);
}

void CurlMultiLoop::arm_timer(std::chrono::steady_clock::time_point when) {
    timer_due_ = when;
    timer_.expires_at(when);
    timer_.async_wait([this, alive = std::weak_ptr<int>(alive_)](const boost::system::error_code& error) {
        if (error || alive.expired()) return;
        timer_due_.reset();
        on_timer_fired();
    });
}

void CurlMultiLoop::on_timer_fired() {
    if (!deadline_) return;
    if (std::chrono::steady_clock::now() < *deadline_) {  // woke early: curl moved its deadline later
        if (!timer_due_ || *deadline_ < *timer_due_) arm_timer(*deadline_);
        return;
    }
    deadline_.reset();  // curl sets a new one during the call if it needs one
    socket_action(CURL_SOCKET_TIMEOUT, 0);
}

void CurlMultiLoop::watch_socket(curl_socket_t socket, int what, SocketWatch* known) {
    const auto found = watches_.find(socket);
    if (what == CURL_POLL_REMOVE) {
        if (found != watches_.end()) {
            found->second->active = false;
            found->second->descriptor.release();  // cancels the pending waits; curl closes the socket
            watches_.erase(found);
        }
        return;
    }
    std::shared_ptr<SocketWatch> watch;
    if (known != nullptr && found != watches_.end() && found->second.get() == known) {
        watch = found->second;
    } else {
        if (found != watches_.end()) {  // a stale watch for a reused descriptor number
            found->second->active = false;
            found->second->descriptor.release();
        }
        watch = std::make_shared<SocketWatch>(io_, socket);
        boost::system::error_code error;
        watch->descriptor.assign(socket, error);
        if (error) return;  // not pollable; curl's own timeout will end the transfer
        watches_[socket] = watch;
        curl_multi_assign(multi_, socket, watch.get());
    }
    watch->wanted = what;
    arm(watch);
}

void CurlMultiLoop::arm(const std::shared_ptr<SocketWatch>& watch) {
    const auto wait_for = [this, &watch](asio::posix::stream_descriptor::wait_type type, bool& pending, int direction) {
        pending = true;
        watch->descriptor.async_wait(
            type, [this, watch, direction, alive = std::weak_ptr<int>(alive_)](const boost::system::error_code& error) {
                if (alive.expired()) return;
                (direction == CURL_CSELECT_IN ? watch->reading : watch->writing) = false;
                if (!watch->active || error == asio::error::operation_aborted) return;
                on_ready(watch, error ? CURL_CSELECT_ERR : direction);
            });
    };
    if ((watch->wanted & CURL_POLL_IN) != 0 && !watch->reading) {
        wait_for(asio::posix::stream_descriptor::wait_read, watch->reading, CURL_CSELECT_IN);
    }
    if ((watch->wanted & CURL_POLL_OUT) != 0 && !watch->writing) {
        wait_for(asio::posix::stream_descriptor::wait_write, watch->writing, CURL_CSELECT_OUT);
    }
}

void CurlMultiLoop::on_ready(const std::shared_ptr<SocketWatch>& watch, int direction) {
    const int wanted_bit = direction == CURL_CSELECT_IN ? CURL_POLL_IN : CURL_POLL_OUT;
    // curl may have switched direction since this wait began; then the event is not for it.
    if (direction != CURL_CSELECT_ERR && (watch->wanted & wanted_bit) == 0) return;
    socket_action(watch->socket, direction);
    if (watch->active) arm(watch);  // curl still wants this socket: wait again
}

void CurlMultiLoop::socket_action(curl_socket_t socket, int events) {
    int running = 0;
    curl_multi_socket_action(multi_, socket, events, &running);
    report_finished();
}

void CurlMultiLoop::report_finished() {
    int pending = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_, &pending)) {
        if (message->msg != CURLMSG_DONE) continue;
        // Copy before the callback: removing the handle frees the message.
        CURL* easy = message->easy_handle;
        const CURLcode result = message->data.result;
        on_complete_(easy, result);
    }
}

}  // namespace gleaner::fetch
