// FetchHarness: a Fetcher on its own io_context, driven until the awaited responses arrive.
#include "fetch_harness.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>

namespace gleaner::fetch::testing {

namespace {

// Not a speed assertion: only stops a broken fetcher from hanging the suite.
constexpr auto kHangGuard = std::chrono::seconds(60);

// An empty FetchConfig::proxy means "curl's environment defaults"; a CI runner's proxy variables
// would send the requests for 127.0.0.1 elsewhere.
void forget_environment_proxies() {
    for (const char* name : {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
        ::unsetenv(name);
    }
}

}  // namespace

config::FetchConfig test_settings() {
    config::FetchConfig settings;
    settings.allow_private_networks = true;  // the test server is on 127.0.0.1
    settings.user_agent = "GleanerTest/1.0 (+https://example.invalid/bot)";
    settings.retry.base_delay = std::chrono::milliseconds(50);
    settings.retry.max_delay = std::chrono::seconds(5);
    settings.timeout = std::chrono::seconds(20);
    settings.connect_timeout = std::chrono::seconds(5);
    return settings;
}

bool FetchHarness::run_until(const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + kHangGuard;
    io.restart();
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) {
            ADD_FAILURE() << "the fetcher did not finish within the hang guard";
            return false;
        }
        if (io.run_one_for(std::chrono::milliseconds(100)) == 0 && io.stopped()) io.restart();
    }
    return true;
}

FetchHarness::FetchHarness(config::FetchConfig settings) {
    forget_environment_proxies();
    fetcher = std::make_unique<Fetcher>(io, std::move(settings));
}

Response FetchHarness::fetch(Request request) {
    auto responses = fetch_all(std::vector<Request>{std::move(request)});
    return std::move(responses.front());
}

std::vector<Response> FetchHarness::fetch_all(std::vector<Request> requests) {
    std::vector<Response> responses(requests.size());
    std::size_t finished = 0;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        fetcher->fetch(std::move(requests[i]), [&responses, &finished, i](Response response) {
            responses[i] = std::move(response);
            ++finished;
        });
    }
    run_until([&] { return finished == responses.size(); });
    return responses;
}

std::vector<Response> FetchHarness::fetch_all(const std::vector<std::string>& urls) {
    std::vector<Request> requests;
    for (const auto& url : urls) requests.push_back(Request{url, {}, {}, {}, {}});
    return fetch_all(std::move(requests));
}

}  // namespace gleaner::fetch::testing
