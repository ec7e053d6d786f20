// FailureKind names and the table that classifies curl's error codes.
#include "fetch/failure.h"

#include <algorithm>
#include <numeric>
#include <utility>

namespace gleaner::fetch {
namespace {

constexpr std::array<std::string_view, kFailureKindCount> kFailureKindNames = {
    "none",     "dns",       "connect",           "tls",           "timeout",
    "http_4xx", "http_5xx",  "too_large",         "robots_disallowed", "private_network",
    "too_many_redirects", "bad_url", "file_error", "cancelled",     "other",
};

// curl codes that are not `other`. Everything absent from this table is `other`.
constexpr std::pair<CURLcode, FailureKind> kCurlCodeKinds[] = {
    {CURLE_OK, FailureKind::none},
    {CURLE_COULDNT_RESOLVE_HOST, FailureKind::dns},
    {CURLE_COULDNT_RESOLVE_PROXY, FailureKind::dns},
    {CURLE_COULDNT_CONNECT, FailureKind::connect},
    {CURLE_SEND_ERROR, FailureKind::connect},
    {CURLE_RECV_ERROR, FailureKind::connect},
    {CURLE_GOT_NOTHING, FailureKind::connect},
    {CURLE_PARTIAL_FILE, FailureKind::connect},  // the connection closed before the announced length
    {CURLE_HTTP2, FailureKind::connect},
    {CURLE_HTTP2_STREAM, FailureKind::connect},
    {CURLE_PROXY, FailureKind::connect},
    {CURLE_SSL_CONNECT_ERROR, FailureKind::tls},
    {CURLE_PEER_FAILED_VERIFICATION, FailureKind::tls},
    {CURLE_SSL_CERTPROBLEM, FailureKind::tls},
    {CURLE_SSL_CIPHER, FailureKind::tls},
    {CURLE_SSL_CACERT_BADFILE, FailureKind::tls},
    {CURLE_SSL_ISSUER_ERROR, FailureKind::tls},
    {CURLE_SSL_PINNEDPUBKEYNOTMATCH, FailureKind::tls},
    {CURLE_SSL_INVALIDCERTSTATUS, FailureKind::tls},
    {CURLE_SSL_CRL_BADFILE, FailureKind::tls},
    {CURLE_SSL_SHUTDOWN_FAILED, FailureKind::tls},
    {CURLE_SSL_ENGINE_NOTFOUND, FailureKind::tls},
    {CURLE_SSL_ENGINE_SETFAILED, FailureKind::tls},
    {CURLE_SSL_ENGINE_INITFAILED, FailureKind::tls},
    {CURLE_USE_SSL_FAILED, FailureKind::tls},
    {CURLE_OPERATION_TIMEDOUT, FailureKind::timeout},
    {CURLE_TOO_MANY_REDIRECTS, FailureKind::too_many_redirects},
    {CURLE_FILESIZE_EXCEEDED, FailureKind::too_large},
    {CURLE_URL_MALFORMAT, FailureKind::bad_url},
    {CURLE_UNSUPPORTED_PROTOCOL, FailureKind::bad_url},
    {CURLE_FILE_COULDNT_READ_FILE, FailureKind::file_error},
    {CURLE_READ_ERROR, FailureKind::file_error},
};

}  // namespace

std::string_view to_string(FailureKind kind) {
    return kFailureKindNames[static_cast<std::size_t>(kind)];
}

std::uint64_t FetchStats::completed() const {
    return std::accumulate(completed_by_failure.begin(), completed_by_failure.end(), std::uint64_t{0});
}

FailureKind failure_for_curl_code(CURLcode code) {
    const auto* found = std::find_if(std::begin(kCurlCodeKinds), std::end(kCurlCodeKinds),
                                     [code](const auto& entry) { return entry.first == code; });
    return found == std::end(kCurlCodeKinds) ? FailureKind::other : found->second;
}

FailureKind failure_for_http_status(long status) {
    if ((status >= 200 && status < 300) || status == 304) return FailureKind::none;
    if (status >= 400 && status < 500) return FailureKind::http_4xx;
    if (status >= 500 && status < 600) return FailureKind::http_5xx;
    return FailureKind::other;
}

bool is_retryable(FailureKind kind, long http_status) {
    switch (kind) {
        case FailureKind::timeout:
        case FailureKind::connect:
        case FailureKind::http_5xx: return true;
        case FailureKind::http_4xx: return http_status == 429;
        default: return false;
    }
}

}  // namespace gleaner::fetch
