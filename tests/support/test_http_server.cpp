// The server core: accept loop, one coroutine per connection (Beast parses requests), routing,
// the request log, and the deliberately bad ways of sending a response.
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without including it

#include "test_http_server.h"

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <mutex>
#include <set>
#include <thread>

namespace gleaner::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;

namespace {

std::string lower(std::string_view text) {
    std::string result(text);
    std::transform(result.begin(), result.end(), result.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return result;
}

struct Session {
    explicit Session(tcp::socket connected) : socket(std::move(connected)), timer(socket.get_executor()) {}
    tcp::socket socket;
    asio::steady_timer timer;  // the misbehaviour delays; cancelled when the server stops
    std::uint64_t id = 0;
};

}  // namespace

struct detail::ServerState {
    asio::io_context io{1};
    tcp::acceptor acceptor{io};
    std::thread thread;

    mutable std::mutex mutex;  // guards the members down to the blank line
    std::map<std::string, Handler> routes;
    std::vector<ReceivedRequest> log;
    std::size_t answering = 0;
    std::size_t max_answering = 0;
    std::size_t connections = 0;

    // Server thread only.
    std::set<std::shared_ptr<Session>> sessions;
    bool stopping = false;
};

namespace {

using State = detail::ServerState;

ReceivedRequest record(const http::request<http::string_body>& request, std::uint64_t connection) {
    ReceivedRequest received;
    received.received_at = std::chrono::steady_clock::now();
    received.method = std::string(request.method_string());
    received.target = std::string(request.target());
    received.path = received.target.substr(0, received.target.find('?'));
    for (const auto& field : request) received.headers[lower(std::string(field.name_string()))] = std::string(field.value());
    received.body = request.body();
    received.connection = connection;
    return received;
}

TestResponse answer(State& state, const ReceivedRequest& request) {
    Handler handler;
    {
        std::lock_guard lock(state.mutex);
        const auto found = state.routes.find(request.path);
        if (found != state.routes.end()) handler = found->second;
    }
    if (!handler) return TestResponse::with_status(404, "no route for " + request.path);
    try {
        return handler(request);
    } catch (const std::exception& error) {
        return TestResponse::with_status(500, std::string("handler threw: ") + error.what());
    }
}

// Waits on the session's timer; false when the server is stopping.
awaitable<bool> pause(State& state, Session& session, std::chrono::milliseconds how_long) {
    if (how_long.count() <= 0) co_return !state.stopping;
    boost::system::error_code error;
    session.timer.expires_after(how_long);
    co_await session.timer.async_wait(asio::redirect_error(use_awaitable, error));
    co_return !state.stopping;
}

// Sends `response` the way it asks to be sent; false when the connection is over.
awaitable<bool> send(State& state, Session& session, const TestResponse& response, bool keep_alive) {
    if (!co_await pause(state, session, response.delay)) co_return false;
    http::response<http::empty_body> head{static_cast<http::status>(response.status), 11};
    for (const auto& [name, value] : response.headers) head.set(name, value);
    const bool bodyless = response.status < 200 || response.status == 204 || response.status == 304;
    const bool chunked = response.chunk_size > 0 && !response.reset_after && !bodyless;
    if (chunked) {
        head.chunked(true);
    } else if (!bodyless) {
        head.content_length(response.body.size());
    }
    head.keep_alive(keep_alive && !response.reset_after);
    boost::system::error_code error;
    http::response_serializer<http::empty_body> serializer{head};
    co_await http::async_write_header(session.socket, serializer, asio::redirect_error(use_awaitable, error));
    if (error) co_return false;
    if (bodyless) co_return true;

    const std::string& body = response.body;
    if (response.reset_after) {
        const std::size_t sent = std::min(*response.reset_after, body.size());
        co_await asio::async_write(session.socket, asio::buffer(body.data(), sent),
                                   asio::redirect_error(use_awaitable, error));
        session.socket.set_option(tcp::socket::linger(true, 0), error);  // close() now sends RST
        session.socket.close(error);
        co_return false;
    }
    if (chunked) {
        for (std::size_t offset = 0; offset < body.size(); offset += response.chunk_size) {
            if (!co_await pause(state, session, response.chunk_delay)) co_return false;
            const std::size_t length = std::min(response.chunk_size, body.size() - offset);
            co_await asio::async_write(session.socket, http::make_chunk(asio::buffer(body.data() + offset, length)),
                                       asio::redirect_error(use_awaitable, error));
            if (error) co_return false;
        }
        co_await asio::async_write(session.socket, http::make_chunk_last(), asio::redirect_error(use_awaitable, error));
        co_return !error;
    }
    co_await asio::async_write(session.socket, asio::buffer(body), asio::redirect_error(use_awaitable, error));
    co_return !error;
}

awaitable<void> serve_connection(std::shared_ptr<State> state, std::shared_ptr<Session> session) {
    beast::flat_buffer buffer;
    for (;;) {
        http::request<http::string_body> request;
        boost::system::error_code error;
        co_await http::async_read(session->socket, buffer, request, asio::redirect_error(use_awaitable, error));
        if (error) break;
        const ReceivedRequest received = record(request, session->id);
        {
            std::lock_guard lock(state->mutex);
            state->log.push_back(received);
            state->max_answering = std::max(state->max_answering, ++state->answering);
        }
        const TestResponse response = answer(*state, received);
        const bool keep_alive = request.keep_alive() && !response.close;
        const bool open = co_await send(*state, *session, response, keep_alive);
        {
            std::lock_guard lock(state->mutex);
            --state->answering;
        }
        if (!open || !keep_alive || state->stopping) break;
    }
    boost::system::error_code ignored;
    session->socket.shutdown(tcp::socket::shutdown_both, ignored);
    session->socket.close(ignored);
    state->sessions.erase(session);
}

awaitable<void> accept_connections(std::shared_ptr<State> state) {
    while (!state->stopping) {
        boost::system::error_code error;
        tcp::socket socket = co_await state->acceptor.async_accept(asio::redirect_error(use_awaitable, error));
        if (error) {
            if (state->stopping || error == asio::error::operation_aborted) co_return;
            continue;
        }
        // Header and body go out in separate writes; without this, Nagle's algorithm meets the
        // client's delayed ACK and every response stalls for 40 ms.
        socket.set_option(tcp::no_delay(true), error);
        auto session = std::make_shared<Session>(std::move(socket));
        {
            std::lock_guard lock(state->mutex);
            session->id = ++state->connections;
        }
        state->sessions.insert(session);
        asio::co_spawn(state->io, serve_connection(state, session), asio::detached);
    }
}

}  // namespace

std::string ReceivedRequest::header(std::string_view name) const {
    const auto found = headers.find(lower(name));
    return found == headers.end() ? std::string() : found->second;
}

TestHttpServer::TestHttpServer(std::string address)
    : state_(std::make_shared<detail::ServerState>()), address_(std::move(address)) {
    const tcp::endpoint endpoint(asio::ip::make_address(address_), 0);
    state_->acceptor.open(endpoint.protocol());
    state_->acceptor.set_option(tcp::acceptor::reuse_address(true));
    state_->acceptor.bind(endpoint);
    state_->acceptor.listen(asio::socket_base::max_listen_connections);
    port_ = state_->acceptor.local_endpoint().port();
    asio::co_spawn(state_->io, accept_connections(state_), asio::detached);
    state_->thread = std::thread([state = state_] { state->io.run(); });
}

TestHttpServer::~TestHttpServer() {
    // Close everything from the server thread; the coroutines then end and io.run() returns.
    asio::post(state_->io, [state = state_] {
        state->stopping = true;
        boost::system::error_code ignored;
        state->acceptor.close(ignored);
        for (const auto& session : state->sessions) {
            session->timer.cancel();
            session->socket.shutdown(tcp::socket::shutdown_both, ignored);
            session->socket.close(ignored);
        }
    });
    state_->thread.join();
}

std::string TestHttpServer::origin() const { return "http://" + address_ + ":" + std::to_string(port_); }

std::string TestHttpServer::url(std::string_view path) const { return origin() + std::string(path); }

void TestHttpServer::on(std::string path, Handler handler) {
    std::lock_guard lock(state_->mutex);
    state_->routes[std::move(path)] = std::move(handler);
}

std::vector<ReceivedRequest> TestHttpServer::requests() const {
    std::lock_guard lock(state_->mutex);
    return state_->log;
}

std::vector<ReceivedRequest> TestHttpServer::requests_for(std::string_view path) const {
    std::lock_guard lock(state_->mutex);
    std::vector<ReceivedRequest> matching;
    for (const auto& request : state_->log) {
        if (request.path == path) matching.push_back(request);
    }
    return matching;
}

std::size_t TestHttpServer::request_count(std::string_view path) const {
    std::lock_guard lock(state_->mutex);
    return static_cast<std::size_t>(std::count_if(state_->log.begin(), state_->log.end(),
                                                  [path](const ReceivedRequest& r) { return r.path == path; }));
}

std::size_t TestHttpServer::max_concurrent() const {
    std::lock_guard lock(state_->mutex);
    return state_->max_answering;
}

std::size_t TestHttpServer::connections_accepted() const {
    std::lock_guard lock(state_->mutex);
    return state_->connections;
}

void TestHttpServer::clear_log() {
    std::lock_guard lock(state_->mutex);
    state_->log.clear();
    state_->max_answering = state_->answering;
}

}  // namespace gleaner::test
