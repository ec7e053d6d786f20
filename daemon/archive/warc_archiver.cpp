// See warc_archiver.h.
#include "archive/warc_archiver.h"

#include <unistd.h>

#include "archive/exchange_records.h"
#include "archive/warc_file_writer.h"
#include "log/log.h"

namespace gleaner::archive {
namespace {

std::size_t size_of(const fetch::Exchange& exchange) {
    return exchange.request_head.size() + exchange.response_head.size() + exchange.response_body.size() +
           exchange.target_uri.size();
}

std::string host_name() {
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0) return "unknown";
    return name;
}

// The warcinfo block: what wrote the file and how (application/warc-fields).
std::string warcinfo_fields(const ArchiverSettings& settings) {
    return std::string("software: Gleaner/") + GLEANER_VERSION +
           "\r\nformat: WARC File Format 1.1"
           "\r\nconformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"
           "\r\nhostname: " +
           host_name() + "\r\nhttp-header-user-agent: " + settings.user_agent + "\r\n";
}

}  // namespace

WarcArchiver::WarcArchiver(ArchiverSettings settings) : settings_(std::move(settings)) {
    for (const auto& repaired : repair_open_files(settings_.dir)) {
        log::warn("WARC file left open by a previous run: torn tail truncated",
                  {{"FILE", repaired.file.string()}, {"BYTES_REMOVED", std::to_string(repaired.bytes_removed)}});
    }
    thread_ = std::thread([this] { run(); });
}

WarcArchiver::~WarcArchiver() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void WarcArchiver::record(fetch::Exchange exchange) {
    const std::size_t size = size_of(exchange);
    {
        std::lock_guard lock(mutex_);
        if (queued_bytes_ + size > settings_.queue_limit && !queue_.empty()) {
            ++dropped_;
            log::error("WARC writer is behind: exchange not archived",
                       {{"URL", exchange.target_uri}, {"QUEUED_BYTES", std::to_string(queued_bytes_)}});
            return;
        }
        queued_bytes_ += size;
        queue_.push_back(std::move(exchange));
    }
    wake_.notify_one();
}

ArchiveStats WarcArchiver::stats() const {
    return {records_written_.load(), dropped_.load(), files_closed_.load()};
}

void WarcArchiver::run() {
    std::unique_ptr<WarcFileWriter> writer;
    std::string last_error;
    for (;;) {
        fetch::Exchange exchange;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) break;  // stopping, and everything is written
            exchange = std::move(queue_.front());
            queue_.pop_front();
            queued_bytes_ -= size_of(exchange);
        }
        try {
            if (!writer)
                writer = std::make_unique<WarcFileWriter>(settings_.dir, settings_.max_size, warcinfo_fields(settings_));
            const auto records = exchange_records(exchange);
            const auto closed_before = writer->files_closed();
            writer->write(records);
            records_written_ += records.size();
            files_closed_ += writer->files_closed() - closed_before;
            last_error.clear();
        } catch (const std::exception& e) {
            ++dropped_;
            // One line per new kind of failure: a full disk would otherwise log every exchange.
            if (last_error != e.what())
                log::error("cannot write WARC records", {{"URL", exchange.target_uri}, {"ERROR", e.what()}});
            last_error = e.what();
        }
    }
    if (writer) {
        try {
            writer->close();
            ++files_closed_;
        } catch (const std::exception& e) {
            log::error("cannot close WARC file", {{"ERROR", e.what()}});
        }
    }
}

}  // namespace gleaner::archive
