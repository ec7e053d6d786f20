// A long-lived child program the exec plugin feeds: started with posix_spawn (no shell, every other
// descriptor of the daemon closed, default signal handling), its stdin a pipe we write lines to and,
// optionally, its stdout a pipe we read answers from. Writing to a program that went away reports a
// broken pipe instead of raising SIGPIPE, which would kill the daemon.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gleaner_exec {

class ChildProcess {
public:
    // Throws std::runtime_error "cannot start <program>: <reason>" when the program cannot be run.
    ChildProcess(const std::vector<std::string>& command, bool read_stdout);
    // Closes the program's stdin (its signal to finish), gives it a moment, then terminates it.
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    enum class Write { done, broken_pipe, timed_out };
    // Writes all of `data` to the program's stdin within `timeout`.
    Write write_all(std::string_view data, std::chrono::milliseconds timeout);

    // One line from the program's stdout (without its newline); nullopt at end of file or on timeout
    // (`timed_out` says which).
    std::optional<std::string> read_line(std::chrono::milliseconds timeout, bool& timed_out);

    // True when the program has exited (it is reaped then; exit_status() says how).
    bool exited();
    std::string exit_status() const { return exit_status_; }

    // SIGTERM, then SIGKILL if it does not go within `grace`; reaps it.
    void terminate(std::chrono::milliseconds grace);

    pid_t pid() const { return pid_; }

private:
    bool wait_exit(std::chrono::milliseconds timeout);

    pid_t pid_ = -1;
    int stdin_fd_ = -1;
    int stdout_fd_ = -1;
    std::string read_buffer_;
    bool reaped_ = false;
    std::string exit_status_;
};

}  // namespace gleaner_exec
