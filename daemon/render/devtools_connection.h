// One websocket to the browser's DevTools endpoint (Boost.Beast), speaking the Chrome DevTools
// Protocol in "flat" mode: commands carry an id (and the sessionId of the tab they are for), answers
// come back with that id, events with a method name and the session they belong to. One read and at
// most one write in flight; commands queue. On the io_context; nothing blocks.
#pragma once

#include <nlohmann/json.hpp>

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace gleaner::render {

class DevToolsConnection {
public:
    // A command's answer: its "result", or the protocol error's message.
    using Reply = std::function<void(const nlohmann::json& result, const std::string& error)>;
    using Event = std::function<void(const std::string& session, const std::string& method, const nlohmann::json& params)>;
    using Closed = std::function<void(const std::string& reason)>;

    DevToolsConnection(boost::asio::io_context& io, Event on_event, Closed on_closed);
    ~DevToolsConnection();
    DevToolsConnection(const DevToolsConnection&) = delete;
    DevToolsConnection& operator=(const DevToolsConnection&) = delete;

    // Connects to "ws://host:port/path"; `on_open` runs once the handshake is done.
    void open(const std::string& ws_url, std::function<void()> on_open);
    // Sends a command; `reply` runs with its answer (or with an error if the connection closes first).
    void send(const std::string& method, nlohmann::json params, const std::string& session, Reply reply);
    bool is_open() const;

private:
    struct State;
    std::shared_ptr<State> state_;
};

}  // namespace gleaner::render
