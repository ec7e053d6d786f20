#include "plugins/plugin_worker.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <random>

#include "log/log.h"
#include "plugins/article_cache.h"
#include "plugins/dead_letter.h"
#include "plugins/delivery.h"
#include "plugins/suspect_gate.h"

namespace gleaner::plugins {
namespace {

using Clock = std::chrono::system_clock;

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch()).count();
}

// How long an idle worker sleeps before looking at the outbox again even without a notification
// (covers deliveries whose retry time came, and articles stored by another node).
constexpr std::chrono::milliseconds kIdlePoll{1000};

}  // namespace

PluginWorker::PluginWorker(std::unique_ptr<PluginInstance> instance, const config::PluginConfig& config,
                           const OutboxAccess& outbox, ArticleCache& cache, DeadLetter& dead_letter)
    : name_(config.name),
      instance_(std::move(instance)),
      config_(config),
      store_(outbox.store),
      node_(outbox.node),
      lease_(outbox.lease),
      cache_(cache),
      dead_letter_(dead_letter) {}

PluginWorker::~PluginWorker() { stop(); }

void PluginWorker::start(std::shared_future<void> after) {
    thread_ = std::thread([this, after = std::move(after)] {
        if (after.valid()) after.wait();
        run();
    });
}

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

bool PluginWorker::drained() { return store_.pending(name_) == 0; }

bool PluginWorker::settled(std::int64_t now_ms, std::int64_t horizon_ms) {
    if (drained()) return true;
    std::lock_guard lock(mutex_);
    if (!idle_ || notified_) return false;  // a batch in hand, or new deliveries not looked at yet
    return !idle_next_ || *idle_next_ > now_ms + horizon_ms;
}

void PluginWorker::run() {
    std::string failing;  // the error of the last round when it failed: logged once, not every second
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) break;
            notified_ = false;
            idle_ = false;  // a round starts: what it finds is not known yet
        }
        bool worked = false;
        try {
            acknowledge_held();
            worked = deliver_batch();
            if (!failing.empty()) log::info("delivery resumed", {{"PLUGIN", name_}});
            failing.clear();
        } catch (const std::exception& e) {
            // A store error (disk full, locked database) must not kill the worker: wait and retry.
            if (failing != e.what()) log::error("delivery round failed", {{"PLUGIN", name_}, {"ERROR", e.what()}});
            failing = e.what();
        }
        if (worked) continue;
        std::optional<std::int64_t> next;
        bool known = failing.empty();  // a failed round may have left due deliveries behind
        try {
            next = store_.next_delivery_due(name_, now_ms());
        } catch (const std::exception& e) {
            known = false;
            log::error("cannot read the outbox", {{"PLUGIN", name_}, {"ERROR", e.what()}});
        }
        std::unique_lock lock(mutex_);
        idle_ = known;
        idle_next_ = next;
        auto wait = kIdlePoll;
        if (next)
            wait = std::clamp(std::chrono::milliseconds(*next - now_ms()), std::chrono::milliseconds(1), kIdlePoll);
        wake_.wait_for(lock, wait, [this] { return stopping_ || notified_; });
    }
    if (held_acks_.empty()) return;
    try {
        acknowledge_held();
    } catch (const std::exception& e) {
        log::error("acknowledgements not recorded; those articles will be offered to the plugin again",
                   {{"PLUGIN", name_}, {"COUNT", std::to_string(held_acks_.size())}, {"ERROR", e.what()}});
    }
}

bool PluginWorker::deliver_batch() {
    const auto now = now_ms();
    const auto due = store_.claim_deliveries(name_, node_, now, now + lease_.count(),
                                             static_cast<std::size_t>(std::max(1, config_.batch_size)));
    if (due.empty()) return false;
    // Articles whose earlier attempts ended with the process gone are offered one at a time, with no
    // other plugin call running (SuspectGate), so a crash blames only the article and the plugin in
    // hand; the rest of the batch goes together.
    std::vector<state::Delivery> batch;
    for (const auto& d : due) {
        if (d.crashed >= kMaxCrashes) {
            dead_letter(d, {}, "the process died " + std::to_string(d.crashed) +
                                   " times while plugin " + name_ + " had this article");
        } else if (d.crashed > 0) {
            deliver({d}, true);
        } else {
            batch.push_back(d);
        }
    }
    if (!batch.empty()) deliver(batch, false);
    return true;
}

void PluginWorker::deliver(const std::vector<state::Delivery>& due, bool suspect) {
    batches_++;
    struct Accepted {
        state::Delivery delivery;
        std::shared_ptr<const SpooledArticle> article;
    };
    std::vector<std::pair<state::Delivery, std::shared_ptr<const SpooledArticle>>> ready;
    for (const auto& d : due) {
        auto article = cache_.get(d.article_id);
        if (!article) {
            auto payload = store_.payload(d.article_id);
            if (!payload) continue;  // quarantined (reported by the store)
            try {
                article = SpooledArticle::parse(d.article_id, std::move(*payload));
            } catch (const std::exception& e) {
                retry_or_fail(d, {}, e.what(), true);
                continue;
            }
        }
        ready.emplace_back(d, std::move(article));
    }
    if (ready.empty()) return;
    // From counting the attempts to recording their outcome: a crash in between counts against
    // every article whose attempt is open, so a suspect keeps every other plugin out meanwhile.
    std::optional<SuspectGate::Alone> alone;
    std::optional<SuspectGate::Batch> together;
    if (suspect) alone.emplace(SuspectGate::process());
    else together.emplace(SuspectGate::process());
    {
        std::vector<std::int64_t> ids;
        for (const auto& [d, article] : ready) ids.push_back(d.article_id);
        store_.begin_attempts(name_, ids);  // durable before the plugin sees them
    }
    std::vector<Accepted> accepted;
    for (auto& [d, article] : ready) {
        gleaner_article view = article->view();
        view.matched_terms = {d.matched_terms.c_str(), d.matched_terms.size()};
        const auto result = instance_->consume(view);
        if (result.status == GLEANER_OK) accepted.push_back({d, std::move(article)});
        else retry_or_fail(d, article->payload(), result.error, result.status == GLEANER_FAIL);
    }
    if (accepted.empty()) return;

    const auto flushed = instance_->flush();
    if (flushed.status == GLEANER_OK) {
        std::vector<std::int64_t> ids;
        ids.reserve(accepted.size());
        for (const auto& a : accepted) {
            ids.push_back(a.delivery.article_id);
            log::debug("delivered", {{"PLUGIN", name_}, {"URL", std::string(a.article->canonical_url())}});
        }
        acknowledge(ids, delivered_);
        return;
    }
    // The batch did not become durable: every accepted article is offered again (or dead-lettered).
    for (const auto& a : accepted)
        retry_or_fail(a.delivery, a.article->payload(), "flush: " + flushed.error, flushed.status == GLEANER_FAIL);
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

void PluginWorker::retry_or_fail(const state::Delivery& d, const std::string& payload, const std::string& error,
                                 bool permanent) {
    const int attempts = d.attempts + 1;
    {
        std::lock_guard lock(error_mutex_);
        last_error_ = error;
    }
    if (!permanent && attempts < config_.retry.max_attempts) {
        const auto delay = backoff(attempts);
        store_.retry_delivery(name_, d.article_id, now_ms() + delay.count(), error);
        retried_++;
        log::warn("plugin asked to retry", {{"PLUGIN", name_},
                                            {"ERROR", error},
                                            {"ATTEMPT", std::to_string(attempts)},
                                            {"RETRY_IN_MS", std::to_string(delay.count())}});
        return;
    }
    dead_letter(d, payload, permanent ? error : "gave up after " + std::to_string(attempts) + " attempts: " + error);
}

void PluginWorker::dead_letter(const state::Delivery& d, const std::string& payload, const std::string& reason) {
    std::string body = payload;
    if (body.empty())
        if (auto stored = store_.payload(d.article_id)) body = std::move(*stored);
    try {
        dead_letter_.write(name_, reason, d.attempts + 1, d.article_id, body);
    } catch (const std::exception& e) {
        // Cannot dead-letter: keep it in the outbox rather than lose it.
        store_.retry_delivery(name_, d.article_id, now_ms() + backoff(d.attempts + 1).count(), e.what());
        log::error("cannot write dead-letter file; article kept in the outbox", {{"PLUGIN", name_}, {"ERROR", e.what()}});
        return;
    }
    acknowledge({d.article_id}, failed_);
    std::string url;
    try {
        if (!body.empty()) url = std::string(SpooledArticle::parse(d.article_id, body)->canonical_url());
    } catch (const std::exception&) {
    }
    log::error("article dead-lettered", {{"PLUGIN", name_},
                                         {"URL", url},
                                         {"ARTICLE_ID", std::to_string(d.article_id)},
                                         {"ERROR", reason},
                                         {"FILE", dead_letter_.file().string()}});
}

// Counts first, then lets the outbox forget: whoever sees the outbox drained (drained(), a test, the
// shutdown) then also sees the counts.
void PluginWorker::acknowledge(const std::vector<std::int64_t>& ids, std::atomic<std::uint64_t>& counter) {
    counter += ids.size();
    try {
        store_.acknowledge(name_, ids);
    } catch (...) {
        counter -= ids.size();
        for (const auto id : ids) held_acks_.emplace_back(id, &counter);
        throw;
    }
}

void PluginWorker::acknowledge_held() {
    if (held_acks_.empty()) return;
    std::vector<std::int64_t> ids;
    ids.reserve(held_acks_.size());
    for (const auto& [id, counter] : held_acks_) ids.push_back(id);
    for (const auto& [id, counter] : held_acks_) ++*counter;
    try {
        store_.acknowledge(name_, ids);
    } catch (...) {
        for (const auto& [id, counter] : held_acks_) --*counter;
        throw;
    }
    log::info("acknowledgements recorded after a store error", {{"PLUGIN", name_}, {"COUNT", std::to_string(ids.size())}});
    held_acks_.clear();
}

PluginStats PluginWorker::stats() {
    PluginStats s;
    s.name = name_;
    s.type = config_.type.empty() ? config_.path.string() : config_.type;
    s.delivered = delivered_;
    s.retried = retried_;
    s.failed = failed_;
    s.batches = batches_;
    s.pending = store_.pending(name_);
    std::lock_guard lock(error_mutex_);
    s.last_error = last_error_;
    if (instance_) s.plugin_counters = instance_->counters();
    return s;
}

}  // namespace gleaner::plugins
