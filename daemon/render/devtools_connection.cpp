// See devtools_connection.h.
#include "render/devtools_connection.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

namespace gleaner::render {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;

// Shared with the pending handlers, which keep it alive while they run and do nothing once `closed`.
struct DevToolsConnection::State : std::enable_shared_from_this<State> {
    explicit State(asio::io_context& io) : resolver(io), socket(io) {}

    asio::ip::tcp::resolver resolver;
    websocket::stream<beast::tcp_stream> socket;
    beast::flat_buffer incoming;
    std::deque<std::string> outbox;
    bool writing = false;
    bool open = false;
    bool closed = false;
    std::uint64_t next_id = 1;
    std::map<std::uint64_t, Reply> pending;
    Event on_event;
    Closed on_closed;

    void close(const std::string& reason) {
        if (closed) return;
        closed = true;
        open = false;
        beast::error_code ignored;
        beast::get_lowest_layer(socket).socket().close(ignored);
        auto replies = std::move(pending);
        pending.clear();
        // The owner hears of the loss first, so it can tell these failed commands from ordinary errors.
        if (on_closed) on_closed(reason);
        for (auto& [id, reply] : replies) reply(nlohmann::json(), "the browser connection closed: " + reason);
    }

    void read() {
        socket.async_read(incoming, [self = shared_from_this()](beast::error_code error, std::size_t) {
            if (self->closed) return;
            if (error) {
                self->close(error.message());
                return;
            }
            const auto text = beast::buffers_to_string(self->incoming.data());
            self->incoming.consume(self->incoming.size());
            self->dispatch(text);
            if (!self->closed) self->read();
        });
    }

    void dispatch(const std::string& text) {
        const auto message = nlohmann::json::parse(text, nullptr, false);
        if (!message.is_object()) return;
        if (const auto id = message.find("id"); id != message.end() && id->is_number_unsigned()) {
            const auto found = pending.find(id->get<std::uint64_t>());
            if (found == pending.end()) return;
            Reply reply = std::move(found->second);
            pending.erase(found);
            if (const auto error = message.find("error"); error != message.end())
                reply(nlohmann::json(), error->value("message", std::string("protocol error")));
            else
                reply(message.value("result", nlohmann::json::object()), {});
            return;
        }
        if (const auto method = message.find("method"); method != message.end() && on_event)
            on_event(message.value("sessionId", std::string()), method->get<std::string>(),
                     message.value("params", nlohmann::json::object()));
    }

    void write_next() {
        if (writing || outbox.empty() || !open) return;
        writing = true;
        socket.async_write(asio::buffer(outbox.front()), [self = shared_from_this()](beast::error_code error, std::size_t) {
            self->writing = false;
            if (self->closed) return;
            if (error) {
                self->close(error.message());
                return;
            }
            self->outbox.pop_front();
            self->write_next();
        });
    }
};

DevToolsConnection::DevToolsConnection(asio::io_context& io, Event on_event, Closed on_closed)
    : state_(std::make_shared<State>(io)) {
    state_->on_event = std::move(on_event);
    state_->on_closed = std::move(on_closed);
    state_->socket.read_message_max(256 * 1024 * 1024);  // a rendered DOM can be large
}

DevToolsConnection::~DevToolsConnection() {
    state_->on_event = nullptr;
    state_->on_closed = nullptr;
    state_->pending.clear();
    state_->close("closed");
}

bool DevToolsConnection::is_open() const { return state_->open && !state_->closed; }

void DevToolsConnection::open(const std::string& ws_url, std::function<void()> on_open) {
    // ws://127.0.0.1:PORT/devtools/browser/ID
    const auto rest = ws_url.substr(ws_url.find("//") == std::string::npos ? 0 : ws_url.find("//") + 2);
    const auto slash = rest.find('/');
    const auto authority = rest.substr(0, slash);
    const auto path = slash == std::string::npos ? std::string("/") : rest.substr(slash);
    const auto colon = authority.rfind(':');
    const auto host = authority.substr(0, colon);
    const auto port = colon == std::string::npos ? std::string("80") : authority.substr(colon + 1);
    auto state = state_;
    state->resolver.async_resolve(
        host, port,
        [state, authority, path, on_open = std::move(on_open)](beast::error_code error,
                                                               asio::ip::tcp::resolver::results_type results) mutable {
            if (state->closed) return;
            if (error) return state->close("cannot resolve the DevTools endpoint: " + error.message());
            beast::get_lowest_layer(state->socket)
                .async_connect(results, [state, authority, path, on_open = std::move(on_open)](
                                            beast::error_code error, const asio::ip::tcp::endpoint&) mutable {
                    if (state->closed) return;
                    if (error) return state->close("cannot connect to the DevTools endpoint: " + error.message());
                    state->socket.async_handshake(authority, path, [state, on_open = std::move(on_open)](beast::error_code error) {
                        if (state->closed) return;
                        if (error) return state->close("DevTools handshake failed: " + error.message());
                        state->open = true;
                        state->read();
                        state->write_next();
                        on_open();
                    });
                });
        });
}

void DevToolsConnection::send(const std::string& method, nlohmann::json params, const std::string& session, Reply reply) {
    if (state_->closed) {
        reply(nlohmann::json(), "the browser connection is closed");
        return;
    }
    const std::uint64_t id = state_->next_id++;
    nlohmann::json message{{"id", id}, {"method", method}, {"params", std::move(params)}};
    if (!session.empty()) message["sessionId"] = session;
    state_->pending.emplace(id, std::move(reply));
    state_->outbox.push_back(message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    state_->write_next();
}

}  // namespace gleaner::render
