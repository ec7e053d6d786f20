#include "service_helpers.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <regex>
#include <stdexcept>

namespace gleaner::testing {

NotifyListener::NotifyListener(std::filesystem::path path) : path_(std::move(path)) {
    std::filesystem::remove(path_);
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path_.c_str(), sizeof addr.sun_path - 1);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
        throw std::runtime_error("cannot bind notify socket " + path_.string());
    reader_ = std::thread([this] {
        char buffer[4096];
        for (;;) {
            pollfd p{fd_, POLLIN, 0};
            const int ready = ::poll(&p, 1, 50);
            {
                std::lock_guard lock(mutex_);
                if (stop_) return;
            }
            if (ready <= 0) continue;
            const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
            if (n <= 0) continue;
            std::lock_guard lock(mutex_);
            messages_.push_back({std::string(buffer, static_cast<std::size_t>(n)), std::chrono::steady_clock::now()});
        }
    });
}

NotifyListener::~NotifyListener() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    reader_.join();
    ::close(fd_);
    std::filesystem::remove(path_);
}

std::vector<NotifyListener::Message> NotifyListener::messages() const {
    std::lock_guard lock(mutex_);
    return messages_;
}

int NotifyListener::wait_for(const std::string& needle, std::size_t after, std::chrono::milliseconds limit) const {
    int found = -1;
    eventually(
        [&] {
            const auto all = messages();
            for (std::size_t i = after; i < all.size(); ++i)
                if (all[i].text.find(needle) != std::string::npos) {
                    found = static_cast<int>(i);
                    return true;
                }
            return false;
        },
        limit);
    return found;
}

namespace {

std::size_t collect(char* data, std::size_t size, std::size_t count, void* out) {
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
}

}  // namespace

HttpAnswer http_get(const std::string& url) {
    HttpAnswer answer;
    CURL* curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer.body);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    if (curl_easy_perform(curl) == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
    curl_easy_cleanup(curl);
    return answer;
}

std::string raw_http(unsigned short port, const std::string& bytes) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return {};
    }
    ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    std::string answer;
    char buffer[4096];
    for (;;) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 10000) <= 0) break;
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        answer.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return answer;
}

bool eventually(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return done();
}

unsigned short admin_port_from_log(const std::string& log) {
    static const std::regex kPort("admin endpoint listening.*port=([0-9]+)");
    std::smatch m;
    if (!std::regex_search(log, m, kPort)) return 0;
    return static_cast<unsigned short>(std::stoi(m[1]));
}

}  // namespace gleaner::testing
