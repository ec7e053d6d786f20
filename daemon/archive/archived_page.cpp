// See archived_page.h.
#include "archive/archived_page.h"

#include <strings.h>

#include <ctime>

#include "archive/content_decoding.h"
#include "archive/http_message.h"

namespace gleaner::archive {
namespace {

bool contains_nocase(std::string_view haystack, std::string_view needle) {
    if (needle.size() > haystack.size()) return false;
    for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i)
        if (strncasecmp(haystack.data() + i, needle.data(), needle.size()) == 0) return true;
    return false;
}

// A response without a content type counts as HTML when it looks like markup.
bool is_html(std::string_view content_type, std::string_view body) {
    if (!content_type.empty()) return contains_nocase(content_type, "html");
    while (!body.empty() && (body.front() == ' ' || body.front() == '\n' || body.front() == '\r' || body.front() == '\t'))
        body.remove_prefix(1);
    return body.starts_with("<");
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_warc_date(std::string_view text) {
    std::tm utc{};
    const std::string copy(text);
    const char* rest = strptime(copy.c_str(), "%Y-%m-%dT%H:%M:%S", &utc);
    if (rest == nullptr) return std::nullopt;
    const std::time_t seconds = timegm(&utc);
    return std::chrono::system_clock::from_time_t(seconds);
}

PageReading read_archived_page(const ReadRecord& read, std::size_t max_body) {
    PageReading reading;
    const WarcRecord& record = read.record;
    const auto type = record.field("WARC-Type");
    if (type != "response" || !contains_nocase(record.field("Content-Type"), "application/http")) return reading;
    if (read.block_skipped) {
        reading.verdict = PageVerdict::unreadable;
        reading.error = "record block larger than the reader's limit";
        return reading;
    }
    auto http = parse_http_response(record.block, max_body);
    if (!http.ok()) {
        reading.verdict = PageVerdict::unreadable;
        reading.error = http.error;
        return reading;
    }
    ArchivedPage& page = reading.page;
    page.url = std::string(record.field("WARC-Target-URI"));
    if (page.url.size() > 1 && page.url.front() == '<' && page.url.back() == '>')  // WARC/1.0 style
        page.url = page.url.substr(1, page.url.size() - 2);
    page.warc_date = std::string(record.field("WARC-Date"));
    page.fetched_at = parse_warc_date(page.warc_date).value_or(std::chrono::system_clock::time_point{});
    page.http_status = http.status;
    page.content_type = std::string(http.header("Content-Type"));
    page.ip_address = std::string(record.field("WARC-IP-Address"));
    if (http.status < 200 || http.status >= 300) {
        reading.verdict = PageVerdict::not_ok;
        return reading;
    }
    auto decoded = decode_content(std::move(http.body), http.header("Content-Encoding"), max_body);
    if (!decoded.error.empty()) {
        reading.verdict = PageVerdict::unreadable;
        reading.error = "body: " + decoded.error;
        return reading;
    }
    if (!is_html(page.content_type, decoded.bytes)) {
        reading.verdict = PageVerdict::not_html;
        return reading;
    }
    page.body = std::move(decoded.bytes);
    reading.verdict = PageVerdict::page;
    return reading;
}

}  // namespace gleaner::archive
