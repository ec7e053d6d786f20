// See browser_process.h.
#include "render/browser_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <cerrno>
#include <cstring>
#include <istream>
#include <vector>

#include "log/log.h"

extern char** environ;

namespace gleaner::render {
namespace {

constexpr std::string_view kListening = "DevTools listening on ";

std::vector<std::string> browser_arguments(const std::string& binary, const std::filesystem::path& profile) {
    std::vector<std::string> args{
        binary,
        "--headless",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",  // else it reaches for Google's hosts at every start
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--mute-audio",
        "--blink-settings=imagesEnabled=false",
        "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",  // no WebRTC around the guard
        "--remote-debugging-port=0",
        "--user-data-dir=" + profile.string(),
    };
    if (::geteuid() == 0) args.push_back("--no-sandbox");  // Chromium refuses to run as root with it
    args.push_back("about:blank");
    return args;
}

}  // namespace

BrowserProcess::BrowserProcess(boost::asio::io_context& io, std::string binary, std::chrono::milliseconds start_timeout,
                               Ready on_ready, Failed on_failed)
    : io_(io), stderr_(io), start_timer_(io), on_ready_(std::move(on_ready)), on_failed_(std::move(on_failed)) {
    std::string templ = (std::filesystem::temp_directory_path() / "gleaner-browser-XXXXXX").string();
    if (::mkdtemp(templ.data()) == nullptr) {
        const std::string reason = std::string("cannot create a browser profile folder: ") + std::strerror(errno);
        boost::asio::post(io_, [this, reason, alive = std::weak_ptr<int>(alive_)] {
            if (!alive.expired()) fail(reason);
        });
        return;
    }
    profile_ = templ;
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    posix_spawnattr_setpgroup(&attributes, 0);  // its own group: the wrapper script and every child die together
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &all);
    const auto args = browser_arguments(binary, profile_);
    std::vector<char*> argv;
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    const int spawned = ::posix_spawnp(&pid_, binary.c_str(), &actions, &attributes, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    ::close(pipe_fds[1]);
    if (spawned != 0) {
        ::close(pipe_fds[0]);
        pid_ = -1;
        const std::string reason = "cannot start the browser \"" + binary + "\": " + std::strerror(spawned);
        boost::asio::post(io_, [this, reason, alive = std::weak_ptr<int>(alive_)] {
            if (!alive.expired()) fail(reason);
        });
        return;
    }
    stderr_.assign(pipe_fds[0]);
    start_timer_.expires_after(start_timeout);
    start_timer_.async_wait([this, alive = std::weak_ptr<int>(alive_)](const boost::system::error_code& error) {
        if (error || alive.expired() || announced_) return;
        fail("the browser did not open its DevTools endpoint in time");
    });
    read_stderr();
}

BrowserProcess::~BrowserProcess() {
    start_timer_.cancel();
    boost::system::error_code ignored;
    stderr_.close(ignored);
    if (pid_ > 0) {
        ::kill(-pid_, SIGKILL);
        // The group leader (the wrapper script) is reaped here; the browser's own processes are
        // children of the wrapper or of init and go with the SIGKILL.
        int status = 0;
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
    }
    std::error_code ec;
    if (!profile_.empty()) std::filesystem::remove_all(profile_, ec);
}

void BrowserProcess::fail(std::string reason) {
    if (announced_) return;
    announced_ = true;
    start_timer_.cancel();
    if (on_failed_) on_failed_(std::move(reason));
}

// Reads stderr line by line for the whole life of the browser: the endpoint line first, then
// whatever it complains about (at debug level), so the pipe never fills and blocks it.
void BrowserProcess::read_stderr() {
    boost::asio::async_read_until(
        stderr_, stderr_buffer_, '\n',
        [this, alive = std::weak_ptr<int>(alive_)](const boost::system::error_code& error, std::size_t) {
            if (alive.expired()) return;
            if (error) {
                if (!announced_) fail("the browser exited before opening its DevTools endpoint");
                return;
            }
            std::istream stream(&stderr_buffer_);
            std::string line;
            std::getline(stream, line);
            if (const auto at = line.find(kListening); at != std::string::npos && !announced_) {
                announced_ = true;
                start_timer_.cancel();
                if (on_ready_) on_ready_(line.substr(at + kListening.size()));
            } else if (!line.empty()) {
                log::debug("browser", {{"LINE", line}});
            }
            read_stderr();
        });
}

}  // namespace gleaner::render
