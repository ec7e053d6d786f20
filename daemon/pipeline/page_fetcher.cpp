#include "pipeline/page_fetcher.h"

#include "fetch/fetcher.h"

namespace gleaner::pipeline {

void FetcherPages::fetch(fetch::Request request, std::function<void(fetch::Response)> on_done) {
    fetcher_.fetch(std::move(request), std::move(on_done));
}

}  // namespace gleaner::pipeline
