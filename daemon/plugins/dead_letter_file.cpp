#include "plugins/dead_letter_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <stdexcept>

#include "state/crawl_store.h"

namespace gleaner::plugins {
namespace {

std::runtime_error file_error(const std::string& what, const std::filesystem::path& file) {
    return std::runtime_error(what + " " + file.string() + ": " + std::strerror(errno));
}

std::vector<std::string> read_lines(const std::filesystem::path& file) {
    std::vector<std::string> lines;
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        if (errno == ENOENT) return lines;
        throw file_error("cannot read dead-letter file", file);
    }
    for (std::string line; std::getline(in, line);) lines.push_back(std::move(line));
    return lines;
}

std::string text_of(const nlohmann::json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Writes `lines` to FILE.tmp, syncs it and renames it over FILE.
void replace_file(const std::filesystem::path& file, const std::vector<std::string>& lines) {
    const auto temporary = file.string() + ".tmp";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (fd < 0) throw file_error("cannot write", temporary);
    std::string text;
    for (const auto& line : lines) text += line + "\n";
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const auto error = file_error("cannot write", temporary);
            ::close(fd);
            throw error;
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) throw file_error("cannot sync", temporary);
    if (::rename(temporary.c_str(), file.c_str()) != 0) throw file_error("cannot replace", file);
}

}  // namespace

std::filesystem::path dead_letter_path(const config::Config& config) {
    return config.delivery.dead_letter.empty() ? config.state_dir / "dead-letter.jsonl" : config.delivery.dead_letter;
}

DeadLetterLock::DeadLetterLock(const std::filesystem::path& file) {
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    const auto path = file.string() + ".lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
    if (fd_ < 0) throw file_error("cannot open lock file", path);
    while (::flock(fd_, LOCK_EX) != 0) {
        if (errno == EINTR) continue;
        const auto error = file_error("cannot lock", path);
        ::close(fd_);
        throw error;
    }
}

DeadLetterLock::~DeadLetterLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

DeadLetterFile read_dead_letters(const std::filesystem::path& file) {
    DeadLetterFile out;
    const auto lines = read_lines(file);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].empty()) continue;
        const auto where = file.string() + ":" + std::to_string(i + 1) + ": ";
        const auto j = nlohmann::json::parse(lines[i], nullptr, false);
        if (j.is_discarded() || !j.is_object() || !j.contains("plugin")) {
            out.problems.push_back(where + "not a dead-letter record (expected one JSON object per line)");
            continue;
        }
        DeadLetterRecord r;
        r.line = i + 1;
        r.time_ms = j.value("time_ms", std::int64_t{0});
        r.plugin = text_of(j, "plugin");
        r.reason = text_of(j, "reason");
        r.attempts = j.value("attempts", 0);
        if (const auto article = j.find("article"); article != j.end() && article->is_object()) {
            r.title = text_of(*article, "title");
            r.url = text_of(*article, "canonical_url");
            if (r.url.empty()) r.url = text_of(*article, "url");
            r.payload = article->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        }
        out.records.push_back(std::move(r));
    }
    return out;
}

ReplayResult replay_dead_letters(state::CrawlStore& store, const std::filesystem::path& file, std::string_view plugin,
                                 std::int64_t now_ms) {
    DeadLetterLock lock(file);
    ReplayResult result;
    std::set<std::size_t> replayed;
    std::vector<std::pair<std::string, std::string>> articles;  // canonical URL, payload
    for (auto& r : read_dead_letters(file).records) {
        if (r.plugin != plugin) continue;
        if (r.payload.empty()) {
            result.kept++;
            continue;
        }
        replayed.insert(r.line);
        articles.emplace_back(std::move(r.url), std::move(r.payload));
    }
    if (replayed.empty()) return result;
    store.requeue(plugin, articles, now_ms);  // one transaction: all or none
    auto lines = read_lines(file);
    std::vector<std::string> left;
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (!replayed.count(i + 1)) left.push_back(std::move(lines[i]));
    replace_file(file, left);
    result.replayed = replayed.size();
    return result;
}

std::string replay_summary(std::string_view plugin, const ReplayResult& result) {
    std::string out = "replayed " + std::to_string(result.replayed) + " article(s) of plugin " + std::string(plugin) +
                      " (back in its queue, due now)";
    if (result.kept > 0)
        out += "; " + std::to_string(result.kept) + " record(s) hold no article and stay in the dead-letter file";
    return out;
}

}  // namespace gleaner::plugins
