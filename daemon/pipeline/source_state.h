// Internal to the pipeline: what it keeps per configured source, on the I/O thread.
#pragma once

#include <boost/asio/steady_timer.hpp>

#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/pipeline.h"
#include "pipeline/url_backlog.h"
#include "state/crawl_state.h"

namespace gleaner::pipeline {

struct Pipeline::Source {
    config::SourceConfig config;          // replaced by reload (I/O thread only)
    // The config the current pass runs with. Set when a pass starts and not changed until the next
    // one, so worker-pool code of this pass may read it.
    std::shared_ptr<const config::SourceConfig> pass_config;
    boost::asio::steady_timer timer;
    bool removed = false;                 // dropped by a reload: no new passes, in-flight work finishes
    bool running = false;                 // a pass is under way
    std::uint64_t outstanding = 0;        // fetches/extractions of the current pass not finished
    std::uint64_t pass_articles = 0;      // article URLs fetched in this pass (for max_articles)
    std::uint64_t pass_new = 0;           // new articles spooled in this pass
    std::string pass_error;
    std::vector<std::string> discovered_feeds;  // `discover: true`: feeds found on an earlier pass
    // Validators of the documents this pass fetched, saved when it ends: a pass cut short by a stop
    // or a crash fetches its documents in full next time, so the URLs it had not reached are listed
    // again instead of hidden behind a 304.
    std::vector<std::pair<std::string, state::Validators>> pass_validators;
    std::deque<BacklogFile> backlog;      // listed URLs waiting on disk, oldest first (url_backlog.h)
    bool backlog_reading = false;         // the first backlog file is being read on the pool
    SourceStatus status;

    Source(boost::asio::io_context& io, config::SourceConfig c) : config(std::move(c)), timer(io) {
        status.name = config.name;
        status.type = config.type;
    }
};

}  // namespace gleaner::pipeline
