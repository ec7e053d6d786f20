#include "service/daemon.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <thread>

#include "config/config_loader.h"
#include "fetch/fetcher.h"
#include "log/log.h"
#include "pipeline/pipeline.h"
#include "plugins/delivery.h"
#include "plugins/plugin_locator.h"
#include "plugins/plugin_schema_provider.h"
#include "service/plugin_set.h"
#include "service/systemd_notify.h"
#include "state/crawl_state.h"
#include "state/schema.h"
#include "state/spool.h"
#include "state/sqlite_db.h"

namespace gleaner::service {
namespace {

using namespace std::chrono_literals;

constexpr auto kIdlePoll = 100ms;          // --once: how often delivery is checked for being drained
constexpr auto kDrainPoll = 50ms;          // shutdown: how often in-flight work is checked
constexpr auto kPruneInterval = std::chrono::hours(1);

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

unsigned worker_count(const config::Config& config) {
    if (config.extract.workers > 0) return static_cast<unsigned>(config.extract.workers);
    return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

struct Daemon::Impl {
    Impl(config::Config c, DaemonOptions o)
        : config(std::move(c)),
          options(o),
          pool(worker_count(config)),
          signals(io, SIGINT, SIGTERM, SIGHUP),
          drain_timer(io),
          deadline_timer(io),
          prune_timer(io) {}

    config::Config config;
    DaemonOptions options;
    boost::asio::io_context io;
    boost::asio::thread_pool pool;
    boost::asio::signal_set signals;
    boost::asio::steady_timer drain_timer, deadline_timer, prune_timer;

    std::shared_ptr<state::Database> db;
    std::unique_ptr<state::CrawlState> crawl_state;
    std::unique_ptr<state::Spool> spool;
    std::unique_ptr<plugins::Delivery> delivery;
    std::unique_ptr<fetch::Fetcher> fetcher;
    std::unique_ptr<pipeline::Pipeline> pipeline;
    SystemdNotifier notifier;

    int stop_requests = 0;
    bool reloading = false;

    int run();
    void open_state();
    void wait_for_signals();
    void begin_shutdown(const char* why);
    void drain();
    void wait_until_delivered();
    void reload();
    void apply_reload(config::Config next, PluginChanges changes);
    void prune();
};

Daemon::Daemon(config::Config config, DaemonOptions options)
    : impl_(std::make_unique<Impl>(std::move(config), options)) {}

Daemon::~Daemon() = default;

int Daemon::run() { return impl_->run(); }

void Daemon::Impl::open_state() {
    std::filesystem::create_directories(config.state_dir);
    db = std::make_shared<state::Database>(config.state_dir / "gleaner.db");
    state::apply_schema(*db);
    crawl_state = std::make_unique<state::CrawlState>(db);
    spool = std::make_unique<state::Spool>(db, config.state_dir / "quarantine");
    if (const auto bad = spool->verify_all())
        log::error("spool records failed their checksum and were quarantined",
                   {{"COUNT", std::to_string(bad)}, {"FILE", (config.state_dir / "quarantine").string()}});
    std::set<std::string> names;
    for (const auto& p : config.plugins) names.insert(p.name);
    spool->drop_plugins_except(names);
    const auto stats = spool->stats();
    if (stats.deliveries > 0)
        log::info("resuming spooled deliveries", {{"ARTICLES", std::to_string(stats.articles)},
                                                  {"DELIVERIES", std::to_string(stats.deliveries)}});
}

int Daemon::Impl::run() {
    try {
        open_state();
        const auto dead_letter = config.delivery.dead_letter.empty() ? config.state_dir / "dead-letter.jsonl"
                                                                     : config.delivery.dead_letter;
        delivery = std::make_unique<plugins::Delivery>(*spool, dead_letter);
        const auto search = plugins::plugin_search_path(config.plugin_dir);
        for (const auto& p : config.plugins)
            delivery->add(p, plugins::create_plugin_instance(p, search, config.state_dir));
    } catch (const std::exception& e) {
        log::critical(e.what());
        return 1;
    }
    fetcher = std::make_unique<fetch::Fetcher>(io, config.fetch);
    pipeline = std::make_unique<pipeline::Pipeline>(
        pipeline::Services{io, pool, *fetcher, *crawl_state, *spool, *delivery}, config, options.once);
    if (options.once) pipeline->on_passes_done([this] { wait_until_delivered(); });

    wait_for_signals();
    pipeline->start();
    if (!options.once) prune();
    log::info("gleaner started", {{"SOURCES", std::to_string(config.sources.size())},
                                  {"PLUGINS", std::to_string(config.plugins.size())},
                                  {"STATE_DIR", config.state_dir.string()},
                                  {"MODE", options.once ? "once" : "daemon"}});
    notifier.ready("running");

    io.run();

    // The loop has stopped: let running extractions finish (their results are spooled), then stop
    // the plugins, each flushing what it accepted.
    pool.join();
    delivery->stop_all();
    pipeline.reset();
    fetcher.reset();
    const auto left = spool->stats();
    log::info("gleaner stopped", {{"SPOOLED_ARTICLES", std::to_string(left.articles)},
                                  {"PENDING_DELIVERIES", std::to_string(left.deliveries)}});
    return 0;
}

void Daemon::Impl::wait_for_signals() {
    signals.async_wait([this](const boost::system::error_code& ec, int signal) {
        if (ec) return;
        if (signal == SIGHUP) {
            reload();
        } else if (++stop_requests == 1) {
            begin_shutdown(signal == SIGINT ? "SIGINT" : "SIGTERM");
        } else {
            // Second signal: stop now. Spooled articles are on disk; fetches in flight are dropped.
            log::warn("second stop signal: stopping at once");
            fetcher->cancel_all();
            pool.stop();
            io.stop();
            return;
        }
        wait_for_signals();
    });
}

void Daemon::Impl::begin_shutdown(const char* why) {
    log::info("stopping", {{"REASON", why}, {"IN_FLIGHT", std::to_string(pipeline->work_in_flight())}});
    notifier.stopping(config.shutdown_timeout);
    pipeline->stop_scheduling();
    prune_timer.cancel();
    deadline_timer.expires_after(config.shutdown_timeout);
    deadline_timer.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;
        log::warn("shutdown deadline reached: cancelling transfers in flight");
        fetcher->cancel_all();
    });
    drain();
}

void Daemon::Impl::drain() {
    if (pipeline->work_in_flight() == 0) {
        deadline_timer.cancel();
        io.stop();
        return;
    }
    notifier.extend_timeout(config.shutdown_timeout);
    drain_timer.expires_after(kDrainPoll);
    drain_timer.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) drain();
    });
}

void Daemon::Impl::wait_until_delivered() {
    boost::asio::post(pool, [this] {
        bool done = false;
        try {
            done = delivery->drained();
        } catch (const std::exception& e) {
            log::error("cannot read spool", {{"ERROR", e.what()}});
        }
        boost::asio::post(io, [this, done] {
            if (done) {
                if (stop_requests++ == 0) begin_shutdown("one pass done (--once)");
                return;
            }
            drain_timer.expires_after(kIdlePoll);
            drain_timer.async_wait([this](const boost::system::error_code& ec) {
                if (!ec) wait_until_delivered();
            });
        });
    });
}

void Daemon::Impl::reload() {
    if (reloading || stop_requests) return;
    reloading = true;
    notifier.reloading();
    log::info("reloading configuration", {{"FILE", config.file.string()}});
    // Reading the file and loading plugin objects is I/O: done on the pool, applied on the loop.
    boost::asio::post(pool, [this, file = config.file, current = config] {
        auto loaded = config::load_config(file, nullptr);
        const auto search = plugins::plugin_search_path(loaded.config ? loaded.config->plugin_dir : current.plugin_dir);
        const auto provider = plugins::make_plugin_schema_provider(search);
        loaded = config::load_config(file, &provider);
        if (!loaded.ok()) {
            for (const auto& d : loaded.diagnostics) log::error(d.to_string(), {{"FILE", file.string()}});
            boost::asio::post(io, [this, count = loaded.diagnostics.size()] {
                log::error("configuration invalid; still running on the previous one",
                           {{"ERRORS", std::to_string(count)}});
                reloading = false;
                notifier.ready("reload failed: configuration invalid");
            });
            return;
        }
        PluginChanges changes;
        try {
            changes = prepare_plugin_changes(current, *loaded.config, search);
        } catch (const std::exception& e) {
            boost::asio::post(io, [this, error = std::string(e.what())] {
                log::error("reload failed: a plugin could not start; still running on the previous configuration",
                           {{"ERROR", error}});
                reloading = false;
                notifier.ready("reload failed: plugin");
            });
            return;
        }
        boost::asio::post(io, [this, next = std::move(*loaded.config), changes = std::move(changes)]() mutable {
            apply_reload(std::move(next), std::move(changes));
        });
    });
}

void Daemon::Impl::apply_reload(config::Config next, PluginChanges changes) {
    log::set_level(next.log.level);
    fetcher->reconfigure(next.fetch);
    for (const auto& name : changes.removed) {
        log::info("plugin removed", {{"PLUGIN", name}});
        delivery->remove(name);
    }
    if (!changes.removed.empty()) {
        // What the removed instances never delivered is dropped, as at start-up.
        std::set<std::string> names;
        for (const auto& p : next.plugins) names.insert(p.name);
        boost::asio::post(pool, [this, names = std::move(names)] {
            try {
                spool->drop_plugins_except(names);
            } catch (const std::exception& e) {
                log::error("cannot drop deliveries of removed plugins", {{"ERROR", e.what()}});
            }
        });
    }
    for (auto& [plugin_config, instance] : changes.started) {
        log::info("plugin started", {{"PLUGIN", plugin_config.name}});
        delivery->remove(plugin_config.name);  // a reconfigured instance replaces the old one
        delivery->add(plugin_config, std::move(instance));
    }
    pipeline->reconfigure(next);
    config = std::move(next);
    reloading = false;
    log::info("configuration reloaded", {{"SOURCES", std::to_string(config.sources.size())},
                                         {"PLUGINS", std::to_string(config.plugins.size())}});
    notifier.ready("running");
}

// Forgets crawl state older than state.prune_after now and then every hour.
void Daemon::Impl::prune() {
    boost::asio::post(pool, [this, cutoff = now_ms() - config.state.prune_after.count()] {
        try {
            if (const auto removed = crawl_state->prune(cutoff))
                log::info("pruned old crawl state", {{"ROWS", std::to_string(removed)}});
        } catch (const std::exception& e) {
            log::error("pruning crawl state failed", {{"ERROR", e.what()}});
        }
    });
    prune_timer.expires_after(kPruneInterval);
    prune_timer.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) prune();
    });
}

}  // namespace gleaner::service
