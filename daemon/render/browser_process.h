// The headless browser as a child process: Debian's chromium-headless-shell started with its own
// process group, a throwaway profile folder and the flags a machine without a network wants (no
// background networking, component updates or sync; no sandbox as root), and the DevTools websocket
// URL read from its stderr ("DevTools listening on ws://..."). Runs on the io_context: nothing blocks.
#pragma once

#include <sys/types.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace gleaner::render {

class BrowserProcess {
public:
    // on_ready(ws_url) once the DevTools endpoint listens, or on_failed(reason) if the browser cannot
    // start or says nothing within `start_timeout`. Exactly one of them is called.
    using Ready = std::function<void(std::string ws_url)>;
    using Failed = std::function<void(std::string reason)>;

    BrowserProcess(boost::asio::io_context& io, std::string binary, std::chrono::milliseconds start_timeout,
                   Ready on_ready, Failed on_failed);
    ~BrowserProcess();  // kills the whole process group and removes the profile folder
    BrowserProcess(const BrowserProcess&) = delete;
    BrowserProcess& operator=(const BrowserProcess&) = delete;

    pid_t process_group() const { return pid_; }

private:
    void read_stderr();
    void fail(std::string reason);

    boost::asio::io_context& io_;
    pid_t pid_ = -1;
    std::filesystem::path profile_;
    boost::asio::posix::stream_descriptor stderr_;
    boost::asio::streambuf stderr_buffer_;
    boost::asio::steady_timer start_timer_;
    Ready on_ready_;
    Failed on_failed_;
    bool announced_ = false;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace gleaner::render
