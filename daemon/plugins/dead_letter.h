// The dead-letter file: articles a plugin refused for good (FAIL, or RETRY past its attempt limit),
// one JSON object per line with the plugin, the reason and the whole article, so an operator can
// inspect and replay them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string_view>

namespace gleaner::plugins {

class DeadLetter {
public:
    explicit DeadLetter(std::filesystem::path file) : file_(std::move(file)) {}
    // Appends and syncs one record; throws std::runtime_error when the file cannot be written (the
    // caller then keeps the delivery in the spool instead of losing it).
    void write(std::string_view plugin, std::string_view reason, int attempts, std::int64_t spool_id,
               std::string_view article_json);
    const std::filesystem::path& file() const { return file_; }

private:
    std::filesystem::path file_;
    std::mutex mutex_;
};

}  // namespace gleaner::plugins
