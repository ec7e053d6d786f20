// Delivers the outbox backlog of one plugin instance on a thread of its own, so a slow or failing
// plugin never stalls fetching or the other plugins. Each round claims up to batch_size due
// deliveries from the outbox (oldest first, under a lease), counts the attempt durably, offers them
// to the plugin, flushes, and acknowledges what the flush made durable. RETRY reschedules with
// exponential backoff and jitter; FAIL, or RETRY past the attempt limit, moves the article to the
// dead-letter file.
//
// A plugin that kills the process on an article leaves an attempt without an outcome behind. Such
// articles are offered alone from then on, while no other plugin call runs (SuspectGate), so the
// blame falls on the plugin and the article that crash; after kMaxCrashes they are dead-lettered,
// naming the plugin and the article, instead of crashing every restart.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "config/config.h"
#include "plugins/plugin_instance.h"
#include "state/crawl_store.h"

namespace gleaner::state {
struct Delivery;
}  // namespace gleaner::state

namespace gleaner::plugins {

class ArticleCache;
class DeadLetter;
struct OutboxAccess;

// Attempts that may end with the process gone before an article is dead-lettered.
inline constexpr int kMaxCrashes = 3;

struct PluginStats {
    std::string name;
    std::string type;
    std::uint64_t delivered = 0;   // acknowledged
    std::uint64_t retried = 0;     // RETRY answers (rescheduled)
    std::uint64_t failed = 0;      // dead-lettered
    std::uint64_t batches = 0;
    std::int64_t pending = 0;      // still in the outbox for this plugin
    std::string last_error;
    std::map<std::string, std::uint64_t> plugin_counters;  // what the plugin counted through the host API
};

class PluginWorker {
public:
    PluginWorker(std::unique_ptr<PluginInstance> instance, const config::PluginConfig& config,
                 const OutboxAccess& outbox, ArticleCache& cache, DeadLetter& dead_letter);
    ~PluginWorker();  // stops and joins

    // Starts the thread; with a valid `after`, delivering begins once it is ready (the instance this
    // one replaces has stopped).
    void start(std::shared_future<void> after = {});
    // Wakes the worker: new deliveries are in the outbox.
    void notify();
    // Finishes the batch in hand (flushing it), then stops the thread and destroys the instance.
    void stop();
    // True when this plugin has nothing left in the outbox, not even a delivery waiting for a retry.
    bool drained();
    // True when nothing is due for this plugin now and its next retry, if any, comes after
    // now + horizon (`run --once` leaves such deliveries in the outbox for the next run).
    bool settled(std::int64_t now_ms, std::int64_t horizon_ms);
    PluginStats stats();
    const std::string& name() const { return name_; }

private:
    void run();
    // Returns false when nothing was due.
    bool deliver_batch();
    // `suspect`: one article whose earlier attempt ended with the process gone, offered alone.
    void deliver(const std::vector<state::Delivery>& batch, bool suspect);
    void retry_or_fail(const state::Delivery& d, const std::string& payload, const std::string& error, bool permanent);
    void dead_letter(const state::Delivery& d, const std::string& payload, const std::string& reason);
    std::chrono::milliseconds backoff(int attempts) const;
    // Acknowledges the articles in the outbox and adds them to `counter`. When the store refuses (a
    // full disk) they are kept in memory and acknowledged before anything else is claimed: offering
    // them to the plugin again would repeat work it already made durable (issue 12 #8).
    void acknowledge(const std::vector<std::int64_t>& ids, std::atomic<std::uint64_t>& counter);
    // Retries the acknowledgements the store refused; throws while it still refuses.
    void acknowledge_held();

    std::string name_;
    std::unique_ptr<PluginInstance> instance_;
    config::PluginConfig config_;
    state::CrawlStore& store_;
    std::string node_;
    std::chrono::milliseconds lease_;
    ArticleCache& cache_;
    DeadLetter& dead_letter_;

    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool notified_ = false;
    // The last look at the outbox found nothing to claim now; idle_next_ is its next retry, if any.
    bool idle_ = false;
    std::optional<std::int64_t> idle_next_;

    std::atomic<std::uint64_t> delivered_{0}, retried_{0}, failed_{0}, batches_{0};
    // Outcomes the plugin made durable that the outbox has not recorded yet (worker thread only).
    std::vector<std::pair<std::int64_t, std::atomic<std::uint64_t>*>> held_acks_;
    std::mutex error_mutex_;  // guards last_error_ and the instance's lifetime against stats()
    std::string last_error_;
};

}  // namespace gleaner::plugins
