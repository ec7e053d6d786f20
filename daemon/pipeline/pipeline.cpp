#include "pipeline/pipeline.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <random>

#include "log/log.h"
#include "pipeline/source_state.h"
#include "plugins/delivery.h"
#include "state/crawl_state.h"
#include "state/spool.h"

namespace gleaner::pipeline {
namespace {

using Clock = std::chrono::system_clock;

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch()).count();
}

// How often the spool's size is compared with delivery.spool_max_bytes, and how long a due pass
// waits when the budget is spent.
constexpr std::chrono::seconds kSpoolCheckInterval{5};
constexpr std::int64_t kSpoolFullRetryMs = 30'000;

}  // namespace

struct Pipeline::Timers {
    explicit Timers(boost::asio::io_context& io) : spool_check(io) {}
    boost::asio::steady_timer spool_check;
};

Pipeline::Pipeline(Services services, const config::Config& config, bool once)
    : services_(services),
      config_(config),
      once_(once),
      timers_(std::make_unique<Timers>(services.io)),
      admission_(admission_slots(config)),
      backlog_dir_(config.state_dir / "backlog") {}

Pipeline::~Pipeline() = default;

void Pipeline::start() {
    clear_backlog_dir(backlog_dir_);  // what a killed run left: those URLs are listed again
    for (const auto& source_config : config_.sources) {
        auto source = std::make_shared<Source>(services_.io, source_config);
        sources_[source_config.name] = source;
        if (once_) {
            schedule(source, 0);
            continue;
        }
        // Resume where the schedule was before a restart (the lookup runs on the pool: it is I/O).
        boost::asio::post(services_.pool, [this, source] {
            std::int64_t due = 0;
            try {
                if (auto saved = services_.state.schedule(source->config.name)) due = saved->next_due_ms;
            } catch (const std::exception& e) {
                log::error("cannot read schedule; running source now", {{"SOURCE", source->config.name}, {"ERROR", e.what()}});
            }
            boost::asio::post(services_.io, [this, source, due] { schedule(source, due); });
        });
    }
    check_spool_budget();
}

void Pipeline::schedule(const SourcePtr& source, std::int64_t due_ms) {
    if (stopping_ || source->removed) return;
    source->status.next_due_ms = due_ms;
    const auto wait = std::chrono::milliseconds(std::max<std::int64_t>(0, due_ms - now_ms()));
    source->timer.expires_after(wait);
    source->timer.async_wait([this, source](const boost::system::error_code& ec) {
        if (ec || stopping_ || source->removed) return;
        if (spool_full_) {
            log::warn("spool over its disk budget; pass postponed", {{"SOURCE", source->config.name}});
            schedule(source, now_ms() + kSpoolFullRetryMs);
            return;
        }
        run_pass(source);
    });
}

void Pipeline::run_pass(const SourcePtr& source) {
    if (source->running) return;
    source->running = true;
    source->pass_config = std::make_shared<const config::SourceConfig>(source->config);
    source->outstanding = 0;
    source->pass_articles = 0;
    source->pass_new = 0;
    source->pass_error.clear();
    passes_running_++;
    log::debug("pass started", {{"SOURCE", source->config.name}});
    // Guard: the pass cannot finish while it is still issuing its first jobs.
    begin_work(source);
    if (source->config.type == "page") {
        for (const auto& url : source->config.urls) enqueue_article(source, url, {});
    } else {
        start_documents(source);
    }
    end_work(source);
}

void Pipeline::begin_work(const SourcePtr& source) {
    source->outstanding++;
    in_flight_++;
}

void Pipeline::end_work(const SourcePtr& source) {
    in_flight_--;
    if (--source->outstanding == 0 && source->running) finish_pass(source);
}

void Pipeline::finish_pass(const SourcePtr& source) {
    source->running = false;
    passes_running_--;
    const auto finished = now_ms();
    source->status.last_run_ms = finished;
    std::int64_t next = 0;
    if (!once_ && !stopping_ && !source->removed) {
        std::int64_t jitter = 0;
        if (source->config.jitter.count() > 0) {
            thread_local std::mt19937_64 rng{std::random_device{}()};
            jitter = std::uniform_int_distribution<std::int64_t>(0, source->config.jitter.count())(rng);
        }
        next = finished + source->config.interval.count() + jitter;
        schedule(source, next);
    }
    if (!stopping_ && !source->pass_validators.empty()) {
        boost::asio::post(services_.pool, [this, validators = std::move(source->pass_validators)] {
            for (const auto& [url, v] : validators) {
                try {
                    services_.state.save_validators(url, v, now_ms());
                } catch (const std::exception& e) {
                    log::error("cannot save validators", {{"URL", url}, {"ERROR", e.what()}});
                }
            }
        });
    }
    source->pass_validators.clear();
    log::info("pass finished", {{"SOURCE", source->config.name},
                                {"NEW_ARTICLES", std::to_string(source->pass_new)},
                                {"ERROR", source->pass_error}});
    if (!once_ && !source->removed) {
        state::Schedule saved{next, finished, source->pass_error, static_cast<std::int64_t>(source->status.articles)};
        boost::asio::post(services_.pool, [this, name = source->config.name, saved] {
            try {
                services_.state.save_schedule(name, saved);
            } catch (const std::exception& e) {
                log::error("cannot save schedule", {{"SOURCE", name}, {"ERROR", e.what()}});
            }
        });
    }
    if (once_ && passes_running_ == 0 && in_flight_ == 0 && passes_done_) {
        bool all_ran = true;
        for (const auto& [name, s] : sources_)
            if (s->status.last_run_ms == 0 && !s->removed) all_ran = false;
        if (all_ran) passes_done_();
    }
}

void Pipeline::note_failure(const SourcePtr& source, const std::string& error) {
    source->pass_error = error;
    source->status.last_error = error;
    source->status.last_error_ms = now_ms();
    source->status.failures++;
}

void Pipeline::check_spool_budget() {
    boost::asio::post(services_.pool, [this] {
        try {
            const auto stats = services_.spool.stats();
            const bool full = stats.bytes >= config_.delivery.spool_max_bytes;
            if (full != spool_full_.exchange(full))
                log::warn(full ? "spool reached its disk budget: fetching paused until plugins catch up"
                               : "spool below its disk budget again: fetching resumes",
                          {{"SPOOL_BYTES", std::to_string(stats.bytes)}});
        } catch (const std::exception& e) {
            log::error("cannot read spool size", {{"ERROR", e.what()}});
        }
    });
    if (stopping_) return;
    timers_->spool_check.expires_after(kSpoolCheckInterval);
    timers_->spool_check.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) check_spool_budget();
    });
}

void Pipeline::stop_scheduling() {
    stopping_ = true;
    timers_->spool_check.cancel();
    for (auto& [name, source] : sources_) {
        source->timer.cancel();
        read_from_backlog(source);  // drops it: nothing new is fetched from now on
    }
}

void Pipeline::reconfigure(const config::Config& config) {
    std::map<std::string, const config::SourceConfig*> wanted;
    for (const auto& s : config.sources) wanted[s.name] = &s;
    for (auto it = sources_.begin(); it != sources_.end();) {
        if (wanted.count(it->first)) {
            ++it;
            continue;
        }
        log::info("source removed", {{"SOURCE", it->first}});
        it->second->removed = true;
        it->second->timer.cancel();
        it = sources_.erase(it);
    }
    for (const auto& [name, wanted_config] : wanted) {
        auto it = sources_.find(name);
        if (it == sources_.end()) {
            auto source = std::make_shared<Source>(services_.io, *wanted_config);
            sources_[name] = source;
            log::info("source added", {{"SOURCE", name}});
            schedule(source, now_ms());
            continue;
        }
        auto& source = it->second;
        const bool interval_changed = source->config.interval != wanted_config->interval;
        const bool urls_changed = source->config.urls != wanted_config->urls || source->config.type != wanted_config->type;
        source->config = *wanted_config;
        source->status.type = wanted_config->type;
        if (urls_changed) source->discovered_feeds.clear();
        if ((interval_changed || urls_changed) && !source->running) {
            log::info("source changed", {{"SOURCE", name}});
            const auto next = urls_changed ? now_ms() : source->status.last_run_ms + source->config.interval.count();
            schedule(source, next);
        }
    }
    config_ = config;
    admission_.set_slots(admission_slots(config));
}

PipelineStats Pipeline::stats() const {
    PipelineStats s;
    s.pages_fetched = counters_.pages_fetched;
    s.documents_fetched = counters_.documents_fetched;
    s.fetch_failures = counters_.fetch_failures;
    s.not_modified = counters_.not_modified;
    s.articles_extracted = counters_.articles_extracted;
    s.articles_spooled = counters_.articles_spooled;
    s.duplicates = counters_.duplicates;
    s.no_article = counters_.no_article;
    s.extract_errors = counters_.extract_errors;
    s.skipped_known = counters_.skipped_known;
    for (std::size_t i = 0; i < s.extract_buckets.size(); ++i) s.extract_buckets[i] = counters_.extract_buckets[i];
    s.extract_seconds_total = static_cast<double>(counters_.extract_micros_total) / 1e6;
    s.sources_due = passes_running_;
    s.work_in_flight = in_flight_;
    s.urls_backlogged = urls_backlogged_;
    s.spool_full = spool_full_;
    return s;
}

std::vector<SourceStatus> Pipeline::source_status() const {
    std::vector<SourceStatus> out;
    for (const auto& [name, source] : sources_) {
        SourceStatus s = source->status;
        s.running = source->running;
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace gleaner::pipeline
