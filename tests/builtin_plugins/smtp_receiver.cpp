// The test SMTP receiver (see smtp_receiver.h): an accept loop and one coroutine per connection.
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without including it

#include "smtp_receiver.h"

#include <openssl/evp.h>

#include <algorithm>
#include <boost/asio.hpp>
#include <cctype>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace gleaner::builtin_test {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;

struct SmtpReceiver::State {
    asio::io_context io{1};
    tcp::acceptor acceptor{io};
    std::thread thread;

    mutable std::mutex mutex;  // guards the two members below
    std::vector<ReceivedMail> messages;
    std::map<SmtpStage, std::string> refusals;

    std::optional<std::string> refusal(SmtpStage stage) const {
        std::lock_guard lock(mutex);
        auto found = refusals.find(stage);
        return found == refusals.end() ? std::nullopt : std::optional<std::string>(found->second);
    }
};

namespace {

awaitable<void> send(tcp::socket& socket, std::string text) {
    co_await asio::async_write(socket, asio::buffer(text), use_awaitable);
}

awaitable<std::string> read_line(tcp::socket& socket, std::string& buffer) {
    const std::size_t length = co_await asio::async_read_until(socket, asio::dynamic_buffer(buffer), "\r\n", use_awaitable);
    std::string line = buffer.substr(0, length - 2);
    buffer.erase(0, length);
    co_return line;
}

std::string decode_base64(const std::string& text) {
    std::string out(text.size(), '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    if (n < 0) return "(invalid base64)";
    out.resize(static_cast<std::size_t>(n));
    // EVP_DecodeBlock counts the bytes the "=" padding stands for: drop them.
    if (text.size() >= 1 && text.back() == '=') out.pop_back();
    if (text.size() >= 2 && text[text.size() - 2] == '=') out.pop_back();
    return out;
}

awaitable<void> session(SmtpReceiver::State* state, tcp::socket socket) {
    try {
        std::string buffer;
        ReceivedMail mail;
        auto accept_or_refuse = [&](SmtpStage stage, const std::string& ok) {
            return state->refusal(stage).value_or(ok) + "\r\n";
        };
        co_await send(socket, "220 127.0.0.1 gleaner test receiver ESMTP\r\n");
        for (;;) {
            const std::string line = co_await read_line(socket, buffer);
            const std::string argument = line.find(' ') == std::string::npos ? "" : line.substr(line.find(' ') + 1);
            std::string verb = line.substr(0, line.find(' '));
            std::transform(verb.begin(), verb.end(), verb.begin(), [](unsigned char c) { return std::toupper(c); });
            if (verb == "EHLO") {
                mail.ehlo = argument;
                co_await send(socket, "250-127.0.0.1\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n");
            } else if (verb == "HELO") {
                mail.ehlo = argument;
                co_await send(socket, "250 127.0.0.1\r\n");
            } else if (verb == "AUTH") {
                std::string response = argument.size() > 6 ? argument.substr(6) : "";  // after "PLAIN "
                if (response.empty()) {
                    co_await send(socket, "334 \r\n");
                    response = co_await read_line(socket, buffer);
                }
                mail.auth = decode_base64(response);
                co_await send(socket, "235 2.7.0 authenticated\r\n");
            } else if (verb == "MAIL") {
                mail.mail_from = argument.substr(argument.find(':') + 1);
                co_await send(socket, accept_or_refuse(SmtpStage::mail_from, "250 2.1.0 sender ok"));
            } else if (verb == "RCPT") {
                mail.rcpt_to.push_back(argument.substr(argument.find(':') + 1));
                co_await send(socket, accept_or_refuse(SmtpStage::rcpt_to, "250 2.1.5 recipient ok"));
            } else if (verb == "DATA") {
                co_await send(socket, "354 end data with <CR><LF>.<CR><LF>\r\n");
                for (std::string data_line = co_await read_line(socket, buffer); data_line != ".";
                     data_line = co_await read_line(socket, buffer))
                    mail.data += (data_line.rfind("..", 0) == 0 ? data_line.substr(1) : data_line) + "\r\n";
                const auto refusal = state->refusal(SmtpStage::end_of_data);
                if (!refusal) {
                    std::lock_guard lock(state->mutex);
                    state->messages.push_back(mail);
                }
                co_await send(socket, refusal.value_or("250 2.0.0 queued") + "\r\n");
                mail = ReceivedMail{mail.ehlo, mail.auth, {}, {}, {}};
            } else if (verb == "RSET") {
                mail = ReceivedMail{mail.ehlo, mail.auth, {}, {}, {}};
                co_await send(socket, "250 2.0.0 reset\r\n");
            } else if (verb == "NOOP") {
                co_await send(socket, "250 2.0.0 ok\r\n");
            } else if (verb == "QUIT") {
                co_await send(socket, "221 2.0.0 bye\r\n");
                co_return;
            } else {
                co_await send(socket, "502 5.5.2 command not implemented\r\n");
            }
        }
    } catch (const std::exception&) {
        // The client went away mid-conversation: nothing to keep.
    }
}

awaitable<void> accept_loop(SmtpReceiver::State* state) {
    for (;;) {
        tcp::socket socket = co_await state->acceptor.async_accept(use_awaitable);
        asio::co_spawn(state->io, session(state, std::move(socket)), asio::detached);
    }
}

}  // namespace

SmtpReceiver::SmtpReceiver() : state_(std::make_unique<State>()) {
    const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
    state_->acceptor.open(endpoint.protocol());
    state_->acceptor.set_option(tcp::acceptor::reuse_address(true));
    state_->acceptor.bind(endpoint);
    state_->acceptor.listen();
    port_ = state_->acceptor.local_endpoint().port();
    asio::co_spawn(state_->io, accept_loop(state_.get()), [](std::exception_ptr) {});
    state_->thread = std::thread([state = state_.get()] { state->io.run(); });
}

SmtpReceiver::~SmtpReceiver() {
    state_->io.stop();
    state_->thread.join();
}

std::string SmtpReceiver::url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

void SmtpReceiver::refuse(SmtpStage stage, std::string reply) {
    std::lock_guard lock(state_->mutex);
    state_->refusals[stage] = std::move(reply);
}

std::vector<ReceivedMail> SmtpReceiver::messages() const {
    std::lock_guard lock(state_->mutex);
    return state_->messages;
}

}  // namespace gleaner::builtin_test
