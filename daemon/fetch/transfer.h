// One fetch as the fetcher tracks it from fetch() to on_done (redirect hops and retries included),
// and the two places it meets curl: setting up an easy handle for the next transfer, and reading
// what that transfer produced. Internal to daemon/fetch.
#pragma once

#include <curl/curl.h>

#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "fetch/fetch_types.h"
#include "fetch/url_parts.h"
#include "fetch/wire_capture.h"

namespace gleaner::fetch {

struct Host;
class BodyBudget;
class PrivateConnections;

struct Transfer {
    enum class State { new_, queued, waiting_retry, running };

    std::uint64_t id = 0;
    bool is_robots = false;  // an internal robots.txt fetch: no on_done, counted apart
    State state = State::new_;
    Request request;
    std::function<void(Response)> on_done;
    std::shared_ptr<const config::FetchConfig> settings;  // as they were when fetch() was called
    UrlParts target;                                      // the URL of the current hop
    Host* host = nullptr;                                 // the target's host; null for file:
    Response response;                                    // filled as the fetch goes
    std::vector<std::string> visited;                     // URLs already redirected from
    bool started = false;  // a transfer has been made (else attempts is 0)
    int gate_slot = -1;    // the HostGate slot the running transfer holds (-1: none)
    int retries = 0;
    std::chrono::steady_clock::time_point submitted;
    std::unique_ptr<boost::asio::steady_timer> retry_timer;  // made on the first retry only

    // The running transfer; reset by prepare_easy.
    CURL* easy = nullptr;
    curl_slist* header_list = nullptr;
    std::int64_t body_limit = 0;  // 0: none
    bool body_truncated = false;  // the write callback stopped at body_limit
    std::string refused_address;  // set when the private-network check refused a connection
    PrivateConnections* private_connections = nullptr;  // the fetcher's, set by prepare_easy
    BodyBudget* budget = nullptr;  // the fetcher's, for pages (robots.txt is small and exempt)
    std::size_t charged = 0;       // body bytes counted against the budget
    char error_buffer[CURL_ERROR_SIZE] = {};
    std::unique_ptr<WireCapture> capture;  // set while an exchange sink archives what is fetched

    ~Transfer();
    std::string_view user_agent() const {
        return request.user_agent.empty() ? std::string_view(settings->user_agent) : request.user_agent;
    }
};

// What one transfer produced, read from curl after it finished.
struct TransferResult {
    CURLcode code = CURLE_OK;
    long http_status = 0;
    FailureKind failure = FailureKind::none;  // transport failure, or the class of http_status
    std::string error;                        // set when failure != none
    std::string effective_url, redirect_url, content_type;
    std::string etag, last_modified, retry_after, cache_control, expires;
    std::uint64_t bytes_received = 0;
};

// Sets every option of `easy` (a fresh or reset handle) for `transfer`'s next attempt at its target.
// Sockets it opens to private addresses (when they are allowed) are recorded in `private_connections`,
// which must outlive the multi handle (curl closes pooled connections through it).
void prepare_easy(Transfer& transfer, CURL* easy, PrivateConnections& private_connections);

// Reads the outcome of the transfer that just ran on `transfer.easy`, and frees its header list.
TransferResult read_result(Transfer& transfer, CURLcode code);

// Easy handles are kept and reset rather than freed, to save their allocation per request.
// (Connections and the DNS cache live in the multi handle and are shared regardless.)
class EasyPool {
public:
    EasyPool() = default;
    EasyPool(const EasyPool&) = delete;
    EasyPool& operator=(const EasyPool&) = delete;
    ~EasyPool();
    CURL* acquire();
    void release(CURL* easy);

private:
    static constexpr std::size_t kMaxIdle = 256;
    std::vector<CURL*> idle_;
};

}  // namespace gleaner::fetch
