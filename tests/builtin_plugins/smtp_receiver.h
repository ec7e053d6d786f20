// An SMTP receiver for tests: listens on 127.0.0.1 on an ephemeral port, runs its own io_context on
// its own thread and speaks enough of RFC 5321 for a mail client — EHLO/HELO, AUTH PLAIN, MAIL FROM,
// RCPT TO, DATA (with dot-unstuffing), RSET, NOOP, QUIT. It keeps every message it accepted, and can
// refuse at a chosen stage with a chosen reply (4xx or 5xx) to test failure handling.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace gleaner::builtin_test {

struct ReceivedMail {
    std::string ehlo;                  // the name the client greeted with
    std::string auth;                  // AUTH PLAIN credentials, decoded: "\0user\0password"
    std::string mail_from;             // as sent: "<news@example.org>"
    std::vector<std::string> rcpt_to;  // "<reader@example.org>", ...
    std::string data;                  // the message (headers and body), CRLF lines, dots unstuffed
};

enum class SmtpStage { mail_from, rcpt_to, end_of_data };

class SmtpReceiver {
public:
    SmtpReceiver();  // listening when it returns
    ~SmtpReceiver();
    SmtpReceiver(const SmtpReceiver&) = delete;
    SmtpReceiver& operator=(const SmtpReceiver&) = delete;

    std::string url() const;  // "smtp://127.0.0.1:PORT"

    // From now on, answer `reply` (e.g. "451 4.3.0 try again later") at `stage` instead of accepting.
    void refuse(SmtpStage stage, std::string reply);

    std::vector<ReceivedMail> messages() const;

    struct State;

private:
    std::unique_ptr<State> state_;  // coroutines use it by pointer: it outlives the io_context's work
    unsigned short port_ = 0;
};

}  // namespace gleaner::builtin_test
