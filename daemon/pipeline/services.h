// What the pipeline's parts share: the event loop and the worker pool, the network, the crawl
// state, the plugins' delivery, the clock, this node's identity and the headless browser. Plain references, owned by the
// daemon (or a test), alive as long as the pipeline.
#pragma once

#include <chrono>
#include <string>

namespace boost::asio {
class io_context;
class thread_pool;
}  // namespace boost::asio

namespace gleaner::state {
class CrawlStore;
}
namespace gleaner::plugins {
class Delivery;
}
namespace gleaner::render {
class Renderer;
}

namespace gleaner::pipeline {

class Clock;
class PageFetcher;
struct PipelineCounters;

struct Services {
    boost::asio::io_context& io;
    boost::asio::thread_pool& pool;
    PageFetcher& fetcher;
    state::CrawlStore& store;
    plugins::Delivery& delivery;
    const Clock& clock;
    PipelineCounters& counters;
    std::string node;                      // this daemon's identity in the store
    std::chrono::milliseconds lease{60'000};  // state.lease
    render::Renderer* renderer = nullptr;  // sources with `render: auto | always`; null: none renders
};

}  // namespace gleaner::pipeline
