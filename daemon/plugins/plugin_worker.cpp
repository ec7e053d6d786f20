#include "plugins/plugin_worker.h"

#include <algorithm>
#include <chrono>
#include <random>

#include "log/log.h"
#include "plugins/article_cache.h"
#include "plugins/dead_letter.h"
#include "state/spool.h"

namespace gleaner::plugins {
namespace {

using Clock = std::chrono::system_clock;

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch()).count();
}

// How long an idle worker sleeps before looking at the spool again even without a notification
// (covers deliveries whose retry time came, and articles spooled by another process).
constexpr std::chrono::milliseconds kIdlePoll{1000};

}  // namespace

PluginWorker::PluginWorker(std::unique_ptr<PluginInstance> instance, const config::PluginConfig& config,
                           state::Spool& spool, ArticleCache& cache, DeadLetter& dead_letter)
    : name_(config.name),
      instance_(std::move(instance)),
      config_(config),
      spool_(spool),
      cache_(cache),
      dead_letter_(dead_letter) {}

PluginWorker::~PluginWorker() { stop(); }

void PluginWorker::start() { thread_ = std::thread([this] { run(); }); }

void PluginWorker::notify() {
    {
        std::lock_guard lock(mutex_);
        notified_ = true;
    }
    wake_.notify_one();
}

void PluginWorker::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
    std::lock_guard lock(error_mutex_);
    instance_.reset();
}

bool PluginWorker::drained() { return spool_.pending(name_) == 0; }

void PluginWorker::run() {
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
            notified_ = false;
        }
        bool worked = false;
        try {
            worked = deliver_batch();
        } catch (const std::exception& e) {
            // A spool error (disk full, locked database) must not kill the worker: wait and retry.
            log::error("delivery round failed", {{"PLUGIN", name_}, {"ERROR", e.what()}});
        }
        if (worked) continue;
        std::unique_lock lock(mutex_);
        auto wait = kIdlePoll;
        if (auto next = spool_.next_retry(name_, now_ms()))
            wait = std::clamp(std::chrono::milliseconds(*next - now_ms()), std::chrono::milliseconds(1), kIdlePoll);
        wake_.wait_for(lock, wait, [this] { return stopping_ || notified_; });
    }
}

bool PluginWorker::deliver_batch() {
    const auto due = spool_.due(name_, now_ms(), static_cast<std::size_t>(std::max(1, config_.batch_size)));
    if (due.empty()) return false;
    batches_++;

    struct Accepted {
        state::Delivery delivery;
        std::shared_ptr<const SpooledArticle> article;
    };
    std::vector<Accepted> accepted;
    for (const auto& d : due) {
        auto article = cache_.get(d.article_id);
        if (!article) {
            auto payload = spool_.payload(d.article_id);
            if (!payload) continue;  // quarantined (reported by the spool)
            try {
                article = SpooledArticle::parse(d.article_id, std::move(*payload));
            } catch (const std::exception& e) {
                retry_or_fail(d, d.article_id, {}, e.what(), true);
                continue;
            }
        }
        gleaner_article view = article->view();
        view.matched_terms = {d.matched_terms.c_str(), d.matched_terms.size()};
        const auto result = instance_->consume(view);
        if (result.status == GLEANER_OK) accepted.push_back({d, std::move(article)});
        else retry_or_fail(d, d.article_id, article->payload(), result.error, result.status == GLEANER_FAIL);
    }
    if (accepted.empty()) return true;

    const auto flushed = instance_->flush();
    if (flushed.status == GLEANER_OK) {
        std::vector<std::int64_t> ids;
        ids.reserve(accepted.size());
        for (const auto& a : accepted) {
            ids.push_back(a.delivery.article_id);
            log::debug("delivered", {{"PLUGIN", name_}, {"URL", std::string(a.article->canonical_url())}});
        }
        acknowledge(ids, delivered_);
        return true;
    }
    // The batch did not become durable: every accepted article is offered again (or dead-lettered).
    for (const auto& a : accepted)
        retry_or_fail(a.delivery, a.delivery.article_id, a.article->payload(), "flush: " + flushed.error,
                      flushed.status == GLEANER_FAIL);
    return true;
}

std::chrono::milliseconds PluginWorker::backoff(int attempts) const {
    const auto base = std::max<std::int64_t>(1, config_.retry.base_delay.count());
    const auto cap = std::max<std::int64_t>(base, config_.retry.max_delay.count());
    const int shift = std::min(attempts - 1, 30);
    const auto exponential = std::min<std::int64_t>(cap, base << std::max(0, shift));
    // +-20% jitter so many retrying articles do not hit a recovering target at the same instant.
    thread_local std::mt19937 rng{std::random_device{}()};
    std::uniform_real_distribution<double> jitter(0.8, 1.2);
    return std::chrono::milliseconds(static_cast<std::int64_t>(static_cast<double>(exponential) * jitter(rng)));
}

void PluginWorker::retry_or_fail(const state::Delivery& d, std::int64_t spool_id, const std::string& payload,
                                 const std::string& error, bool permanent) {
    const int attempts = d.attempts + 1;
    {
        std::lock_guard lock(error_mutex_);
        last_error_ = error;
    }
    if (!permanent && attempts < config_.retry.max_attempts) {
        const auto delay = backoff(attempts);
        spool_.reschedule(name_, spool_id, attempts, now_ms() + delay.count(), error);
        retried_++;
        log::warn("plugin asked to retry", {{"PLUGIN", name_},
                                            {"ERROR", error},
                                            {"ATTEMPT", std::to_string(attempts)},
                                            {"RETRY_IN_MS", std::to_string(delay.count())}});
        return;
    }
    const std::string reason = permanent ? error : "gave up after " + std::to_string(attempts) + " attempts: " + error;
    try {
        dead_letter_.write(name_, reason, attempts, spool_id, payload);
    } catch (const std::exception& e) {
        // Cannot dead-letter: keep it in the spool rather than lose it.
        spool_.reschedule(name_, spool_id, attempts, now_ms() + backoff(attempts).count(), e.what());
        log::error("cannot write dead-letter file; article kept in spool", {{"PLUGIN", name_}, {"ERROR", e.what()}});
        return;
    }
    acknowledge({spool_id}, failed_);
    log::error("article dead-lettered", {{"PLUGIN", name_}, {"ERROR", reason}, {"FILE", dead_letter_.file().string()}});
}

// Counts first, then lets the spool forget: whoever sees the spool drained (drained(), a test, the
// shutdown) then also sees the counts.
void PluginWorker::acknowledge(const std::vector<std::int64_t>& ids, std::atomic<std::uint64_t>& counter) {
    counter += ids.size();
    try {
        spool_.acknowledge(name_, ids);
    } catch (...) {
        counter -= ids.size();
        throw;
    }
}

PluginStats PluginWorker::stats() {
    PluginStats s;
    s.name = name_;
    s.type = config_.type.empty() ? config_.path.string() : config_.type;
    s.delivered = delivered_;
    s.retried = retried_;
    s.failed = failed_;
    s.batches = batches_;
    s.pending = spool_.pending(name_);
    std::lock_guard lock(error_mutex_);
    s.last_error = last_error_;
    if (instance_) s.plugin_counters = instance_->counters();
    return s;
}

}  // namespace gleaner::plugins
