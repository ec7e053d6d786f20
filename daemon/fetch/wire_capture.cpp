// See wire_capture.h.
#include "fetch/wire_capture.h"

namespace gleaner::fetch {
namespace {

bool is_blank_line(std::string_view line) { return line == "\r\n" || line == "\n"; }

int on_debug(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
    auto& capture = *static_cast<WireCapture*>(user);
    const std::string_view bytes(data, size);
    switch (type) {
        case CURLINFO_HEADER_OUT:
            // A request after a response began: curl is on its next hop (robots.txt redirects).
            if (!capture.response_head.empty()) {
                capture.request_head.clear();
                capture.response_head.clear();
                capture.response_body.clear();
                capture.head_complete = false;
                capture.body_capped = false;
            }
            capture.request_head.append(bytes);
            break;
        case CURLINFO_HEADER_IN:
            if (capture.head_complete) {
                // A status line after a complete head starts the next response (after a 1xx);
                // anything else is a chunked trailer, which the raw body already holds.
                if (!bytes.starts_with("HTTP/")) break;
                capture.response_head.clear();
                capture.response_body.clear();
                capture.head_complete = false;
                capture.body_capped = false;
            }
            capture.response_head.append(bytes);
            if (is_blank_line(bytes)) capture.head_complete = true;
            break;
        case CURLINFO_DATA_IN:
            if (!capture.head_complete) break;
            if (capture.response_body.size() + size > capture.body_cap) {
                capture.response_body.append(bytes.substr(0, capture.body_cap - capture.response_body.size()));
                capture.body_capped = true;
            } else {
                capture.response_body.append(bytes);
            }
            break;
        default:
            break;  // informational text and TLS records are not part of the HTTP exchange
    }
    return 0;
}

std::string truncation_reason(CURLcode code, bool stopped_at_limit, bool body_capped) {
    if (stopped_at_limit || body_capped) return "length";
    switch (code) {
        case CURLE_OK:
            return {};
        case CURLE_OPERATION_TIMEDOUT:
            return "time";
        case CURLE_RECV_ERROR:
        case CURLE_PARTIAL_FILE:
        case CURLE_GOT_NOTHING:
        case CURLE_HTTP2_STREAM:
        case CURLE_HTTP2:
            return "disconnect";
        default:
            return "unspecified";
    }
}

}  // namespace

void start_capture(CURL* easy, WireCapture& capture, std::size_t body_cap) {
    capture = WireCapture{};
    capture.started = std::chrono::system_clock::now();
    capture.body_cap = body_cap;
    curl_easy_setopt(easy, CURLOPT_DEBUGFUNCTION, &on_debug);
    curl_easy_setopt(easy, CURLOPT_DEBUGDATA, &capture);
    curl_easy_setopt(easy, CURLOPT_VERBOSE, 1L);
}

std::optional<Exchange> finish_capture(CURL* easy, WireCapture& capture, CURLcode code, bool stopped_at_limit) {
    if (!capture.head_complete) return std::nullopt;
    Exchange exchange;
    char* text = nullptr;
    if (curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &text) == CURLE_OK && text != nullptr) exchange.target_uri = text;
    text = nullptr;
    if (curl_easy_getinfo(easy, CURLINFO_PRIMARY_IP, &text) == CURLE_OK && text != nullptr) exchange.ip_address = text;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &exchange.http_status);
    exchange.started = capture.started;
    exchange.request_head = std::move(capture.request_head);
    exchange.response_head = std::move(capture.response_head);
    exchange.response_body = std::move(capture.response_body);
    exchange.truncated = truncation_reason(code, stopped_at_limit, capture.body_capped);
    capture = WireCapture{};
    return exchange;
}

}  // namespace gleaner::fetch
