// Starting, feeding and stopping the exec plugin's child program (see child_process.h).
#include "child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace gleaner_exec {
namespace {

// While alive, SIGPIPE is blocked in this thread, so a write to a pipe nobody reads fails with EPIPE;
// a SIGPIPE that write raised is taken off the thread's pending set before the old mask returns.
class SigpipeBlocked {
public:
    SigpipeBlocked() {
        sigemptyset(&pipe_);
        sigaddset(&pipe_, SIGPIPE);
        sigset_t pending;
        sigpending(&pending);
        was_pending_ = sigismember(&pending, SIGPIPE) == 1;
        pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
    }
    ~SigpipeBlocked() {
        if (!was_pending_) {
            const timespec no_wait{0, 0};
            while (sigtimedwait(&pipe_, nullptr, &no_wait) == SIGPIPE) {
            }
        }
        pthread_sigmask(SIG_SETMASK, &old_, nullptr);
    }
    SigpipeBlocked(const SigpipeBlocked&) = delete;
    SigpipeBlocked& operator=(const SigpipeBlocked&) = delete;

private:
    sigset_t pipe_, old_;
    bool was_pending_ = false;
};

int remaining_ms(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return static_cast<int>(std::max<std::chrono::milliseconds::rep>(0, left.count()));
}

std::string describe(int status) {
    if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        return "was killed by signal " + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")";
    return "stopped";
}

void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& command, bool read_stdout) {
    int in[2] = {-1, -1}, out[2] = {-1, -1};
    if (::pipe2(in, O_CLOEXEC) != 0 || (read_stdout && ::pipe2(out, O_CLOEXEC) != 0)) {
        const int error = errno;
        for (int fd : {in[0], in[1], out[0], out[1]})
            if (fd >= 0) ::close(fd);
        throw std::runtime_error("cannot start " + command.at(0) + ": pipe: " + std::strerror(error));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
    if (read_stdout) posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    // The daemon's sockets, databases and spool must not leak into the program.
    posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    sigdelset(&all, SIGKILL);
    sigdelset(&all, SIGSTOP);
    // The program starts with no blocked signals and default dispositions, even for signals the
    // daemon ignores (an ignored SIGPIPE would otherwise be inherited across exec).
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &all);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    std::vector<char*> argv;
    for (const auto& arg : command) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    // A name without a slash is looked up in PATH, like a shell would, but no shell is involved.
    const bool search_path = command[0].find('/') == std::string::npos;
    const int result = search_path ? posix_spawnp(&pid_, argv[0], &actions, &attributes, argv.data(), environ)
                                   : posix_spawn(&pid_, argv[0], &actions, &attributes, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    ::close(in[0]);
    if (read_stdout) ::close(out[1]);
    stdin_fd_ = in[1];
    stdout_fd_ = read_stdout ? out[0] : -1;
    if (result != 0) {
        close_fd(stdin_fd_);
        close_fd(stdout_fd_);
        reaped_ = true;
        throw std::runtime_error("cannot start " + command[0] + ": " + std::strerror(result));
    }
    ::fcntl(stdin_fd_, F_SETFL, ::fcntl(stdin_fd_, F_GETFL) | O_NONBLOCK);
    if (stdout_fd_ >= 0) ::fcntl(stdout_fd_, F_SETFL, ::fcntl(stdout_fd_, F_GETFL) | O_NONBLOCK);
}

ChildProcess::~ChildProcess() {
    close_fd(stdin_fd_);  // end of input: a well-behaved program finishes its work and exits
    if (!wait_exit(std::chrono::seconds(5))) terminate(std::chrono::seconds(2));
    close_fd(stdout_fd_);
}

ChildProcess::Write ChildProcess::write_all(std::string_view data, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    SigpipeBlocked guard;
    while (!data.empty()) {
        const ssize_t n = ::write(stdin_fd_, data.data(), data.size());
        if (n > 0) {
            data.remove_prefix(static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) {
            pollfd writable{stdin_fd_, POLLOUT, 0};
            const int ready = ::poll(&writable, 1, remaining_ms(deadline));
            if (ready == 0) return Write::timed_out;
            continue;  // writable, or POLLERR: the next write says EPIPE
        }
        return Write::broken_pipe;  // EPIPE, or any other error: the pipe is unusable
    }
    return Write::done;
}

std::optional<std::string> ChildProcess::read_line(std::chrono::milliseconds timeout, bool& timed_out) {
    timed_out = false;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (const auto newline = read_buffer_.find('\n'); newline != std::string::npos) {
            std::string line = read_buffer_.substr(0, newline);
            read_buffer_.erase(0, newline + 1);
            if (!line.empty() && line.back() == '\r') line.pop_back();
            return line;
        }
        char chunk[4096];
        const ssize_t n = ::read(stdout_fd_, chunk, sizeof chunk);
        if (n > 0) {
            read_buffer_.append(chunk, static_cast<std::size_t>(n));
            continue;
        }
        if (n == 0) return std::nullopt;  // the program closed its stdout (exited)
        if (errno == EINTR) continue;
        if (errno != EAGAIN) return std::nullopt;
        pollfd readable{stdout_fd_, POLLIN, 0};
        if (::poll(&readable, 1, remaining_ms(deadline)) == 0) {
            timed_out = true;
            return std::nullopt;
        }
    }
}

bool ChildProcess::exited() {
    if (reaped_) return true;
    int status = 0;
    const pid_t result = ::waitpid(pid_, &status, WNOHANG);
    if (result == pid_) {
        exit_status_ = describe(status);
        reaped_ = true;
    } else if (result < 0 && errno == ECHILD) {  // SIGCHLD ignored by the process: reaped by the kernel
        exit_status_ = "exited";
        reaped_ = true;
    }
    return reaped_;
}

bool ChildProcess::wait_exit(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!exited()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

void ChildProcess::terminate(std::chrono::milliseconds grace) {
    if (exited()) return;
    ::kill(pid_, SIGTERM);
    if (wait_exit(grace)) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    exit_status_ = describe(status);
    reaped_ = true;
}

}  // namespace gleaner_exec
