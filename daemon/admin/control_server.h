// The local control socket (a Unix stream socket, state_dir/control.sock unless configured) that
// `gleaner ctl` talks to. One command per connection, one line each way:
//   reload  → "ok <message>" once the new configuration is applied, or "error <message>" (with every
//             configuration error on the following lines) when it was refused
//   status  → the /status JSON
//   replay PLUGIN → "ok replayed N article(s) ..." once PLUGIN's dead letters are back in its queue
// Signals are asynchronous; this gives operators and scripts a synchronous reload with its result.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace gleaner::admin {

struct ControlResult {
    bool ok = true;
    std::string message;  // may hold several lines
};

using ControlCommand = std::function<void(std::function<void(ControlResult)> reply)>;

// A command with an argument (the rest of the line after the command's name).
using ControlCommandWith = std::function<void(std::string argument, std::function<void(ControlResult)> reply)>;

struct ControlHandlers {
    ControlCommand reload;
    ControlCommand status;
    ControlCommandWith replay;  // replay PLUGIN: dead-lettered articles back in PLUGIN's queue
};

class ControlServer {
public:
    // Replaces a stale socket file; throws std::runtime_error naming the path when it cannot listen.
    ControlServer(boost::asio::io_context& io, std::filesystem::path socket, ControlHandlers handlers);
    ~ControlServer();  // closes and removes the socket file
    void stop();

private:
    class Impl;
    std::shared_ptr<Impl> impl_;
};

// Client side (gleaner ctl): sends `command` and returns the daemon's answer. Throws
// std::runtime_error when the daemon cannot be reached.
ControlResult send_control_command(const std::filesystem::path& socket, const std::string& command,
                                   std::chrono::seconds timeout);

}  // namespace gleaner::admin
