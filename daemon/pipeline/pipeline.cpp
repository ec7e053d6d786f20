#include "pipeline/pipeline.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <random>

#include "log/log.h"
#include "pipeline/article_flow.h"
#include "pipeline/article_job.h"
#include "pipeline/clock.h"
#include "pipeline/source_pass.h"
#include "state/crawl_store.h"

namespace gleaner::pipeline {
namespace {

// How often the outbox's size is compared with delivery.spool_max_bytes, and how long a due pass
// waits when the budget is spent.
constexpr std::chrono::seconds kBudgetCheckInterval{5};
constexpr std::int64_t kOutboxFullRetryMs = 30'000;

std::int64_t jitter_ms(const config::SourceConfig& source) {
    if (source.jitter.count() <= 0) return 0;
    thread_local std::mt19937_64 rng{std::random_device{}()};
    return std::uniform_int_distribution<std::int64_t>(0, source.jitter.count())(rng);
}

}  // namespace

Pipeline::Pipeline(Services services, std::shared_ptr<const config::Config> config, bool once)
    : services_(std::move(services)),
      config_(std::move(config)),
      once_(once),
      flow_(std::make_unique<ArticleFlow>(services_, config_)),
      budget_timer_(services_.io) {
    flow_->on_idle([this] { check_once_done(); });
    flow_->on_finished([this](const ArticleJob& job, const ArticleOutcome& outcome) { count_job(job, outcome); });
}

// The source's figures for one finished article job (what /status, /metrics and the --once summary
// show per source).
void Pipeline::count_job(const ArticleJob& job, const ArticleOutcome& outcome) {
    auto it = sources_.find(job.url.source);
    if (it == sources_.end()) return;
    auto& status = it->second->status;
    switch (outcome.result) {
        case ArticleResult::stored:
            status.articles++;
            status.last_pass_new++;
            status.count(ArticleFate::added);
            if (article_stored_) article_stored_({job.stored_title, job.stored_url, job.url.source});
            break;
        case ArticleResult::duplicate:
        case ArticleResult::not_modified: status.count(ArticleFate::unchanged); break;
        case ArticleResult::duplicate_content: status.count(ArticleFate::duplicate_content); break;
        case ArticleResult::no_article: status.count(ArticleFate::no_article); break;
        case ArticleResult::skipped_by_type: status.count(ArticleFate::skipped_by_type); break;
        case ArticleResult::extract_failed: status.count(ArticleFate::extraction_failed); break;
        case ArticleResult::store_failed: status.count(ArticleFate::store_failed); break;
        case ArticleResult::fetch_failed:
            if (job.response.failure == fetch::FailureKind::robots_disallowed) {
                status.count(ArticleFate::robots);
                return;  // an expected refusal, not a failure
            }
            status.count(ArticleFate::fetch_failed);
            status.failures_by_kind[static_cast<std::size_t>(job.response.failure)]++;
            break;
        case ArticleResult::returned: break;
    }
    if (!outcome.error.empty() && outcome.result != ArticleResult::no_article &&
        outcome.result != ArticleResult::skipped_by_type) {
        status.last_error = outcome.error;
        status.last_error_ms = services_.clock.now_ms();
        status.failures++;
    }
}

Pipeline::~Pipeline() = default;

void Pipeline::start() {
    for (const auto& source_config : config_->sources) {
        auto source = std::make_shared<Source>(services_.io, source_config);
        sources_[source_config.name] = source;
        load_schedule(source);
    }
    check_outbox_budget();
    flow_->start();
}

// Resumes where the store says the source's schedule is (the lookup is I/O: on the pool). With
// --once the pass is due now, whatever the schedule.
void Pipeline::load_schedule(const SourcePtr& source) {
    boost::asio::post(services_.pool, [this, alive = std::weak_ptr<int>(alive_), source] {
        std::int64_t due = 0;
        std::optional<state::SourceRecord> record;
        try {
            record = services_.store.source(source->status.name);
            // --once runs every source now and leaves the daemon's schedule as it was.
            if (once_) {
                source->kept_due_ms = record ? record->next_due_ms : 0;
                services_.store.reschedule_source(source->status.name, 0);
            }
        } catch (const std::exception& e) {
            log::error("cannot read the source's schedule; running it now",
                       {{"SOURCE", source->status.name}, {"ERROR", e.what()}});
        }
        if (record && !once_) due = record->next_due_ms;
        boost::asio::post(services_.io, [this, alive, source, due, record] {
            if (alive.expired()) return;
            if (record) {
                source->status.articles = static_cast<std::uint64_t>(record->articles);
                source->status.last_run_ms = record->last_run_ms;
                source->status.last_error = record->last_error;
                source->status.last_pass_error = record->last_error;
            }
            schedule(source, due);
        });
    });
}

void Pipeline::schedule(const SourcePtr& source, std::int64_t due_ms) {
    if (stopping_ || source->removed) return;
    source->status.next_due_ms = due_ms;
    const auto wait = std::chrono::milliseconds(std::max<std::int64_t>(0, due_ms - services_.clock.now_ms()));
    source->timer.expires_after(wait);
    source->timer.async_wait([this, source](const boost::system::error_code& ec) {
        if (ec || stopping_ || source->removed || source->pass) return;
        if (outbox_full_) {
            log::warn("spool over its disk budget; pass postponed", {{"SOURCE", source->status.name}});
            schedule(source, services_.clock.now_ms() + kOutboxFullRetryMs);
            return;
        }
        claim_pass(source);
    });
}

// Takes the pass in the store: with several nodes, one of them runs it; the others wait for the
// next due time it sets.
void Pipeline::claim_pass(const SourcePtr& source) {
    boost::asio::post(services_.pool, [this, alive = std::weak_ptr<int>(alive_), source] {
        const auto now = services_.clock.now_ms();
        bool claimed = false;
        std::optional<state::SourceRecord> record;
        std::string error;
        try {
            claimed = services_.store.claim_pass(source->status.name, services_.node, now, now + services_.lease.count());
            if (!claimed) record = services_.store.source(source->status.name);
        } catch (const std::exception& e) {
            error = e.what();
        }
        boost::asio::post(services_.io, [this, alive, source, claimed, record, error] {
            if (alive.expired() || stopping_ || source->removed) return;
            const auto now = services_.clock.now_ms();
            if (claimed) return run_pass(source);
            if (!error.empty()) {
                log::error("cannot claim the source's pass; trying again", {{"SOURCE", source->status.name}, {"ERROR", error}});
                return schedule(source, now + services_.lease.count() / 4);
            }
            // Another node runs it (or ran it): look again when it is due, or when its lease may lapse.
            std::int64_t next = now + services_.lease.count() / 4;
            if (record && record->owner.empty() && record->next_due_ms > now) next = record->next_due_ms;
            if (record && !record->owner.empty()) next = std::max(now + 1000, std::min(next, record->lease_until_ms + 1));
            schedule(source, next);
        });
    });
}

void Pipeline::run_pass(const SourcePtr& source) {
    source->status.running = true;
    source->status.last_pass_new = 0;
    log::debug("pass started", {{"SOURCE", source->status.name}});
    source->pass = std::make_shared<SourcePass>(
        services_, config_, *source->config, source->memory, [this] { flow_->nudge(); },
        [this, alive = std::weak_ptr<int>(alive_)](const ArticleJob& job, const ArticleOutcome& outcome) {
            if (!alive.expired()) count_job(job, outcome);
        },
        [this, alive = std::weak_ptr<int>(alive_), source](PassReport report) {
            if (alive.expired()) return;
            finish_pass(source, std::move(report));
        });
    source->pass->start();
}

void Pipeline::finish_pass(const SourcePtr& source, PassReport report) {
    std::erase_if(retired_, [&](const auto& pass) { return pass == source->pass; });
    source->pass.reset();
    if (source->removed) return;  // dropped by a reload: its configuration is gone
    source->status.running = false;
    source->ran = true;
    const auto finished = services_.clock.now_ms();
    source->status.last_run_ms = finished;
    source->status.last_pass_error = report.error;
    source->status.documents += report.documents;
    source->status.fates[static_cast<std::size_t>(ArticleFate::already_listed)] += report.urls_known;
    source->status.fates[static_cast<std::size_t>(ArticleFate::max_articles)] += report.urls_over_limit;
    for (std::size_t i = 0; i < report.failures_by_kind.size(); ++i)
        source->status.failures_by_kind[i] += report.failures_by_kind[i];
    if (!report.error.empty()) {
        source->status.last_error = report.error;
        source->status.last_error_ms = finished;
        source->status.failures += report.failures;
    }
    for (auto& feed : report.discovered_feeds)
        if (std::find(source->memory.discovered_feeds.begin(), source->memory.discovered_feeds.end(), feed) ==
            source->memory.discovered_feeds.end())
            source->memory.discovered_feeds.push_back(std::move(feed));
    state::PassOutcome outcome;
    outcome.finished_ms = finished;
    outcome.error = report.error;
    outcome.next_due_ms = finished + source->config->interval.count() + jitter_ms(*source->config);
    log::info("pass finished", {{"SOURCE", source->status.name},
                                {"DOCUMENTS", std::to_string(report.documents)},
                                {"NOT_MODIFIED", std::to_string(report.not_modified)},
                                {"NEW_URLS", std::to_string(report.urls_added)},
                                {"ARCHIVE_PAGES", report.archive_pages ? std::to_string(report.archive_pages) : ""},
                                {"DAMAGED_RECORDS", report.archive_damaged ? std::to_string(report.archive_damaged) : ""},
                                {"ERROR", report.error}});
    // A pass cut short by a stop leaves the source due: the next start runs it again.
    if (stopping_) outcome.next_due_ms = finished;
    if (once_) outcome.next_due_ms = source->kept_due_ms;
    boost::asio::post(services_.pool, [this, name = source->status.name, outcome] {
        try {
            services_.store.finish_pass(name, services_.node, outcome);
        } catch (const std::exception& e) {
            log::error("cannot save the source's schedule", {{"SOURCE", name}, {"ERROR", e.what()}});
        }
    });
    flow_->nudge();
    if (!once_) schedule(source, outcome.next_due_ms);
    check_once_done();
}

void Pipeline::check_once_done() {
    if (!once_ || stopping_ || !passes_done_) return;
    for (const auto& [name, s] : sources_)
        if (!s->ran || s->pass) return;
    if (!flow_->idle()) return;
    auto done = std::move(passes_done_);
    passes_done_ = nullptr;
    done();
}

void Pipeline::check_outbox_budget() {
    boost::asio::post(services_.pool, [this, budget = config_->delivery.spool_max_bytes] {
        try {
            const auto stats = services_.store.outbox_stats();
            const bool full = stats.bytes >= budget;
            if (full != outbox_full_.exchange(full))
                log::warn(full ? "spool reached its disk budget: fetching paused until plugins catch up"
                               : "spool below its disk budget again: fetching resumes",
                          {{"OUTBOX_BYTES", std::to_string(stats.bytes)}});
        } catch (const std::exception& e) {
            log::error("cannot read the outbox's size", {{"ERROR", e.what()}});
        }
    });
    if (stopping_) return;
    budget_timer_.expires_after(kBudgetCheckInterval);
    budget_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) check_outbox_budget();
    });
}

void Pipeline::stop_scheduling() {
    stopping_ = true;
    budget_timer_.cancel();
    flow_->stop();
    for (auto& [name, source] : sources_) {
        source->timer.cancel();
        if (source->pass) source->pass->stop();
    }
}

std::uint64_t Pipeline::work_in_flight() const {
    std::uint64_t total = flow_->in_progress();
    for (const auto& pass : retired_) total += pass->in_flight();
    for (const auto& [name, source] : sources_)
        if (source->pass) total += source->pass->in_flight();
    return total;
}

void Pipeline::reconfigure(std::shared_ptr<const config::Config> config) {
    std::map<std::string, const config::SourceConfig*> wanted;
    for (const auto& s : config->sources) wanted[s.name] = &s;
    for (auto it = sources_.begin(); it != sources_.end();) {
        if (wanted.count(it->first)) {
            ++it;
            continue;
        }
        // Its pass (if any) finishes on the snapshot it started with; its URLs stay in the frontier.
        log::info("source removed", {{"SOURCE", it->first}});
        it->second->removed = true;
        it->second->timer.cancel();
        if (auto& pass = it->second->pass) {
            pass->stop();  // documents under way finish; their URLs still reach the frontier
            retired_.push_back(pass);
        }
        it = sources_.erase(it);
    }
    for (const auto& [name, next] : wanted) {
        auto it = sources_.find(name);
        if (it == sources_.end()) {
            auto source = std::make_shared<Source>(services_.io, *next);
            sources_[name] = source;
            log::info("source added", {{"SOURCE", name}});
            load_schedule(source);
            continue;
        }
        auto& source = it->second;
        const auto& before = *source->config;
        const bool interval_changed = before.interval != next->interval;
        const bool urls_changed = before.urls != next->urls || before.paths != next->paths || before.type != next->type ||
                                  before.discover != next->discover;
        source->config = next;
        source->status.type = std::string(config::to_string(next->type));
        if (urls_changed) source->memory = {};
        if ((interval_changed || urls_changed) && !source->pass) {
            log::info("source changed", {{"SOURCE", name}});
            const auto due = urls_changed ? services_.clock.now_ms() : source->status.last_run_ms + next->interval.count();
            boost::asio::post(services_.pool, [this, name, due] {
                try {
                    services_.store.reschedule_source(name, due);
                } catch (const std::exception& e) {
                    log::error("cannot reschedule the source", {{"SOURCE", name}, {"ERROR", e.what()}});
                }
            });
            schedule(source, due);
        }
    }
    config_ = std::move(config);
    flow_->set_config(config_);
}

void Pipeline::set_site_rules(std::shared_ptr<const siterules::RuleSet> rules) { flow_->set_site_rules(std::move(rules)); }

PipelineStats Pipeline::stats() const {
    const auto& c = services_.counters;
    PipelineStats s;
    s.pages_fetched = c.pages_fetched;
    s.documents_fetched = c.documents_fetched;
    s.fetch_failures = c.fetch_failures;
    s.not_modified = c.not_modified;
    s.articles_extracted = c.articles_extracted;
    s.articles_spooled = c.articles_spooled;
    s.duplicates = c.duplicates;
    s.story_clusters = c.story_clusters;
    s.story_copies = c.story_copies;
    s.no_article = c.no_article;
    s.extract_errors = c.extract_errors;
    s.skipped_known = c.skipped_known;
    s.archive_pages = c.archive_pages;
    s.archive_damaged = c.archive_damaged;
    for (std::size_t i = 0; i < s.skipped_by_type.size(); ++i) s.skipped_by_type[i] = c.skipped_by_type[i];
    for (std::size_t i = 0; i < s.extract_buckets.size(); ++i) s.extract_buckets[i] = c.extract_buckets[i];
    s.extract_seconds_total = static_cast<double>(c.extract_micros_total) / 1e6;
    for (const auto& [name, source] : sources_)
        if (source->pass) s.sources_due++;
    s.work_in_flight = work_in_flight();
    s.spool_full = outbox_full_;
    return s;
}

std::vector<SourceStatus> Pipeline::source_status() const {
    std::vector<SourceStatus> out;
    for (const auto& [name, source] : sources_) out.push_back(source->status);
    return out;
}

}  // namespace gleaner::pipeline
