#include "admin/admin_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <optional>
#include <stdexcept>

#include "log/log.h"

namespace gleaner::admin {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

constexpr auto kIdleTimeout = std::chrono::seconds(30);
constexpr std::size_t kMaxHeaderBytes = 8 * 1024;
constexpr std::size_t kMaxBodyBytes = 8 * 1024;  // the endpoint takes no bodies worth having

tcp::endpoint parse_listen(const std::string& listen) {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos) throw std::runtime_error("admin.listen \"" + listen + "\" has no port");
    std::string host = listen.substr(0, colon);
    const std::string port_text = listen.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host.empty()) host = "0.0.0.0";
    unsigned long port = 0;
    try {
        std::size_t used = 0;
        port = std::stoul(port_text, &used);
        if (used != port_text.size() || port > 65535) throw std::out_of_range("port");
    } catch (const std::exception&) {
        throw std::runtime_error("admin.listen \"" + listen + "\": invalid port \"" + port_text + "\"");
    }
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(host, ec);
    if (ec) throw std::runtime_error("admin.listen \"" + listen + "\": invalid address \"" + host + "\"");
    return {address, static_cast<unsigned short>(port)};
}

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, std::shared_ptr<const Handlers> handlers)
        : stream_(std::move(socket)), handlers_(std::move(handlers)) {}

    void start() { read(); }

private:
    void read() {
        parser_.emplace();
        parser_->header_limit(kMaxHeaderBytes);
        parser_->body_limit(kMaxBodyBytes);
        stream_.expires_after(kIdleTimeout);
        http::async_read(stream_, buffer_, *parser_,
                         [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
    }

    void on_read(beast::error_code ec) {
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
        const std::string target(request.target());
        const std::string path = target.substr(0, target.find('?'));
        const Handler* handler = nullptr;
        if (path == "/metrics") handler = &handlers_->metrics;
        else if (path == "/status") handler = &handlers_->status;
        else if (path == "/healthz") handler = &handlers_->healthz;
        if (!handler || !*handler) return send({404, "text/plain; charset=utf-8", "not found: " + path + "\n"}, version);
        if (request.method() != http::verb::get && request.method() != http::verb::head)
            return send({405, "text/plain; charset=utf-8", "only GET is supported\n"}, version);
        head_only_ = request.method() == http::verb::head;
        (*handler)([self = shared_from_this(), version](Reply reply) { self->send(std::move(reply), version); });
    }

    void send(Reply reply, int version) {
        auto response = std::make_shared<http::response<http::string_body>>(
            static_cast<http::status>(reply.status), version);
        response->set(http::field::server, "gleaner");
        response->set(http::field::content_type, reply.content_type);
        response->keep_alive(keep_alive_);
        if (!head_only_) response->body() = std::move(reply.body);
        response->prepare_payload();
        stream_.expires_after(kIdleTimeout);
        http::async_write(stream_, *response,
                          [self = shared_from_this(), response](beast::error_code ec, std::size_t) {
                              if (ec || !self->keep_alive_) return self->close();
                              self->head_only_ = false;
                              self->read();
                          });
    }

    void close() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        stream_.close();
    }

    beast::tcp_stream stream_;
    std::shared_ptr<const Handlers> handlers_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    bool keep_alive_ = false;
    bool head_only_ = false;
};

}  // namespace

class AdminServer::Impl : public std::enable_shared_from_this<Impl> {
public:
    Impl(boost::asio::io_context& io, const tcp::endpoint& endpoint, Handlers handlers)
        : acceptor_(io), handlers_(std::make_shared<const Handlers>(std::move(handlers))) {
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
            if (!ec) std::make_shared<Session>(std::move(socket), self->handlers_)->start();
            self->accept();
        });
    }

    void stop() {
        beast::error_code ignored;
        acceptor_.close(ignored);
    }

    unsigned short port() const { return acceptor_.local_endpoint().port(); }

private:
    tcp::acceptor acceptor_;
    std::shared_ptr<const Handlers> handlers_;
};

AdminServer::AdminServer(boost::asio::io_context& io, const std::string& listen, Handlers handlers)
    : impl_(std::make_shared<Impl>(io, parse_listen(listen), std::move(handlers))) {
    impl_->accept();
}

AdminServer::~AdminServer() { impl_->stop(); }

unsigned short AdminServer::port() const { return impl_->port(); }

void AdminServer::stop() { impl_->stop(); }

}  // namespace gleaner::admin
