// What a WARC `response` record holds as a page for the extractor: the URL (WARC-Target-URI), when it
// was fetched (WARC-Date), the HTTP status and content type, and the body with transfer- and
// content-encoding undone. Records that are no HTML page (requests, metadata, images, 404s, ...) are
// named as such, so callers can count what they skipped.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "archive/warc_reader.h"

namespace gleaner::archive {

struct ArchivedPage {
    std::string url;
    std::chrono::system_clock::time_point fetched_at;
    std::string warc_date;  // as written
    int http_status = 0;
    std::string content_type;
    std::string body;       // decoded: the page as a browser would read it
    std::string ip_address; // WARC-IP-Address, when given
};

enum class PageVerdict {
    page,          // an HTML response: `page` is filled
    not_response,  // warcinfo, request, metadata, revisit, ...
    not_html,      // a response of another content type
    not_ok,        // an HTTP status other than 2xx
    unreadable,    // the block is no HTTP response, or its body cannot be decoded (`error` says why)
};

struct PageReading {
    PageVerdict verdict = PageVerdict::not_response;
    ArchivedPage page;
    std::string error;
};

// `max_body` caps the decoded body (and the encoded one).
PageReading read_archived_page(const ReadRecord& read, std::size_t max_body);

// "2025-01-02T03:04:05Z" (fractions of a second allowed) as a time point; nullopt if malformed.
std::optional<std::chrono::system_clock::time_point> parse_warc_date(std::string_view text);

}  // namespace gleaner::archive
