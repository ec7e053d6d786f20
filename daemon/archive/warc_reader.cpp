// See warc_reader.h.
#include "archive/warc_reader.h"

#include <strings.h>

#include <charconv>

namespace gleaner::archive {
namespace {

constexpr std::size_t kMaxHead = 1024 * 1024;  // a record head larger than this is damage, not data
constexpr std::string_view kVersionPrefix = "WARC/1.";

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    return text;
}

}  // namespace

std::string WarcPosition::to_string() const {
    return std::to_string(offset) + (seekable ? "" : " (uncompressed)");
}

WarcReader::WarcReader(const std::filesystem::path& file, ErrorHandler on_error, std::size_t max_block)
    : input_(file), on_error_(std::move(on_error)), max_block_(max_block) {}

// Reads the version line and the fields up to the blank line.
bool WarcReader::read_head(WarcRecord& record, std::size_t& content_length, std::string& problem) {
    std::string_view window = input_.peek(4096);
    std::size_t head_end = window.find("\r\n\r\n");
    for (std::size_t want = 8192; head_end == std::string_view::npos; want *= 2) {
        if (window.size() >= kMaxHead || window.size() < want / 2) {
            problem = window.size() >= kMaxHead ? "no end of the record head within 1 MiB"
                                                : "the file ends inside a record head";
            return false;
        }
        window = input_.peek(want);
        head_end = window.find("\r\n\r\n");
    }
    std::string_view head = window.substr(0, head_end + 2);
    const auto first_end = head.find("\r\n");
    record.version = std::string(trim(head.substr(0, first_end)));
    if (!record.version.starts_with(kVersionPrefix)) {
        problem = "not a WARC record (starts with \"" + record.version.substr(0, 40) + "\")";
        return false;
    }
    head.remove_prefix(first_end + 2);
    bool have_length = false;
    while (!head.empty()) {
        const auto line_end = head.find("\r\n");
        const std::string_view line = head.substr(0, line_end);
        head.remove_prefix(line_end + 2);
        if ((line.front() == ' ' || line.front() == '\t') && !record.fields.empty()) {
            record.fields.back().second += " " + std::string(trim(line));  // folded continuation line
            continue;
        }
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) {
            problem = "malformed field line \"" + std::string(line.substr(0, 60)) + "\"";
            return false;
        }
        std::string name(trim(line.substr(0, colon)));
        std::string value(trim(line.substr(colon + 1)));
        if (name.size() == 14 && strncasecmp(name.c_str(), "Content-Length", 14) == 0) {
            const auto parsed = std::from_chars(value.data(), value.data() + value.size(), content_length);
            if (parsed.ec != std::errc() || parsed.ptr != value.data() + value.size()) {
                problem = "bad Content-Length \"" + value + "\"";
                return false;
            }
            have_length = true;
        }
        record.fields.emplace_back(std::move(name), std::move(value));
    }
    if (!have_length) {
        problem = "no Content-Length";
        return false;
    }
    input_.consume(head_end + 4);
    return true;
}

// After damage: the next gzip member, or the next line that starts a record in a plain stream.
void WarcReader::resync() {
    if (input_.failed()) {
        input_.skip_damaged_member();
        return;
    }
    if (input_.gzipped() && input_.resume_point().second) return;  // already at a member start
    input_.consume(1);
    for (;;) {
        const std::string_view window = input_.peek(64 * 1024);
        if (window.empty()) return;
        const auto found = window.find("\nWARC/1.");
        if (found != std::string_view::npos) {
            input_.consume(found + 1);
            return;
        }
        input_.consume(window.size() > kVersionPrefix.size() ? window.size() - kVersionPrefix.size() : window.size());
        if (input_.failed()) return;
    }
}

std::optional<ReadRecord> WarcReader::next() {
    for (;;) {
        // Blank lines between records are tolerated (some writers add more than two).
        for (std::string_view ahead = input_.peek(2); !ahead.empty() && (ahead[0] == '\r' || ahead[0] == '\n');
             ahead = input_.peek(2))
            input_.consume(1);
        const WarcPosition position = this->position();
        if (input_.failed()) {
            on_error_({{input_.error_offset(), true}, input_.error()});
            input_.skip_damaged_member();
            continue;
        }
        if (input_.at_end()) {
            if (input_.failed()) continue;
            return std::nullopt;
        }
        ReadRecord read;
        read.position = position;
        std::size_t length = 0;
        std::string problem;
        if (!read_head(read.record, length, problem)) {
            if (input_.failed()) {  // the record's member is damaged: reported as such
                on_error_({{input_.error_offset(), true}, "record head cut off: " + input_.error()});
                input_.skip_damaged_member();
                continue;
            }
            on_error_({position, problem});
            resync();
            continue;
        }
        if (length > max_block_) {
            read.block_skipped = true;
            input_.consume(length);
        } else {
            const std::string_view block = input_.peek(length);
            read.record.block.assign(block);
            input_.consume(block.size());
        }
        if (!read.block_skipped && read.record.block.size() < length) {
            on_error_({position, "record truncated: its block of " + std::to_string(length) + " bytes ends after " +
                                     std::to_string(read.record.block.size()) +
                                     (input_.error().empty() ? "" : " (" + input_.error() + ")")});
            if (input_.failed()) input_.skip_damaged_member();
            continue;
        }
        // The two CRLFs that end a record.
        for (int i = 0; i < 2 && input_.peek(2) == "\r\n"; ++i) input_.consume(2);
        return read;
    }
}

}  // namespace gleaner::archive
