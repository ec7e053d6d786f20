// Runs a real Fetcher on a private io_context for a test: fetch one or many requests and wait for
// their responses. Settings default to what suits a local test server (private networks allowed,
// short retry delays); a test changes what it pins.
#pragma once

#include <utility>  // before Asio (Boost 1.74 needs std::exchange declared)

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <vector>

#include "config/config.h"
#include "fetch/fetcher.h"

namespace gleaner::fetch::testing {

config::FetchConfig test_settings();

class FetchHarness {
public:
    explicit FetchHarness(config::FetchConfig settings = test_settings());

    Response fetch(Request request);
    Response fetch(std::string url) { return fetch(Request{std::move(url), {}, {}, {}, {}}); }
    // All at once (completion order is free); responses come back in request order.
    std::vector<Response> fetch_all(std::vector<Request> requests);
    std::vector<Response> fetch_all(const std::vector<std::string>& urls);

    // Runs the io_context until `done()` is true; fails the test (and returns false) if that takes
    // longer than a generous guard against hangs.
    bool run_until(const std::function<bool()>& done);

    boost::asio::io_context io;
    std::unique_ptr<Fetcher> fetcher;
};

}  // namespace gleaner::fetch::testing
