// Setting up easy handles and reading their results: every curl option the fetcher uses is here.
#include "fetch/transfer.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>

#include "fetch/address_policy.h"
#include "fetch/body_budget.h"
#include "fetch/failure.h"
#include "fetch/private_connections.h"

namespace gleaner::fetch {
namespace {

// RFC 9309 section 2.5: crawlers must parse at least 500 KiB of robots.txt; the rest is dropped.
constexpr std::int64_t kRobotsMaxBytes = 512 * 1024;
// RFC 9309 section 2.3.1.2: follow at least five consecutive redirects for robots.txt.
constexpr long kRobotsMaxRedirects = 5;

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto& transfer = *static_cast<Transfer*>(user);
    const std::size_t length = size * count;
    std::string& body = transfer.response.body;
    if (body.empty() && transfer.easy != nullptr) {
        curl_off_t announced = -1;
        curl_easy_getinfo(transfer.easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &announced);
        if (announced > 0) {
            const auto limit = transfer.body_limit > 0 ? transfer.body_limit : announced;
            body.reserve(static_cast<std::size_t>(std::min<curl_off_t>(announced, limit)));
        }
    }
    // Over fetch.max_bytes_in_flight curl keeps this piece and stops reading until it is resumed.
    if (transfer.budget != nullptr && !transfer.budget->take(transfer.id, length, transfer.charged))
        return CURL_WRITEFUNC_PAUSE;
    // Counted after decompression, so a gzip bomb stops at the limit instead of filling memory.
    if (transfer.body_limit > 0 && static_cast<std::int64_t>(body.size() + length) > transfer.body_limit) {
        body.append(data, static_cast<std::size_t>(transfer.body_limit) - body.size());
        transfer.body_truncated = true;
        return 0;  // makes curl abort with CURLE_WRITE_ERROR
    }
    body.append(data, length);
    return length;
}

// Checked on the address curl is about to connect to, after its own resolution, so a name that
// resolves to 127.0.0.1 on the second lookup is still refused. When private addresses are allowed,
// the sockets opened to them are recorded instead (see private_connections.h).
curl_socket_t open_socket(void* user, curlsocktype purpose, curl_sockaddr* address) {
    auto& transfer = *static_cast<Transfer*>(user);
    const auto range =
        purpose == CURLSOCKTYPE_IPCXN ? private_address_range(&address->addr) : std::optional<std::string_view>();
    if (range && (transfer.private_connections == nullptr || !transfer.private_connections->allowed())) {
        transfer.refused_address = address_to_string(&address->addr) + " (" + std::string(*range) + ")";
        return CURL_SOCKET_BAD;
    }
    const curl_socket_t opened = socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
    if (range && opened != CURL_SOCKET_BAD && transfer.private_connections != nullptr)
        transfer.private_connections->opened(opened);
    return opened;
}

int close_socket(void* private_connections, curl_socket_t socket) {
    static_cast<PrivateConnections*>(private_connections)->closed(socket);
    return close(socket);
}

curl_slist* build_header_list(const Transfer& transfer) {
    std::map<std::string, std::string> headers = transfer.settings->headers;
    for (const auto& [name, value] : transfer.request.headers) headers[name] = value;
    curl_slist* list = nullptr;
    const auto append = [&list](const std::string& line) {
        if (curl_slist* grown = curl_slist_append(list, line.c_str())) list = grown;
    };
    for (const auto& [name, value] : headers) append(name + ": " + value);
    if (!transfer.is_robots && !transfer.request.etag.empty()) append("If-None-Match: " + transfer.request.etag);
    if (!transfer.is_robots && !transfer.request.last_modified.empty()) {
        append("If-Modified-Since: " + transfer.request.last_modified);
    }
    return list;
}

std::string header_value(CURL* easy, const char* name) {
    curl_header* header = nullptr;
    if (curl_easy_header(easy, name, 0, CURLH_HEADER, -1, &header) != CURLHE_OK || header == nullptr) return {};
    return header->value;
}

std::string info_string(CURL* easy, CURLINFO info) {
    char* text = nullptr;
    curl_easy_getinfo(easy, info, &text);
    return text != nullptr ? text : "";
}

std::string transport_error(const Transfer& transfer, CURLcode code) {
    const std::string detail = transfer.error_buffer[0] != '\0' ? transfer.error_buffer : curl_easy_strerror(code);
    return transfer.target.url + ": " + detail;
}

}  // namespace

Transfer::~Transfer() { curl_slist_free_all(header_list); }

void prepare_easy(Transfer& transfer, CURL* easy, PrivateConnections& private_connections) {
    const config::FetchConfig& settings = *transfer.settings;
    transfer.easy = easy;
    transfer.private_connections = &private_connections;
    transfer.response.body.clear();
    transfer.body_truncated = false;
    transfer.refused_address.clear();
    transfer.error_buffer[0] = '\0';
    curl_slist_free_all(transfer.header_list);
    transfer.header_list = build_header_list(transfer);
    transfer.body_limit = transfer.is_robots ? kRobotsMaxBytes : std::max<std::int64_t>(settings.max_body_bytes, 0);

    const bool is_file = transfer.target.scheme == "file";
    curl_easy_setopt(easy, CURLOPT_URL, transfer.target.url.c_str());
    curl_easy_setopt(easy, CURLOPT_PRIVATE, &transfer);
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, is_file ? "file" : "http,https");
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer.error_buffer);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(easy, CURLOPT_USERAGENT, std::string(transfer.user_agent()).c_str());
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, transfer.header_list);
    curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");  // every encoding curl can decode
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);  // prefer multiplexing on an HTTP/2 connection
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(settings.timeout.count()));
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(settings.connect_timeout.count()));
    if (settings.low_speed_limit > 0) {
        const auto seconds = std::max<long>(1, static_cast<long>((settings.low_speed_time.count() + 999) / 1000));
        curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, static_cast<long>(settings.low_speed_limit));
        curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, seconds);
    }
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, settings.verify_tls ? 1L : 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, settings.verify_tls ? 2L : 0L);
    if (!settings.proxy.empty()) curl_easy_setopt(easy, CURLOPT_PROXY, settings.proxy.c_str());
    // Behind a configured proxy the socket goes to the proxy, which resolves the target itself.
    if (settings.proxy.empty() && !is_file) {
        curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, &open_socket);
        curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, &transfer);
        curl_easy_setopt(easy, CURLOPT_CLOSESOCKETFUNCTION, &close_socket);
        curl_easy_setopt(easy, CURLOPT_CLOSESOCKETDATA, &private_connections);
    }
    if (transfer.is_robots) {
        // robots.txt redirects are followed inside curl; page redirects go back through the scheduler.
        curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(easy, CURLOPT_MAXREDIRS, kRobotsMaxRedirects);
        curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    } else if (transfer.body_limit > 0) {
        // Refuses early when Content-Length already says too much; the write callback catches the rest.
        curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(transfer.body_limit));
    }
}

TransferResult read_result(Transfer& transfer, CURLcode code) {
    CURL* easy = transfer.easy;
    TransferResult result;
    result.code = code;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &result.http_status);
    result.effective_url = info_string(easy, CURLINFO_EFFECTIVE_URL);
    result.redirect_url = info_string(easy, CURLINFO_REDIRECT_URL);
    result.content_type = info_string(easy, CURLINFO_CONTENT_TYPE);
    result.etag = header_value(easy, "ETag");
    result.last_modified = header_value(easy, "Last-Modified");
    result.retry_after = header_value(easy, "Retry-After");
    result.cache_control = header_value(easy, "Cache-Control");
    result.expires = header_value(easy, "Expires");
    curl_off_t body_bytes = 0;
    long header_bytes = 0;
    curl_easy_getinfo(easy, CURLINFO_SIZE_DOWNLOAD_T, &body_bytes);
    curl_easy_getinfo(easy, CURLINFO_HEADER_SIZE, &header_bytes);
    result.bytes_received = static_cast<std::uint64_t>(std::max<curl_off_t>(0, body_bytes) + std::max(0L, header_bytes));
    curl_slist_free_all(transfer.header_list);
    transfer.header_list = nullptr;

    const bool stopped_at_limit =
        (code == CURLE_WRITE_ERROR && transfer.body_truncated) || code == CURLE_FILESIZE_EXCEEDED;
    if (stopped_at_limit && transfer.is_robots) {
        result.code = CURLE_OK;  // a long robots.txt is cut, not refused
    } else if (stopped_at_limit) {
        result.failure = FailureKind::too_large;
        result.error = transfer.target.url + ": body larger than fetch.max_body_bytes (" +
                       std::to_string(transfer.body_limit) + " bytes" +
                       (code == CURLE_WRITE_ERROR ? " after decompression" : " announced by Content-Length") +
                       "); transfer aborted";
        return result;
    }
    if (result.code != CURLE_OK) {
        if (!transfer.refused_address.empty()) {
            result.failure = FailureKind::private_network;
            result.error = transfer.target.url + ": refused to connect to " + transfer.refused_address +
                           ", a private-network address (fetch.allow_private_networks is false)";
        } else {
            result.failure = failure_for_curl_code(code);
            result.error = transport_error(transfer, code);
        }
        return result;
    }
    if (transfer.target.scheme == "file") return result;
    result.failure = failure_for_http_status(result.http_status);
    if (result.failure != FailureKind::none) {
        result.error = transfer.target.url + ": HTTP " + std::to_string(result.http_status);
        if (result.http_status >= 300 && result.http_status < 400) result.error += " without a usable Location";
    }
    return result;
}

EasyPool::~EasyPool() {
    for (CURL* easy : idle_) curl_easy_cleanup(easy);
}

CURL* EasyPool::acquire() {
    if (idle_.empty()) return curl_easy_init();
    CURL* easy = idle_.back();
    idle_.pop_back();
    return easy;
}

void EasyPool::release(CURL* easy) {
    if (idle_.size() >= kMaxIdle) {
        curl_easy_cleanup(easy);
        return;
    }
    curl_easy_reset(easy);
    idle_.push_back(easy);
}

}  // namespace gleaner::fetch
