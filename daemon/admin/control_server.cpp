#include "admin/control_server.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include <sys/stat.h>
#include <sys/un.h>

#include <istream>

#include "log/log.h"

namespace gleaner::admin {
namespace {

using boost::asio::local::stream_protocol;
constexpr std::size_t kMaxCommand = 256;

std::string encode(const ControlResult& result) {
    return (result.ok ? "ok " : "error ") + result.message + "\n";
}

class ControlSession : public std::enable_shared_from_this<ControlSession> {
public:
    ControlSession(stream_protocol::socket socket, std::shared_ptr<const ControlHandlers> handlers)
        : socket_(std::move(socket)), buffer_(kMaxCommand), handlers_(std::move(handlers)) {}

    void start() {
        boost::asio::async_read_until(socket_, buffer_, '\n',
                                      [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                                          if (ec) return self->reply({false, "bad command: " + ec.message()});
                                          std::istream in(&self->buffer_);
                                          std::string command;
                                          std::getline(in, command);
                                          self->dispatch(command);
                                      });
    }

private:
    void dispatch(const std::string& command) {
        auto done = [self = shared_from_this()](ControlResult result) { self->reply(std::move(result)); };
        const auto space = command.find(' ');
        if (space != std::string::npos && command.compare(0, space, "replay") == 0 && handlers_->replay)
            return handlers_->replay(command.substr(space + 1), std::move(done));
        const ControlCommand* handler = nullptr;
        if (command == "reload") handler = &handlers_->reload;
        else if (command == "status") handler = &handlers_->status;
        if (!handler || !*handler)
            return reply({false, "unknown command \"" + command + "\" (reload, status, replay PLUGIN)"});
        (*handler)(std::move(done));
    }

    void reply(ControlResult result) {
        auto text = std::make_shared<std::string>(encode(result));
        boost::asio::async_write(socket_, boost::asio::buffer(*text),
                                 [self = shared_from_this(), text](boost::system::error_code, std::size_t) {
                                     boost::system::error_code ignored;
                                     self->socket_.close(ignored);
                                 });
    }

    stream_protocol::socket socket_;
    boost::asio::streambuf buffer_;
    std::shared_ptr<const ControlHandlers> handlers_;
};

}  // namespace

class ControlServer::Impl : public std::enable_shared_from_this<Impl> {
public:
    Impl(boost::asio::io_context& io, std::filesystem::path path, ControlHandlers handlers)
        : acceptor_(io), path_(std::move(path)), handlers_(std::make_shared<const ControlHandlers>(std::move(handlers))) {
        constexpr std::size_t kMaxPath = sizeof(sockaddr_un::sun_path) - 1;
        if (path_.native().size() > kMaxPath)
            throw std::runtime_error("control socket path " + path_.string() + " is " +
                                     std::to_string(path_.native().size()) + " bytes long; Unix sockets allow " +
                                     std::to_string(kMaxPath));
        std::error_code fs_ec;
        std::filesystem::create_directories(path_.parent_path(), fs_ec);
        std::filesystem::remove(path_, fs_ec);  // a stale socket of a previous run
        boost::system::error_code ec;
        acceptor_.open(stream_protocol(), ec);
        if (!ec) acceptor_.bind(stream_protocol::endpoint(path_.string()), ec);
        if (!ec) acceptor_.listen(16, ec);
        if (ec) throw std::runtime_error("control socket " + path_.string() + ": " + ec.message());
        ::chmod(path_.c_str(), 0660);  // the daemon's user and group only
    }

    void accept() {
        acceptor_.async_accept([self = shared_from_this()](boost::system::error_code ec, stream_protocol::socket s) {
            if (ec == boost::asio::error::operation_aborted || !self->acceptor_.is_open()) return;
            if (!ec) std::make_shared<ControlSession>(std::move(s), self->handlers_)->start();
            self->accept();
        });
    }

    void stop() {
        if (!acceptor_.is_open()) return;
        boost::system::error_code ignored;
        acceptor_.close(ignored);
        std::error_code fs_ec;
        std::filesystem::remove(path_, fs_ec);
    }

private:
    stream_protocol::acceptor acceptor_;
    std::filesystem::path path_;
    std::shared_ptr<const ControlHandlers> handlers_;
};

ControlServer::ControlServer(boost::asio::io_context& io, std::filesystem::path socket, ControlHandlers handlers)
    : impl_(std::make_shared<Impl>(io, std::move(socket), std::move(handlers))) {
    impl_->accept();
}

ControlServer::~ControlServer() { impl_->stop(); }

void ControlServer::stop() { impl_->stop(); }

ControlResult send_control_command(const std::filesystem::path& path, const std::string& command,
                                   std::chrono::seconds timeout) {
    boost::asio::io_context io;
    stream_protocol::socket socket(io);
    boost::system::error_code connect_ec;
    socket.connect(stream_protocol::endpoint(path.string()), connect_ec);
    if (connect_ec)
        throw std::runtime_error("cannot reach the daemon at " + path.string() + ": " + connect_ec.message() +
                                 " (is it running? is control_socket set the same?)");
    const std::string line = command + "\n";
    boost::asio::write(socket, boost::asio::buffer(line));
    boost::asio::streambuf answer;
    boost::system::error_code read_ec;
    boost::asio::async_read(socket, answer, [&](boost::system::error_code ec, std::size_t) { read_ec = ec; });
    io.run_for(timeout);
    if (!io.stopped()) throw std::runtime_error("no answer from the daemon within " + std::to_string(timeout.count()) + " s");
    if (read_ec && read_ec != boost::asio::error::eof) throw std::runtime_error("reading the answer: " + read_ec.message());
    std::string text(boost::asio::buffers_begin(answer.data()), boost::asio::buffers_end(answer.data()));
    ControlResult result;
    if (text.rfind("ok ", 0) == 0) text.erase(0, 3);
    else if (text.rfind("error ", 0) == 0) {
        result.ok = false;
        text.erase(0, 6);
    } else {
        result.ok = false;
    }
    while (!text.empty() && text.back() == '\n') text.pop_back();
    result.message = text;
    return result;
}

}  // namespace gleaner::admin
