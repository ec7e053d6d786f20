// One HTTP POST at a time through a libcurl easy handle (kept between posts for keep-alive), and what
// the answer means for delivery — shared by the webhook and alert plugins:
//   2xx                               → delivered
//   408, 429, 5xx, any transport error → gleaner::RetryError (the daemon backs off and offers it again)
//   anything else (3xx, other 4xx)     → std::runtime_error (dead-lettered), with the status and the
//                                        start of the response body in the reason
// Each plugin instance runs on its own thread, so a blocking easy handle is the simple right tool.
#pragma once

#include <curl/curl.h>
#include <gleaner/plugin.hpp>

#include <algorithm>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace gleaner_common {

// Printable single-line form of (the start of) a response body, for error reasons.
inline std::string snippet(const std::string& body, std::size_t limit = 200) {
    std::string out;
    for (unsigned char c : body.substr(0, limit)) out += (c < 0x20 || c == 0x7f) ? ' ' : static_cast<char>(c);
    if (body.size() > limit) out += "...";
    return out;
}

class HttpPoster {
public:
    HttpPoster(std::chrono::milliseconds timeout, std::string user_agent)
        : curl_(curl_easy_init()), timeout_(timeout), user_agent_(std::move(user_agent)) {
        if (!curl_) throw std::runtime_error("curl_easy_init failed");
    }
    ~HttpPoster() { curl_easy_cleanup(curl_); }
    HttpPoster(const HttpPoster&) = delete;
    HttpPoster& operator=(const HttpPoster&) = delete;

    // Posts `body` with `headers` ("Name: value"); returns normally only on a 2xx answer.
    void post(const std::string& url, const std::string& body, const std::vector<std::string>& headers) {
        curl_slist* list = nullptr;
        for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
        std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> owned(list, &curl_slist_free_all);
        std::string response;
        char error[CURL_ERROR_SIZE] = "";

        curl_easy_reset(curl_);  // keeps the connection cache, forgets the previous post's options
        curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl_, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM from the resolver in a threaded daemon
        curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
        curl_easy_setopt(curl_, CURLOPT_USERAGENT, user_agent_.c_str());
        curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, list);
        curl_easy_setopt(curl_, CURLOPT_POST, 1L);
        curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body.data());
        curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
        curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &keep_start);
        curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &response);
        curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, error);
        const CURLcode result = curl_easy_perform(curl_);
        if (result != CURLE_OK)
            throw gleaner::RetryError("POST " + url + ": " + (error[0] ? error : curl_easy_strerror(result)));

        long status = 0;
        curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
        if (status >= 200 && status < 300) return;
        const std::string reason = "POST " + url + ": HTTP " + std::to_string(status) +
                                   (response.empty() ? std::string() : ": " + snippet(response));
        if (status == 408 || status == 429 || status >= 500) throw gleaner::RetryError(reason);
        throw std::runtime_error(reason);
    }

private:
    // Keeps the first 4 KiB of the answer (enough for an error reason) and swallows the rest.
    static size_t keep_start(char* data, size_t size, size_t count, void* user) {
        auto* response = static_cast<std::string*>(user);
        const size_t bytes = size * count;
        if (response->size() < 4096) response->append(data, std::min<size_t>(bytes, 4096 - response->size()));
        return bytes;
    }

    CURL* curl_;
    std::chrono::milliseconds timeout_;
    std::string user_agent_;
};

}  // namespace gleaner_common
