// StateLock — see state_lock.h.
#include "service/state_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace gleaner::service {
namespace {

std::string holder_of(int fd) {
    char text[32] = {};
    const ssize_t got = pread(fd, text, sizeof text - 1, 0);
    std::string pid(text, got > 0 ? static_cast<std::size_t>(got) : 0);
    while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
    return pid;
}

}  // namespace

StateLock::StateLock(const std::filesystem::path& state_dir) {
    std::filesystem::create_directories(state_dir);
    const auto file = state_dir / "gleaner.lock";
    // O_CLOEXEC: a plugin's child process (exec) must not keep the lock after we are gone.
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0)
        throw StateLockError("cannot create the lock file " + file.string() + ": " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        const std::string pid = holder_of(fd_);
        ::close(fd_);
        fd_ = -1;
        if (error != EWOULDBLOCK)
            throw StateLockError("cannot lock " + file.string() + ": " + std::strerror(error));
        throw StateLockError("state_dir " + state_dir.string() + " is in use by another gleaner" +
                             (pid.empty() ? std::string() : " (pid " + pid + ")") +
                             "; one state folder serves one daemon: stop that one or give this one another state_dir");
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
        // The lock holds without the pid in the file; only the message of a refused daemon is poorer.
    }
}

StateLock::~StateLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the lock; the file stays (removing it would race a newcomer)
}

}  // namespace gleaner::service
