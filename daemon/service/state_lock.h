// One daemon per state folder. Two daemons on the same state_dir fetch everything twice, overwrite
// each other's files and delete each other's control socket, so the daemon takes an exclusive lock
// (flock) on state_dir/gleaner.lock before it touches anything there, holds it until it exits, and
// writes its pid into the file so the one refused can say who holds it. The kernel drops the lock
// when the process dies, however it dies: there is no stale lock to clean up.
#pragma once

#include <filesystem>
#include <stdexcept>

namespace gleaner::service {

class StateLockError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class StateLock {
public:
    // Creates the folder if needed. Throws StateLockError naming the folder (and the pid holding the
    // lock, when known) when another process has it, or when the lock file cannot be made.
    explicit StateLock(const std::filesystem::path& state_dir);
    ~StateLock();
    StateLock(const StateLock&) = delete;
    StateLock& operator=(const StateLock&) = delete;

private:
    int fd_ = -1;
};

}  // namespace gleaner::service
