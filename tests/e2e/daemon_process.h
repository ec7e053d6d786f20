// Runs build/gleaner as a child process for end-to-end tests: arguments, extra environment, its
// stderr captured to a file, signals, and a bounded wait for its exit status.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gleaner::testing {

class DaemonProcess {
public:
    // Starts `build/gleaner args...`; stdout and stderr go to `log_file`. A `launcher` (a command
    // that execs its arguments, e.g. {"prlimit", "--nofile=1024:4096"}) runs in front of it.
    DaemonProcess(std::vector<std::string> args, std::filesystem::path log_file,
                  std::map<std::string, std::string> extra_env = {}, std::vector<std::string> launcher = {});
    ~DaemonProcess();  // kills the process if it still runs
    DaemonProcess(const DaemonProcess&) = delete;
    DaemonProcess& operator=(const DaemonProcess&) = delete;

    // Exit status, or nullopt if it did not exit within `limit` (then it is killed).
    std::optional<int> wait(std::chrono::milliseconds limit = std::chrono::seconds(60));
    void signal(int sig);
    bool running();
    std::string log() const;
    pid_t pid() const { return pid_; }

private:
    pid_t pid_ = -1;
    bool reaped_ = false;
    int status_ = -1;
    std::filesystem::path log_file_;
};

// The gleaner executable under test.
std::filesystem::path gleaner_binary();

// Runs gleaner to completion and returns {exit status, output}.
std::pair<int, std::string> run_gleaner(const std::vector<std::string>& args, const std::filesystem::path& work_dir,
                                        std::chrono::milliseconds limit = std::chrono::seconds(120));

}  // namespace gleaner::testing
