// The admin endpoint as a bounded resource and a guarded door: idle connections beyond the limit do
// not lock out /healthz, running out of file descriptors pauses accepting instead of spinning, the
// bearer token is required where configured, and `localhost:PORT` (which check-config accepts) binds.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <utility>  // before Asio (Boost 1.74 needs std::exchange declared)

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "admin/admin_server.h"

namespace gleaner::admin {
namespace {

using namespace std::chrono_literals;

// An AdminServer on its own loop thread, answering "ok" on every page.
class RunningServer {
public:
    explicit RunningServer(Access access = {}, const std::string& listen = "127.0.0.1:0") {
        Handlers handlers;
        const auto ok = [](std::function<void(Reply)> respond) { respond({200, "text/plain", "ok\n"}); };
        handlers.metrics = ok;
        handlers.status = ok;
        handlers.healthz = ok;
        handlers.dashboard = ok;
        server_ = std::make_unique<AdminServer>(io_, listen, std::move(handlers), std::move(access));
        port_ = server_->port();
        thread_ = std::thread([this] { io_.run(); });
    }
    ~RunningServer() {
        on_loop([this] {
            server_.reset();
            return 0;
        });
        io_.stop();
        thread_.join();
    }

    unsigned short port() const { return port_; }
    AdminServer::Stats stats() {
        return on_loop([this] { return server_->stats(); });
    }

private:
    template <typename F>
    auto on_loop(F f) -> decltype(f()) {
        std::packaged_task<decltype(f())()> task(std::move(f));
        auto result = task.get_future();
        boost::asio::post(io_, [&task] { task(); });
        return result.get();
    }

    boost::asio::io_context io_;
    std::unique_ptr<AdminServer> server_;
    unsigned short port_ = 0;
    std::thread thread_;
};

int connect_to(unsigned short port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Sends `request` on `fd` and reads until the server closes or `limit` passes without a byte.
std::string send_and_read(int fd, const std::string& request, std::chrono::milliseconds limit = 10s) {
    ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    std::string answer;
    char buffer[4096];
    for (;;) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(limit.count())) <= 0) break;
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        answer.append(buffer, static_cast<std::size_t>(n));
    }
    return answer;
}

std::string get(unsigned short port, const std::string& path, const std::string& extra_headers = "") {
    const int fd = connect_to(port);
    if (fd < 0) return {};
    const std::string answer =
        send_and_read(fd, "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + extra_headers + "\r\n");
    ::close(fd);
    return answer;
}

std::string status_line(const std::string& answer) { return answer.substr(0, answer.find("\r\n")); }

TEST(AdminServer, IdleConnectionsBeyondTheLimitAreClosedSoHealthzStillAnswers) {
    Access access;
    access.max_connections = 8;
    RunningServer server(access);
    std::vector<int> idle;
    for (int i = 0; i < 40; ++i) idle.push_back(connect_to(server.port()));

    EXPECT_EQ(status_line(get(server.port(), "/healthz")), "HTTP/1.1 200 OK");
    const auto stats = server.stats();
    EXPECT_LE(stats.connections, 8u);
    EXPECT_GE(stats.evicted, 32u);  // the idlest made room, one per newcomer past the limit
    for (const int fd : idle) ::close(fd);
}

TEST(AdminServer, AnIdleConnectionIsClosedAfterTheIdleTimeout) {
    Access access;
    access.idle_timeout = 300ms;
    RunningServer server(access);
    const int fd = connect_to(server.port());
    ASSERT_GE(fd, 0);
    char byte = 0;
    pollfd p{fd, POLLIN, 0};
    ASSERT_EQ(::poll(&p, 1, 10000), 1) << "the server never closed the idle connection";
    EXPECT_EQ(::recv(fd, &byte, 1, 0), 0);  // closed, nothing sent
    ::close(fd);
    EXPECT_EQ(server.stats().connections, 0u);
}

// Lowers the soft RLIMIT_NOFILE of this process and fills every free descriptor; undone on scope exit.
class DescriptorsExhausted {
public:
    DescriptorsExhausted() {
        getrlimit(RLIMIT_NOFILE, &saved_);
        int open_now = 0;
        for (int fd = 0; fd < 4096; ++fd) open_now += fcntl(fd, F_GETFD) != -1 ? 1 : 0;
        rlimit lowered = saved_;
        lowered.rlim_cur = static_cast<rlim_t>(open_now + 16);
        setrlimit(RLIMIT_NOFILE, &lowered);
        for (;;) {
            const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
            if (fd < 0) break;
            held_.push_back(fd);
        }
    }
    ~DescriptorsExhausted() { release(); }
    // Frees one descriptor (for a client socket).
    void spare_one() {
        ::close(held_.back());
        held_.pop_back();
    }
    void release() {
        for (const int fd : held_) ::close(fd);
        held_.clear();
        setrlimit(RLIMIT_NOFILE, &saved_);
    }

private:
    rlimit saved_{};
    std::vector<int> held_;
};

TEST(AdminServer, RunningOutOfDescriptorsPausesAcceptingInsteadOfSpinning) {
    RunningServer server;
    DescriptorsExhausted exhausted;
    exhausted.spare_one();
    const int client = connect_to(server.port());  // completes in the kernel; accepting it needs a descriptor
    ASSERT_GE(client, 0);

    std::this_thread::sleep_for(1s);
    const auto failures = server.stats().accept_failures;
    EXPECT_GE(failures, 1u);
    // Backing off from 50 ms to 1 s makes a handful of tries in a second; a loop retrying at once
    // makes tens of thousands.
    EXPECT_LE(failures, 20u);

    exhausted.release();
    const std::string answer = send_and_read(client, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(status_line(answer), "HTTP/1.1 200 OK") << "the waiting connection is served once descriptors return";
    ::close(client);
}

TEST(AdminServer, WithATokenEveryPageButHealthzAndTheDashboardPageNeedsIt) {
    Access access;
    access.token = "s3cret-token";
    RunningServer server(access);

    const std::string refused = get(server.port(), "/metrics");
    EXPECT_EQ(status_line(refused), "HTTP/1.1 401 Unauthorized");
    EXPECT_NE(refused.find("WWW-Authenticate: Bearer"), std::string::npos) << refused;
    EXPECT_EQ(status_line(get(server.port(), "/status", "Authorization: Bearer wrong-token!\r\n")),
              "HTTP/1.1 401 Unauthorized");
    EXPECT_EQ(status_line(get(server.port(), "/status", "Authorization: Basic czNjcmV0LXRva2Vu\r\n")),
              "HTTP/1.1 401 Unauthorized");
    EXPECT_EQ(status_line(get(server.port(), "/metrics", "Authorization: Bearer s3cret-token\r\n")),
              "HTTP/1.1 200 OK");
    EXPECT_EQ(status_line(get(server.port(), "/healthz")), "HTTP/1.1 200 OK");
    EXPECT_EQ(status_line(get(server.port(), "/")), "HTTP/1.1 200 OK") << "the page's data comes from /status";
}

TEST(AdminServer, WithoutATokenPagesAreOpen) {
    RunningServer server;
    EXPECT_EQ(status_line(get(server.port(), "/metrics")), "HTTP/1.1 200 OK");
}

TEST(AdminServer, ListensOnLocalhostAsCheckConfigAccepts) {
    RunningServer server({}, "localhost:0");
    EXPECT_EQ(status_line(get(server.port(), "/healthz")), "HTTP/1.1 200 OK");
}

TEST(AdminServer, RefusesAHostNameItWouldHaveToResolve) {
    boost::asio::io_context io;
    try {
        AdminServer server(io, "admin.example.org:0", {});
        FAIL() << "listened on a host name";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("not an IP address or localhost"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace gleaner::admin
