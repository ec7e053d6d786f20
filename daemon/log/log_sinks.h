// The spdlog sinks behind gleaner::log: each renders the current message's structured fields,
// which log.cpp hands over through a thread-local (spdlog 1.10 has no structured fields of its own;
// the logger is synchronous, so the sink runs on the thread that set them).
#pragma once

#include <spdlog/sinks/base_sink.h>

#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace gleaner::log::detail {

using FieldList = std::vector<std::pair<std::string, std::string>>;
// Fields of the message being written on this thread.
const FieldList& current_fields();
void set_current_fields(FieldList fields);

// "2026-11-24 10:00:00.123 info  message  source=demo url=https://..." on stderr.
class TextSink : public spdlog::sinks::base_sink<std::mutex> {
protected:
    void sink_it_(const spdlog::details::log_msg& msg) override;
    void flush_() override;
};

// One JSON object per line on stderr: {"time":"...","level":"info","message":"...","source":"demo"}.
class JsonSink : public spdlog::sinks::base_sink<std::mutex> {
protected:
    void sink_it_(const spdlog::details::log_msg& msg) override;
    void flush_() override;
};

// Native journal entries through sd_journal_sendv: MESSAGE, PRIORITY, SYSLOG_IDENTIFIER and the fields.
class JournalSink : public spdlog::sinks::base_sink<std::mutex> {
protected:
    void sink_it_(const spdlog::details::log_msg& msg) override;
    void flush_() override {}
};

}  // namespace gleaner::log::detail
