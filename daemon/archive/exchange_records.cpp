// See exchange_records.h.
#include "archive/exchange_records.h"

#include "archive/http_message.h"
#include "archive/warc_digest.h"

namespace gleaner::archive {
namespace {

constexpr const char* kServerNotModified = "http://netpreserve.org/warc/1.1/revisit/server-not-modified";

// The payload of an HTTP response is its entity body: chunked framing removed, content-encoding kept
// (WARC 1.1, WARC-Payload-Digest). A head that does not parse leaves the raw body as the payload.
std::string payload_digest(const fetch::Exchange& exchange, const std::string& block) {
    const auto parsed = parse_http_response(block, block.size());
    return sha1_label(parsed.ok() ? parsed.body : exchange.response_body);
}

}  // namespace

std::vector<WarcRecord> exchange_records(const fetch::Exchange& exchange) {
    const std::string date = warc_date(exchange.started);
    const bool revisit = exchange.http_status == 304;

    WarcRecord response;
    response.block = exchange.response_head + exchange.response_body;
    const std::string response_id = new_record_id();
    response.add("WARC-Type", revisit ? "revisit" : "response")
        .add("WARC-Record-ID", response_id)
        .add("WARC-Date", date)
        .add("WARC-Target-URI", exchange.target_uri);
    if (!exchange.ip_address.empty()) response.add("WARC-IP-Address", exchange.ip_address);
    if (revisit) response.add("WARC-Profile", kServerNotModified);
    response.add("WARC-Block-Digest", sha1_label(response.block));
    if (!revisit) response.add("WARC-Payload-Digest", payload_digest(exchange, response.block));
    if (!exchange.truncated.empty()) response.add("WARC-Truncated", exchange.truncated);
    response.add("Content-Type", "application/http;msgtype=response");

    WarcRecord request;
    request.block = exchange.request_head;
    request.add("WARC-Type", "request")
        .add("WARC-Record-ID", new_record_id())
        .add("WARC-Date", date)
        .add("WARC-Target-URI", exchange.target_uri);
    if (!exchange.ip_address.empty()) request.add("WARC-IP-Address", exchange.ip_address);
    request.add("WARC-Concurrent-To", response_id)
        .add("WARC-Block-Digest", sha1_label(request.block))
        .add("Content-Type", "application/http;msgtype=request");

    std::vector<WarcRecord> records;
    records.push_back(std::move(response));
    records.push_back(std::move(request));
    return records;
}

}  // namespace gleaner::archive
