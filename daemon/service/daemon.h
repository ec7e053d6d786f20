// The daemon's life cycle: opens the state database and spool, starts the plugin instances, the
// fetcher and the pipeline on one io_context plus a worker pool, and handles signals — SIGHUP reloads
// the configuration, SIGINT/SIGTERM drain and stop (a second one stops at once; spooled articles are
// safe either way). `run --once` stops by itself when every source has had one pass and every plugin
// has acknowledged everything.
#pragma once

#include <memory>

#include "config/config.h"

namespace gleaner::service {

struct DaemonOptions {
    bool once = false;
};

class Daemon {
public:
    Daemon(config::Config config, DaemonOptions options);
    ~Daemon();
    // Runs until stopped; returns the process exit status.
    int run();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace gleaner::service
