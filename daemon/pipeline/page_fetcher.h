// What the pipeline needs from the network: one GET at a time, answered once on the I/O thread.
// fetch::Fetcher provides it in the daemon (FetcherPages); tests give canned answers.
#pragma once

#include <functional>

#include "fetch/fetch_types.h"

namespace gleaner::fetch {
class Fetcher;
}

namespace gleaner::pipeline {

class PageFetcher {
public:
    virtual ~PageFetcher() = default;
    // on_done runs exactly once, on the I/O thread, never from inside fetch() itself.
    virtual void fetch(fetch::Request request, std::function<void(fetch::Response)> on_done) = 0;
};

class FetcherPages final : public PageFetcher {
public:
    explicit FetcherPages(fetch::Fetcher& fetcher) : fetcher_(fetcher) {}
    void fetch(fetch::Request request, std::function<void(fetch::Response)> on_done) override;

private:
    fetch::Fetcher& fetcher_;
};

}  // namespace gleaner::pipeline
