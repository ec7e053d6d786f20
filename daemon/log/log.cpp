#include "log/log.h"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <memory>

#include "log/log_sinks.h"

namespace gleaner::log {
namespace {

spdlog::level::level_enum to_spdlog(Level level) {
    switch (level) {
        case Level::trace: return spdlog::level::trace;
        case Level::debug: return spdlog::level::debug;
        case Level::info: return spdlog::level::info;
        case Level::warn: return spdlog::level::warn;
        case Level::error: return spdlog::level::err;
        case Level::critical: return spdlog::level::critical;
    }
    return spdlog::level::info;
}

// systemd sets JOURNAL_STREAM to "device:inode" of the journal stream it connected to stderr.
bool stderr_is_journal() {
    const char* stream = std::getenv("JOURNAL_STREAM");
    return stream && *stream;
}

}  // namespace

bool parse_level(std::string_view name, Level& out) {
    static const std::pair<std::string_view, Level> kLevels[] = {
        {"trace", Level::trace}, {"debug", Level::debug}, {"info", Level::info},
        {"warn", Level::warn},   {"warning", Level::warn}, {"error", Level::error},
        {"critical", Level::critical}};
    for (const auto& [text, level] : kLevels)
        if (text == name) {
            out = level;
            return true;
        }
    return false;
}

void setup(std::string_view level, std::string_view format, Output output) {
    if (output == Output::automatic)
        output = stderr_is_journal() ? Output::journal : (format == "json" ? Output::json : Output::text);
    spdlog::sink_ptr sink;
    switch (output) {
        case Output::journal: sink = std::make_shared<detail::JournalSink>(); break;
        case Output::json: sink = std::make_shared<detail::JsonSink>(); break;
        default: sink = std::make_shared<detail::TextSink>(); break;
    }
    auto logger = std::make_shared<spdlog::logger>("gleaner", std::move(sink));
    logger->flush_on(spdlog::level::trace);
    spdlog::set_default_logger(std::move(logger));
    if (!set_level(level)) set_level("info");
}

bool set_level(std::string_view name) {
    Level level;
    if (!parse_level(name, level)) return false;
    spdlog::set_level(to_spdlog(level));
    return true;
}

bool enabled(Level level) { return spdlog::default_logger_raw()->should_log(to_spdlog(level)); }

void write(Level level, std::string_view message, Fields fields) {
    auto* logger = spdlog::default_logger_raw();
    const auto spd_level = to_spdlog(level);
    if (!logger->should_log(spd_level)) return;
    detail::FieldList list;
    list.reserve(fields.size());
    for (const auto& [key, value] : fields)
        if (!value.empty()) list.emplace_back(std::string(key), value);
    detail::set_current_fields(std::move(list));
    logger->log(spd_level, "{}", message);
    detail::set_current_fields({});
}

}  // namespace gleaner::log
