// The admin endpoint's connections (see admin_server.h): accepting within bounds, one Session per
// connection reading requests with Beast, asking admin_request.cpp what to answer and the daemon's
// handlers for the body.
#include "admin/admin_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <list>
#include <optional>
#include <stdexcept>

#include "admin/admin_request.h"
#include "config/listen_address.h"
#include "log/log.h"

namespace gleaner::admin {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// After accept fails for want of descriptors (or memory), wait this long, doubling up to the cap.
constexpr auto kFirstAcceptPause = std::chrono::milliseconds(50);
constexpr auto kMaxAcceptPause = std::chrono::seconds(1);

tcp::endpoint parse_listen(const std::string& listen) {
    const auto parsed = config::parse_listen_address(listen);
    if (const auto* problem = std::get_if<std::string>(&parsed)) throw std::runtime_error("admin.listen: " + *problem);
    const auto& address = std::get<config::ListenAddress>(parsed);
    return {boost::asio::ip::make_address(address.host), address.port};
}

bool out_of_descriptors(const boost::system::error_code& ec) {
    return ec == boost::asio::error::no_descriptors || ec == boost::system::errc::too_many_files_open_in_system ||
           ec == boost::asio::error::no_buffer_space || ec == boost::asio::error::no_memory;
}

class Session;

// The open connections, so the server can count them and close the one idle the longest. Lives on
// the event loop's thread, like the sessions.
class SessionTable {
public:
    std::list<Session*>::iterator add(Session* session) { return sessions_.insert(sessions_.end(), session); }
    void remove(std::list<Session*>::iterator at) { sessions_.erase(at); }
    std::size_t size() const { return sessions_.size(); }
    std::uint64_t evicted() const { return evicted_; }
    // Closes the session that has waited longest for a request; false when every one is busy.
    bool evict_idlest();
    void close_all();

private:
    std::list<Session*> sessions_;
    std::uint64_t evicted_ = 0;
};

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, std::shared_ptr<const Handlers> handlers, std::shared_ptr<const Access> access,
            std::shared_ptr<SessionTable> table)
        : stream_(std::move(socket)),
          handlers_(std::move(handlers)),
          access_(std::move(access)),
          table_(std::move(table)),
          entry_(table_->add(this)) {}
    ~Session() { unregister(); }

    void start() { read(); }

    // Waiting for a request (not producing or sending an answer), and since when.
    bool idle() const { return idle_since_.has_value(); }
    Clock::time_point idle_since() const { return *idle_since_; }

    // Counted out of the table at once; the socket's pending operations end with operation_aborted.
    void close() {
        unregister();
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream_.close();
    }

private:
    void unregister() {
        if (!registered_) return;
        registered_ = false;
        idle_since_.reset();
        table_->remove(entry_);
    }

    void read() {
        parser_.emplace();
        limit_parser(*parser_);
        idle_since_ = Clock::now();
        stream_.expires_after(access_->idle_timeout);
        http::async_read(stream_, buffer_, *parser_,
                         [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
    }

    void on_read(beast::error_code ec) {
        idle_since_.reset();
        if (!registered_) return;  // evicted or the server stopped
        if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == boost::asio::error::eof ||
            ec == boost::asio::error::connection_reset || ec == boost::asio::error::operation_aborted)
            return close();
        if (ec) {  // a request Beast could not parse
            keep_alive_ = false;
            return send({400, "text/plain; charset=utf-8", "bad request: " + ec.message() + "\n"}, 11);
        }
        const auto& request = parser_->get();
        keep_alive_ = request.keep_alive();
        const int version = request.version();
        const Decision decision = decide(request, access_->token);
        head_only_ = decision.head_only;
        const Handler* handler = nullptr;
        switch (decision.page) {
            case Page::dashboard: handler = &handlers_->dashboard; break;
            case Page::metrics: handler = &handlers_->metrics; break;
            case Page::status: handler = &handlers_->status; break;
            case Page::healthz: handler = &handlers_->healthz; break;
            case Page::none: return send({decision.status, "text/plain; charset=utf-8", decision.message}, version);
        }
        if (!*handler) return send({404, "text/plain; charset=utf-8", "not found\n"}, version);
        (*handler)([self = shared_from_this(), version](Reply reply) { self->send(std::move(reply), version); });
    }

    void send(Reply reply, int version) {
        if (!registered_) return;  // evicted while the answer was being gathered
        auto response = std::make_shared<http::response<http::string_body>>(
            static_cast<http::status>(reply.status), version);
        response->set(http::field::server, "gleaner");
        response->set(http::field::content_type, reply.content_type);
        if (reply.status == 401) response->set(http::field::www_authenticate, "Bearer realm=\"gleaner\"");
        response->keep_alive(keep_alive_);
        if (!head_only_) response->body() = std::move(reply.body);
        response->prepare_payload();
        stream_.expires_after(access_->idle_timeout);
        http::async_write(stream_, *response,
                          [self = shared_from_this(), response](beast::error_code ec, std::size_t) {
                              if (ec || !self->keep_alive_ || !self->registered_) return self->close();
                              self->head_only_ = false;
                              self->read();
                          });
    }

    beast::tcp_stream stream_;
    std::shared_ptr<const Handlers> handlers_;
    std::shared_ptr<const Access> access_;
    std::shared_ptr<SessionTable> table_;
    std::list<Session*>::iterator entry_;
    bool registered_ = true;
    std::optional<Clock::time_point> idle_since_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    bool keep_alive_ = false;
    bool head_only_ = false;
};

bool SessionTable::evict_idlest() {
    Session* idlest = nullptr;
    for (Session* session : sessions_)
        if (session->idle() && (idlest == nullptr || session->idle_since() < idlest->idle_since())) idlest = session;
    if (idlest == nullptr) return false;
    idlest->close();
    ++evicted_;
    return true;
}

void SessionTable::close_all() {
    while (!sessions_.empty()) sessions_.front()->close();
}

}  // namespace

class AdminServer::Impl : public std::enable_shared_from_this<Impl> {
public:
    using Stats = AdminServer::Stats;

    Impl(boost::asio::io_context& io, const tcp::endpoint& endpoint, Handlers handlers, Access access)
        : acceptor_(io),
          pause_timer_(io),
          handlers_(std::make_shared<const Handlers>(std::move(handlers))),
          access_(std::make_shared<const Access>(std::move(access))) {
        beast::error_code ec;
        acceptor_.open(endpoint.protocol(), ec);
        if (!ec) acceptor_.set_option(boost::asio::socket_base::reuse_address(true), ec);
        if (!ec) acceptor_.bind(endpoint, ec);
        if (!ec) acceptor_.listen(boost::asio::socket_base::max_listen_connections, ec);
        if (ec)
            throw std::runtime_error("admin endpoint cannot listen on " + endpoint.address().to_string() + ":" +
                                     std::to_string(endpoint.port()) + ": " + ec.message());
    }

    void accept() {
        acceptor_.async_accept([self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
            if (ec == boost::asio::error::operation_aborted || !self->acceptor_.is_open()) return;
            if (out_of_descriptors(ec)) {
                ++self->accept_failures_;
                return self->pause_accepting(ec);
            }
            self->pause_ = kFirstAcceptPause;
            if (!ec) self->admit(std::move(socket));
            self->accept();
        });
    }

    void stop() {
        beast::error_code ignored;
        acceptor_.close(ignored);
        pause_timer_.cancel();
        sessions_->close_all();
    }

    unsigned short port() const { return acceptor_.local_endpoint().port(); }
    Stats stats() const { return {sessions_->size(), sessions_->evicted(), accept_failures_}; }

private:
    void admit(tcp::socket socket) {
        if (sessions_->size() >= access_->max_connections && !sessions_->evict_idlest()) {
            // Every connection is busy answering: this one is turned away rather than queued.
            beast::error_code ignored;
            socket.close(ignored);
            return;
        }
        std::make_shared<Session>(std::move(socket), handlers_, access_, sessions_)->start();
    }

    // Out of descriptors: retrying at once would fail again at once (a busy loop). Free one by
    // closing the idlest connection, say so once, and try again after a pause.
    void pause_accepting(const beast::error_code& ec) {
        if (pause_ == kFirstAcceptPause)
            log::warn("admin endpoint cannot accept connections; pausing", {{"ERROR", ec.message()}});
        sessions_->evict_idlest();
        pause_timer_.expires_after(pause_);
        pause_ = std::min<std::chrono::milliseconds>(pause_ * 2, kMaxAcceptPause);
        pause_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& error) {
            if (!error && self->acceptor_.is_open()) self->accept();
        });
    }

    tcp::acceptor acceptor_;
    boost::asio::steady_timer pause_timer_;
    std::chrono::milliseconds pause_ = kFirstAcceptPause;
    std::shared_ptr<const Handlers> handlers_;
    std::shared_ptr<const Access> access_;
    std::shared_ptr<SessionTable> sessions_ = std::make_shared<SessionTable>();
    std::uint64_t accept_failures_ = 0;
};

AdminServer::AdminServer(boost::asio::io_context& io, const std::string& listen, Handlers handlers, Access access)
    : impl_(std::make_shared<Impl>(io, parse_listen(listen), std::move(handlers), std::move(access))) {
    impl_->accept();
}

AdminServer::~AdminServer() { impl_->stop(); }

unsigned short AdminServer::port() const { return impl_->port(); }

AdminServer::Stats AdminServer::stats() const { return impl_->stats(); }

void AdminServer::stop() { impl_->stop(); }

}  // namespace gleaner::admin
