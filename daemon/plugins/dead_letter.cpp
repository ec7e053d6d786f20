#include "plugins/dead_letter.h"

#include <fcntl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>

#include "plugins/dead_letter_file.h"

namespace gleaner::plugins {

void DeadLetter::write(std::string_view plugin, std::string_view reason, int attempts, std::int64_t spool_id,
                       std::string_view article_json) {
    nlohmann::ordered_json record;
    record["time_ms"] = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    record["plugin"] = plugin;
    record["reason"] = reason;
    record["attempts"] = attempts;
    record["spool_id"] = spool_id;
    auto article = nlohmann::json::parse(article_json, nullptr, false);
    if (article.is_discarded()) record["article_raw"] = article_json;
    else record["article"] = std::move(article);
    const std::string line = record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";

    std::lock_guard lock(mutex_);
    DeadLetterLock file_lock(file_);  // `gleaner dead-letters replay` may be rewriting the file
    const int fd = ::open(file_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (fd < 0) throw std::runtime_error("cannot open dead-letter file " + file_.string() + ": " + std::strerror(errno));
    std::size_t done = 0;
    while (done < line.size()) {
        const ssize_t n = ::write(fd, line.data() + done, line.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            throw std::runtime_error("cannot write dead-letter file " + file_.string() + ": " + std::strerror(err));
        }
        done += static_cast<std::size_t>(n);
    }
    ::fsync(fd);
    ::close(fd);
}

}  // namespace gleaner::plugins
