#include "log/log_sinks.h"

#include <nlohmann/json.hpp>
#include <spdlog/fmt/chrono.h>
#include <systemd/sd-journal.h>
#include <sys/uio.h>
#include <syslog.h>

#include <cctype>
#include <cstdio>

namespace gleaner::log::detail {
namespace {

thread_local FieldList t_fields;

std::string lower(std::string_view key) {
    std::string out(key);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string timestamp(const spdlog::details::log_msg& msg) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count() % 1000;
    return fmt::format("{:%Y-%m-%d %H:%M:%S}.{:03}", fmt::localtime(std::chrono::system_clock::to_time_t(msg.time)), ms);
}

// Values with spaces or quotes are quoted so a line stays parseable by eye and by tools.
std::string quoted_if_needed(const std::string& value) {
    if (value.find_first_of(" \"=\t") == std::string::npos) return value;
    return nlohmann::json(value).dump();
}

int syslog_priority(spdlog::level::level_enum level) {
    switch (level) {
        case spdlog::level::trace:
        case spdlog::level::debug: return LOG_DEBUG;
        case spdlog::level::info: return LOG_INFO;
        case spdlog::level::warn: return LOG_WARNING;
        case spdlog::level::err: return LOG_ERR;
        case spdlog::level::critical: return LOG_CRIT;
        default: return LOG_INFO;
    }
}

}  // namespace

const FieldList& current_fields() { return t_fields; }
void set_current_fields(FieldList fields) { t_fields = std::move(fields); }

void TextSink::sink_it_(const spdlog::details::log_msg& msg) {
    std::string line = timestamp(msg);
    const auto level = spdlog::level::to_string_view(msg.level);
    line += ' ';
    line.append(level.data(), level.size());
    line.append(level.size() < 5 ? 6 - level.size() : 1, ' ');
    line.append(msg.payload.data(), msg.payload.size());
    for (const auto& [key, value] : t_fields) line += "  " + lower(key) + "=" + quoted_if_needed(value);
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stderr);
}

void TextSink::flush_() { std::fflush(stderr); }

void JsonSink::sink_it_(const spdlog::details::log_msg& msg) {
    nlohmann::ordered_json line;
    line["time"] = timestamp(msg);
    line["level"] = std::string(spdlog::level::to_string_view(msg.level).data(),
                                spdlog::level::to_string_view(msg.level).size());
    line["message"] = std::string(msg.payload.data(), msg.payload.size());
    for (const auto& [key, value] : t_fields) line[lower(key)] = value;
    const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    std::fwrite(text.data(), 1, text.size(), stderr);
}

void JsonSink::flush_() { std::fflush(stderr); }

void JournalSink::sink_it_(const spdlog::details::log_msg& msg) {
    std::vector<std::string> parts;
    parts.reserve(t_fields.size() + 3);
    parts.push_back("MESSAGE=" + std::string(msg.payload.data(), msg.payload.size()));
    parts.push_back("PRIORITY=" + std::to_string(syslog_priority(msg.level)));
    parts.push_back("SYSLOG_IDENTIFIER=gleaner");
    for (const auto& [key, value] : t_fields) parts.push_back(key + "=" + value);
    std::vector<iovec> iov(parts.size());
    for (std::size_t i = 0; i < parts.size(); ++i) iov[i] = {parts[i].data(), parts[i].size()};
    sd_journal_sendv(iov.data(), static_cast<int>(iov.size()));
}

}  // namespace gleaner::log::detail
