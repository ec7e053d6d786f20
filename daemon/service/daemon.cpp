#include "service/daemon.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include <unistd.h>

#include <atomic>
#include <optional>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "admin/admin_server.h"
#include "archive/warc_archiver.h"
#include "admin/control_server.h"
#include "admin/dashboard_page.h"
#include "admin/recent_articles.h"
#include "admin/snapshot.h"
#include "admin/status_text.h"
#include "plugins/dead_letter_file.h"
#include "service/version.h"
#include "config/config_loader.h"
#include "fetch/fetcher.h"
#include "log/log.h"
#include "pipeline/clock.h"
#include "pipeline/page_fetcher.h"
#include "pipeline/pipeline.h"
#include "pipeline/store_host_gate.h"
#include "plugins/delivery.h"
#include "plugins/plugin_locator.h"
#include "plugins/plugin_schema_provider.h"
#include "render/renderer.h"
#include "service/file_limit.h"
#include "service/plugin_set.h"
#include "service/state_check.h"
#include "service/state_lock.h"
#include "service/systemd_notify.h"
#include "siterules/rule_set.h"
#include "state/crawl_store.h"
#include "state/sqlite_db.h"

namespace gleaner::service {
namespace {

using namespace std::chrono_literals;

constexpr auto kIdlePoll = 100ms;          // --once: how often delivery is checked for being drained
constexpr auto kDrainPoll = 50ms;          // shutdown: how often in-flight work is checked
constexpr auto kPruneInterval = std::chrono::hours(1);
constexpr auto kStatusInterval = std::chrono::seconds(10);   // systemd STATUS= line refresh
constexpr auto kExtendInterval = std::chrono::seconds(1);    // EXTEND_TIMEOUT_USEC while draining
constexpr auto kDefaultHeartbeat = std::chrono::seconds(5);  // pool heartbeat without a watchdog
// --once waits for plugin retries due within this; later ones stay in the outbox for the next run.
constexpr std::int64_t kOnceRetryHorizonMs = 60'000;

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// The WARC archive fetch.warc asks for, or null. Repairs files a crash left open (file I/O).
std::shared_ptr<archive::WarcArchiver> make_archiver(const config::Config& config) {
    if (config.fetch.warc.dir.empty()) return nullptr;
    return std::make_shared<archive::WarcArchiver>(archive::ArchiverSettings{
        config.fetch.warc.dir, static_cast<std::uint64_t>(config.fetch.warc.max_size), config.fetch.user_agent});
}

// extract.site_rules read from its folder (file I/O), every problem logged with its file and line;
// null when unset. Throws siterules::RuleSetError when the folder cannot be read.
std::shared_ptr<const siterules::RuleSet> load_site_rules(const std::filesystem::path& folder) {
    if (folder.empty()) return nullptr;
    auto rules = siterules::RuleSet::load(folder);
    for (const auto& d : rules.diagnostics()) {
        const log::Fields fields{{"DIR", folder.string()}};
        if (d.severity == siterules::RuleDiagnostic::Severity::error) log::error("site rule: " + d.to_string(), fields);
        else log::warn("site rule: " + d.to_string(), fields);
    }
    log::info("site rules loaded", {{"DIR", folder.string()}, {"RULES", std::to_string(rules.size())}});
    return std::make_shared<const siterules::RuleSet>(std::move(rules));
}

// fetch.render's browser, with the same private-network rule as our own fetches. The browser itself
// starts when the first page needs it.
render::RenderSettings render_settings(const config::Config& config) {
    return {config.fetch.render.browser, config.fetch.render.concurrency, config.fetch.render.timeout,
            config.fetch.allow_private_networks};
}

unsigned worker_count(const config::Config& config) {
    if (config.extract.workers > 0) return static_cast<unsigned>(config.extract.workers);
    return std::max(1u, std::thread::hardware_concurrency());
}

// This daemon's identity among the nodes sharing a crawl state: node.name, else "<host>:<pid>".
std::string node_identity(const config::Config& config) {
    if (!config.node.name.empty()) return config.node.name;
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0) std::snprintf(host, sizeof host, "localhost");
    return std::string(host) + ":" + std::to_string(::getpid());
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
          prune_timer(io),
          status_timer(io),
          watchdog_timer(io),
          lease_timer(io),
          started(std::chrono::steady_clock::now()),
          started_ms(now_ms()),
          node(node_identity(config)) {}

    config::Config config;
    DaemonOptions options;
    boost::asio::io_context io;
    boost::asio::thread_pool pool;
    boost::asio::signal_set signals;
    boost::asio::steady_timer drain_timer, deadline_timer, prune_timer, status_timer, watchdog_timer, lease_timer;
    std::chrono::steady_clock::time_point started;
    std::int64_t started_ms;
    std::string node;
    // Last time a worker-pool thread ran a heartbeat task (steady clock, ns): a wedged pool stops it.
    std::atomic<std::int64_t> pool_heartbeat{0};
    std::chrono::steady_clock::time_point last_extend;

    std::unique_ptr<StateLock> state_lock;  // first taken, last released
    std::unique_ptr<state::CrawlStore> store;
    std::unique_ptr<plugins::Delivery> delivery;
    std::shared_ptr<archive::WarcArchiver> archiver;  // outlives the fetcher that feeds it
    std::unique_ptr<fetch::Fetcher> fetcher;
    std::unique_ptr<pipeline::FetcherPages> pages;
    std::unique_ptr<render::Renderer> renderer;  // outlives the pipeline that asks it
    std::optional<pipeline::Services> services;
    std::unique_ptr<pipeline::StoreHostGate> host_gate;
    pipeline::SystemClock clock;
    pipeline::PipelineCounters counters;
    std::unique_ptr<pipeline::Pipeline> pipeline;
    SystemdNotifier notifier;
    std::unique_ptr<admin::AdminServer> admin_server;
    std::unique_ptr<admin::ControlServer> control_server;
    admin::RecentArticles recent;  // the dashboard's newest articles

    int stop_requests = 0;
    bool reloading = false;
    std::atomic<bool> final_stop{false};  // the loop has ended; plugins are finishing their batches

    int run();
    void open_state();
    void wait_for_signals();
    void begin_shutdown(const char* why);
    void drain();
    void wait_until_delivered();
    using ReloadDone = std::function<void(bool ok, std::string message)>;
    void reload(ReloadDone done);
    // On the pool: loads the file and creates changed plugin instances, then posts the outcome.
    void prepare_reload(const std::filesystem::path& file, const config::Config& current, ReloadDone done);
    void apply_reload(config::Config next, PluginChanges changes, ReloadDone done);
    void reopen_archive(const config::Config& next);
    void prune();
    void lease_loop();
    void start_admin();
    void gather(std::function<void(admin::Snapshot)> ready);
    // --once: the summary on stdout; returns the exit status (1 when something did not go through).
    int summarize_once(std::vector<pipeline::SourceStatus> source_stats, std::vector<plugins::PluginStats> plugin_stats);
    std::filesystem::path dead_letter_file() const;
    void status_loop();
    void watchdog_loop(std::chrono::microseconds interval);
    bool pool_alive(std::chrono::microseconds limit) const;
};

Daemon::Daemon(config::Config config, DaemonOptions options)
    : impl_(std::make_unique<Impl>(std::move(config), options)) {}

Daemon::~Daemon() = default;

int Daemon::run() { return impl_->run(); }

void Daemon::Impl::open_state() {
    std::filesystem::create_directories(config.state_dir);
    state_lock = std::make_unique<StateLock>(config.state_dir);
    if (config.state.backend == "sqlite") {
        const auto file = config.state_dir / "gleaner.db";
        if (const auto problems = check_state_database(file); !problems.empty()) {
            std::string message = "state database " + file.string() + " is damaged:";
            for (const auto& problem : problems) message += "\n  " + problem;
            message += "\nnot starting on it: move it aside (its outbox holds the articles not delivered yet), then "
                       "salvage what can be read with `sqlite3 " + file.string() + " .recover | sqlite3 NEW.db` "
                       "or start with an empty state_dir";
            throw std::runtime_error(message);
        }
    }
    store = state::open_store({config.state.backend, config.state_dir, config.state.conninfo});
    // A node restarted under the same name cannot still be working: its old claims are free.
    store->release_leases(node);
    store->heartbeat({node, started_ms, now_ms()});
    if (const auto bad = store->verify_outbox())
        log::error("outbox records failed their checksum and were quarantined",
                   {{"COUNT", std::to_string(bad)}, {"FILE", (config.state_dir / "quarantine").string()}});
    if (!store->shared()) {
        std::set<std::string> names;
        for (const auto& p : config.plugins) names.insert(p.name);
        if (const auto dropped = store->drop_plugins_except(names))
            log::warn("dropped pending deliveries of plugins no longer configured", {{"COUNT", std::to_string(dropped)}});
    }
    const auto stats = store->outbox_stats();
    if (stats.deliveries > 0)
        log::info("resuming pending deliveries", {{"ARTICLES", std::to_string(stats.articles)},
                                                  {"DELIVERIES", std::to_string(stats.deliveries)}});
}

int Daemon::Impl::run() {
    const auto files = raise_open_file_limit();
    if (files.now != files.before)
        log::info("open file limit raised", {{"FROM", std::to_string(files.before)}, {"TO", std::to_string(files.now)}});
    std::shared_ptr<const siterules::RuleSet> site_rules;
    try {
        open_state();
        delivery = std::make_unique<plugins::Delivery>(plugins::OutboxAccess{*store, node, config.state.lease},
                                                       dead_letter_file());
        const auto search = plugins::plugin_search_path(config.plugin_dir);
        for (const auto& p : config.plugins)
            delivery->add(p, plugins::create_plugin_instance(p, search, config.state_dir));
        site_rules = load_site_rules(config.extract.site_rules);
    } catch (const std::exception& e) {
        log::critical(e.what());
        return 1;
    }
    fetcher = std::make_unique<fetch::Fetcher>(io, config.fetch);
    try {
        archiver = make_archiver(config);
    } catch (const std::exception& e) {
        log::critical(std::string("cannot open the WARC archive: ") + e.what(),
                      {{"DIR", config.fetch.warc.dir.string()}});
        return 1;
    }
    fetcher->set_exchange_sink(archiver);
    pages = std::make_unique<pipeline::FetcherPages>(*fetcher);
    renderer = std::make_unique<render::Renderer>(io, render_settings(config));
    services.emplace(pipeline::Services{io, pool, *pages, *store, *delivery, clock, counters, node, config.state.lease,
                                        renderer.get()});
    if (store->shared()) {
        // Other daemons fetch from the same hosts: politeness is agreed through the store.
        host_gate = std::make_unique<pipeline::StoreHostGate>(*services);
        fetcher->set_host_gate(host_gate.get());
    }
    pipeline = std::make_unique<pipeline::Pipeline>(*services, std::make_shared<const config::Config>(config),
                                                    options.once);
    pipeline->set_site_rules(std::move(site_rules));
    if (options.once) pipeline->on_passes_done([this] { wait_until_delivered(); });
    pipeline->on_article_stored([this](const pipeline::Pipeline::StoredArticle& a) {
        recent.record({a.title, a.url, a.source, now_ms()});
    });

    wait_for_signals();
    try {
        start_admin();
    } catch (const std::exception& e) {
        log::critical(e.what());
        return 1;
    }
    pipeline->start();
    lease_loop();
    if (!options.once) prune();
    status_loop();
    watchdog_loop(SystemdNotifier::watchdog_interval());
    log::info("gleaner started", {{"NODE", node},
                                  {"STATE", config.state.backend},
                                  {"SOURCES", std::to_string(config.sources.size())},
                                  {"PLUGINS", std::to_string(config.plugins.size())},
                                  {"STATE_DIR", config.state_dir.string()},
                                  {"MODE", options.once ? "once" : "daemon"}});
    notifier.ready("running");

    io.run();
    admin_server.reset();
    control_server.reset();

    // The loop has stopped: let running extractions finish (their results are spooled), then stop
    // the plugins, each flushing what it accepted. A plugin may take long to finish its batch; the
    // loop runs again on a guard thread meanwhile, so a second stop signal or the shutdown deadline
    // still ends the process (the spool is on disk: what was not acknowledged is delivered next run).
    final_stop = true;
    io.restart();
    deadline_timer.expires_after(config.shutdown_timeout);
    deadline_timer.async_wait([](const boost::system::error_code& ec) {
        if (ec) return;
        log::critical("plugins did not stop within shutdown_timeout; exiting with their batches unacknowledged");
        std::_Exit(1);
    });
    std::thread guard([this] { io.run(); });
    pool.join();
    std::vector<plugins::PluginStats> plugin_stats;
    if (options.once) plugin_stats = delivery->stats();  // before the workers go with stop_all
    delivery->stop_all();
    const auto source_stats = pipeline->source_status();
    io.stop();
    guard.join();
    pipeline.reset();
    renderer.reset();  // kills the browser
    pages.reset();
    fetcher.reset();
    archiver.reset();  // writes what is queued and closes the file
    try {
        store->release_leases(node);  // other nodes may take what this one held at once
        const auto left = store->outbox_stats();
        log::info("gleaner stopped", {{"OUTBOX_ARTICLES", std::to_string(left.articles)},
                                      {"PENDING_DELIVERIES", std::to_string(left.deliveries)}});
    } catch (const std::exception& e) {
        log::error("cannot give the node's claims back; they lapse with their leases", {{"ERROR", e.what()}});
    }
    return options.once ? summarize_once(source_stats, std::move(plugin_stats)) : 0;
}

std::filesystem::path Daemon::Impl::dead_letter_file() const { return plugins::dead_letter_path(config); }

// The same figures the dashboard shows, as text, then what did not go through — so cron (or a person)
// sees a failed source or a refused article in the exit status and the output, not only in the log.
int Daemon::Impl::summarize_once(std::vector<pipeline::SourceStatus> source_stats,
                                 std::vector<plugins::PluginStats> plugin_stats) {
    admin::Snapshot s;
    s.version = kVersion;
    s.uptime_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    s.now_ms = now_ms();
    s.sources_configured = config.sources.size();
    s.sources = std::move(source_stats);
    s.plugins = std::move(plugin_stats);
    s.node = node;
    s.backend = config.state.backend;
    const std::string status = admin::render_status(s);
    const auto problems = admin::once_problems(status, dead_letter_file().string());
    if (config.log.format == "json") {  // a JSON-lines consumer gets the summary as one more line
        std::cout << admin::once_summary_json(status, problems) << "\n";
        return problems.empty() ? 0 : 1;
    }
    std::cout << admin::status_text(status, {false});
    const auto notes = admin::once_notes(status);
    if (!notes.empty()) std::cout << "\n";
    for (const auto& note : notes) std::cout << "note: " << note << "\n";
    if (problems.empty()) {
        std::cout << "\nrun --once: every source passed and every article was delivered\n";
        return 0;
    }
    std::cout << "\nrun --once: " << problems.size() << " problem(s)\n";
    for (const auto& problem : problems) std::cout << "  " << problem << "\n";
    std::cout.flush();
    return 1;
}

void Daemon::Impl::wait_for_signals() {
    signals.async_wait([this](const boost::system::error_code& ec, int signal) {
        if (ec) return;
        if (signal == SIGHUP) {
            reload([](bool, std::string) {});
        } else if (++stop_requests == 1) {
            begin_shutdown(signal == SIGINT ? "SIGINT" : "SIGTERM");
        } else if (final_stop) {
            // Only plugins are still finishing their batches: leave them. Everything they had not
            // acknowledged is still in the spool and is delivered on the next start.
            log::warn("second stop signal: exiting now; unacknowledged deliveries stay in the spool");
            std::_Exit(0);
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
    status_timer.cancel();
    // lease_timer keeps running: work in hand still holds claims until the loop stops.
    if (admin_server) admin_server->stop();
    if (control_server) control_server->stop();
    last_extend = std::chrono::steady_clock::now();
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
    if (std::chrono::steady_clock::now() - last_extend >= kExtendInterval) {
        notifier.extend_timeout(config.shutdown_timeout);
        last_extend = std::chrono::steady_clock::now();
    }
    drain_timer.expires_after(kDrainPoll);
    drain_timer.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) drain();
    });
}

void Daemon::Impl::wait_until_delivered() {
    boost::asio::post(pool, [this] {
        bool done = false;
        try {
            done = delivery->settled(now_ms(), kOnceRetryHorizonMs);
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

void Daemon::Impl::reload(ReloadDone done) {
    if (stop_requests) return done(false, "the daemon is stopping");
    if (reloading) return done(false, "a reload is already under way");
    reloading = true;
    notifier.reloading();
    log::info("reloading configuration", {{"FILE", config.file.string()}});
    // Reading the file and loading plugin objects is I/O: done on the pool, applied on the loop.
    boost::asio::post(pool, [this, file = config.file, current = config, done]() mutable {
        // Whatever goes wrong here (even running out of memory) fails this reload only: an exception
        // escaping a pool task would end the process, and the old configuration must stay in force.
        try {
            prepare_reload(file, current, done);
        } catch (const std::exception& e) {
            boost::asio::post(io, [this, error = std::string(e.what()), done] {
                log::error("reload failed; still running on the previous configuration", {{"ERROR", error}});
                reloading = false;
                notifier.ready("reload failed");
                done(false, "reload failed; still running on the previous configuration\n" + error);
            });
        }
    });
}

void Daemon::Impl::prepare_reload(const std::filesystem::path& file, const config::Config& current, ReloadDone done) {
    auto loaded = config::load_config(file, nullptr);
    const auto search = plugins::plugin_search_path(loaded.config ? loaded.config->plugin_dir : current.plugin_dir);
    const auto provider = plugins::make_plugin_schema_provider(search);
    loaded = config::load_config(file, &provider);
    if (!loaded.ok()) {
        for (const auto& d : loaded.diagnostics) log::error(d.to_string(), {{"FILE", file.string()}});
        std::string message = "configuration invalid; still running on the previous one";
        for (const auto& d : loaded.diagnostics) message += "\n" + d.to_string();
        boost::asio::post(io, [this, count = loaded.diagnostics.size(), message, done] {
            log::error("configuration invalid; still running on the previous one",
                       {{"ERRORS", std::to_string(count)}});
            reloading = false;
            notifier.ready("reload failed: configuration invalid");
            done(false, message);
        });
        return;
    }
    std::shared_ptr<const siterules::RuleSet> rules;
    try {
        rules = load_site_rules(loaded.config->extract.site_rules);
    } catch (const std::exception& e) {
        boost::asio::post(io, [this, error = std::string(e.what()), done] {
            log::error("reload failed: site rules unreadable; still running on the previous configuration",
                       {{"ERROR", error}});
            reloading = false;
            notifier.ready("reload failed: site rules");
            done(false, "site rules unreadable; still running on the previous configuration\n" + error);
        });
        return;
    }
    PluginChanges changes;
    try {
        changes = prepare_plugin_changes(current, *loaded.config, search);
    } catch (const std::exception& e) {
        boost::asio::post(io, [this, error = std::string(e.what()), done] {
            log::error("reload failed: a plugin could not start; still running on the previous configuration",
                       {{"ERROR", error}});
            reloading = false;
            notifier.ready("reload failed: plugin");
            done(false, "a plugin could not start; still running on the previous configuration\n" + error);
        });
        return;
    }
    boost::asio::post(io, [this, next = std::move(*loaded.config), changes = std::move(changes),
                           rules = std::move(rules), done]() mutable {
        pipeline->set_site_rules(std::move(rules));
        apply_reload(std::move(next), std::move(changes), std::move(done));
    });
}

void Daemon::Impl::apply_reload(config::Config next, PluginChanges changes, ReloadDone done) {
    log::set_level(next.log.level);
    fetcher->reconfigure(next.fetch);
    if (next.fetch.warc != config.fetch.warc) reopen_archive(next);
    for (const auto& name : changes.removed) {
        log::info("plugin removed", {{"PLUGIN", name}});
        delivery->remove(name);
    }
    if (!changes.removed.empty()) {
        // What the removed instances never delivered is dropped, as at start-up.
        std::set<std::string> names;
        for (const auto& p : next.plugins) names.insert(p.name);
        if (!store->shared()) boost::asio::post(pool, [this, names = std::move(names)] {
            try {
                store->drop_plugins_except(names);
            } catch (const std::exception& e) {
                log::error("cannot drop deliveries of removed plugins", {{"ERROR", e.what()}});
            }
        });
    }
    for (auto& [plugin_config, instance] : changes.started) {
        log::info("plugin started", {{"PLUGIN", plugin_config.name}});
        // A reconfigured instance replaces the old one at once for new articles and takes over its
        // deliveries once the old one has finished its batch; nothing here waits for that.
        delivery->add(plugin_config, std::move(instance));
    }
    pipeline->reconfigure(std::make_shared<const config::Config>(next));
    config = std::move(next);
    reloading = false;
    log::info("configuration reloaded", {{"SOURCES", std::to_string(config.sources.size())},
                                         {"PLUGINS", std::to_string(config.plugins.size())}});
    notifier.ready("running");
    done(true, "configuration reloaded: " + std::to_string(config.sources.size()) + " source(s), " +
                   std::to_string(config.plugins.size()) + " plugin(s)");
}

// A changed fetch.warc: the new archive is opened (and repaired) on the pool; the old one writes what
// it holds and closes there too, never on the loop.
void Daemon::Impl::reopen_archive(const config::Config& next) {
    fetcher->set_exchange_sink(nullptr);
    boost::asio::post(pool, [this, old = std::move(archiver), next]() mutable {
        old.reset();
        std::shared_ptr<archive::WarcArchiver> opened;
        try {
            opened = make_archiver(next);
        } catch (const std::exception& e) {
            log::error("cannot open the WARC archive; nothing is archived until the next reload",
                       {{"DIR", next.fetch.warc.dir.string()}, {"ERROR", e.what()}});
        }
        boost::asio::post(io, [this, opened = std::move(opened)]() mutable {
            archiver = std::move(opened);
            fetcher->set_exchange_sink(archiver);
        });
    });
}

// Forgets crawl state older than state.prune_after now and then every hour.
void Daemon::Impl::prune() {
    boost::asio::post(pool, [this, cutoff = now_ms() - config.state.prune_after.count()] {
        try {
            if (const auto removed = store->prune(cutoff))
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

// Every third of a lease: this node's heartbeat, and every claim it holds (passes, frontier URLs,
// host slots, deliveries) renewed. A node that stops doing this loses its claims to the others.
void Daemon::Impl::lease_loop() {
    boost::asio::post(pool, [this] {
        const auto now = now_ms();
        try {
            store->heartbeat({node, started_ms, now});
            store->renew_leases(node, now + config.state.lease.count());
        } catch (const std::exception& e) {
            log::error("cannot renew this node's claims", {{"ERROR", e.what()}});
        }
    });
    lease_timer.expires_after(std::max<std::chrono::milliseconds>(std::chrono::milliseconds(100), config.state.lease / 3));
    lease_timer.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) lease_loop();
    });
}

}  // namespace gleaner::service

namespace gleaner::service {

void Daemon::Impl::start_admin() {
    const auto socket = config.control_socket.empty() ? config.state_dir / "control.sock" : config.control_socket;
    admin::ControlHandlers control;
    control.reload = [this](std::function<void(admin::ControlResult)> reply) {
        reload([reply](bool ok, std::string message) { reply({ok, std::move(message)}); });
    };
    control.status = [this](std::function<void(admin::ControlResult)> reply) {
        gather([reply](admin::Snapshot s) { reply({true, admin::render_status(s)}); });
    };
    control.replay = [this](std::string plugin, std::function<void(admin::ControlResult)> reply) {
        if (!delivery->config_of(plugin)) return reply({false, "no plugin named \"" + plugin + "\" is running"});
        boost::asio::post(pool, [this, plugin, reply] {
            admin::ControlResult result;
            try {
                const auto replayed = plugins::replay_dead_letters(*store, dead_letter_file(), plugin, now_ms());
                result.message = plugins::replay_summary(plugin, replayed);
                log::info("dead letters replayed", {{"PLUGIN", plugin}, {"COUNT", std::to_string(replayed.replayed)}});
            } catch (const std::exception& e) {
                result = {false, std::string("cannot replay: ") + e.what()};
            }
            boost::asio::post(io, [reply, result] { reply(result); });
        });
    };
    try {
        control_server = std::make_unique<admin::ControlServer>(io, socket, std::move(control));
    } catch (const std::exception& e) {
        // Not fatal: the daemon still works and reloads on SIGHUP, only `gleaner ctl` cannot reach it.
        log::error("control socket unavailable; `gleaner ctl` will not reach this daemon (set control_socket)",
                   {{"ERROR", e.what()}});
    }

    if (config.admin.listen.empty()) return;
    admin::Handlers handlers;
    handlers.dashboard = [](std::function<void(admin::Reply)> respond) {
        respond({200, "text/html; charset=utf-8", std::string(admin::dashboard_page())});
    };
    handlers.metrics = [this](std::function<void(admin::Reply)> respond) {
        gather([respond](admin::Snapshot s) {
            respond({200, "text/plain; version=0.0.4; charset=utf-8", admin::render_metrics(s)});
        });
    };
    handlers.status = [this](std::function<void(admin::Reply)> respond) {
        gather([respond](admin::Snapshot s) { respond({200, "application/json", admin::render_status(s)}); });
    };
    handlers.healthz = [this](std::function<void(admin::Reply)> respond) {
        // The loop answers (this runs on it); the pool must have run a heartbeat recently.
        const auto limit = std::max<std::chrono::microseconds>(SystemdNotifier::watchdog_interval(), kDefaultHeartbeat * 3);
        if (pool_alive(limit)) respond({200, "text/plain; charset=utf-8", "ok\n"});
        else respond({503, "text/plain; charset=utf-8", "worker pool unresponsive\n"});
    };
    admin_server = std::make_unique<admin::AdminServer>(io, config.admin.listen, std::move(handlers),
                                                        admin::Access{config.admin.token});
    log::info("admin endpoint listening", {{"ADDRESS", config.admin.listen},
                                           {"PORT", std::to_string(admin_server->port())}});
    if (config.admin.allow_remote && config.admin.token.empty())
        log::warn("admin endpoint may be reachable from other machines and has no admin.token; anyone who "
                  "reaches it can read the daemon's status",
                  {{"ADDRESS", config.admin.listen}});
}

// Counters live on the loop (fetcher, pipeline) and in the database (spool, per-plugin backlog): the
// first are read here, the second on the pool, and the result comes back to the loop.
void Daemon::Impl::gather(std::function<void(admin::Snapshot)> ready) {
    admin::Snapshot s;
    s.version = kVersion;
    s.uptime_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    s.now_ms = now_ms();
    s.recent = recent.view(s.now_ms);
    s.sources_configured = config.sources.size();
    s.fetch = fetcher->stats();
    if (archiver) {
        s.archiving = true;
        s.archive = archiver->stats();
    }
    s.pipeline = pipeline->stats();
    s.render = renderer->stats();
    s.sources = pipeline->source_status();
    s.sqlite_memory_bytes = state::sqlite_memory_in_use();
    s.node = node;
    s.backend = config.state.backend;
    boost::asio::post(pool, [this, s = std::move(s), ready = std::move(ready)]() mutable {
        try {
            s.plugins = delivery->stats();
            s.spool = store->outbox_stats();
            const auto now = now_ms();
            s.store = store->stats(node, now, now - 3 * config.state.lease.count());
        } catch (const std::exception& e) {
            log::error("cannot read delivery statistics", {{"ERROR", e.what()}});
        }
        boost::asio::post(io, [s = std::move(s), ready = std::move(ready)]() mutable { ready(std::move(s)); });
    });
}

void Daemon::Impl::status_loop() {
    if (!notifier.enabled()) return;
    status_timer.expires_after(kStatusInterval);
    status_timer.async_wait([this](const boost::system::error_code& ec) {
        if (ec || stop_requests) return;
        gather([this](admin::Snapshot s) {
            if (!stop_requests && !reloading) notifier.status(admin::render_status_line(s));
        });
        status_loop();
    });
}

bool Daemon::Impl::pool_alive(std::chrono::microseconds limit) const {
    const auto last = std::chrono::steady_clock::time_point(std::chrono::nanoseconds(pool_heartbeat.load()));
    return std::chrono::steady_clock::now() - last <= limit;
}

// Every half watchdog interval (or every few seconds without one): post a heartbeat task to the pool,
// and tell systemd all is well only if the previous heartbeat ran. A wedged loop sends nothing
// (this timer does not fire); a wedged pool stops the heartbeats. Either way systemd restarts us.
void Daemon::Impl::watchdog_loop(std::chrono::microseconds interval) {
    const auto period = interval.count() > 0 ? std::chrono::duration_cast<std::chrono::milliseconds>(interval / 2)
                                             : std::chrono::duration_cast<std::chrono::milliseconds>(kDefaultHeartbeat);
    if (pool_heartbeat.load() == 0)
        pool_heartbeat = std::chrono::steady_clock::now().time_since_epoch().count();
    boost::asio::post(pool, [this] { pool_heartbeat = std::chrono::steady_clock::now().time_since_epoch().count(); });
    if (interval.count() > 0 && pool_alive(interval)) notifier.watchdog();
    watchdog_timer.expires_after(period);
    watchdog_timer.async_wait([this, interval](const boost::system::error_code& ec) {
        if (!ec) watchdog_loop(interval);
    });
}

}  // namespace gleaner::service
