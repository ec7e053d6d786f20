// Delivery: the hand-over from the pipeline to the plugins. submit() decides which plugin instances
// get an article (their filters), commits it to the crawl state's outbox with one delivery per
// instance (deduplicating and marking its frontier URL done in the same transaction), and wakes their
// workers. Each worker claims its deliveries from the outbox with leases, so with a shared store the
// articles any node stored reach the plugins through whichever nodes run. Instances can be added,
// replaced and removed while running (reload) without blocking the caller: the old instance finishes
// its batch in hand and stops on a thread of its own, and a replacement starts delivering once it has,
// so no article is offered to both and none submitted meanwhile lacks a delivery for that plugin name.
#pragma once

#include <chrono>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "config/config.h"
#include "plugins/article_cache.h"
#include "plugins/article_filter.h"
#include "plugins/dead_letter.h"
#include "plugins/plugin_worker.h"
#include "state/crawl_store.h"

namespace gleaner::plugins {

struct Submission {
    std::int64_t frontier_id = 0;  // the frontier URL this article came from (0: none)
    std::string canonical_url;
    std::string source;
    std::string fingerprint;
    std::string payload;          // the article as JSON
    FilterInput filter;           // views into the caller's strings, used during submit() only
    bool allow_update = false;    // page sources: re-deliver a known URL whose content changed
    std::vector<std::string> aliases;  // other canonical URLs that led here (see state::NewArticle)
    state::NearDuplicateKeys near;     // near-duplicate index keys (empty: none)
    std::string cluster_id;            // the story cluster it joins
    std::string cluster_origin;        // canonical URL of that cluster's first-stored article
};

// Where a worker claims from, as whom, and for how long a claim lives.
struct OutboxAccess {
    state::CrawlStore& store;
    std::string node;
    std::chrono::milliseconds lease{60'000};
};

class Delivery {
public:
    Delivery(OutboxAccess outbox, std::filesystem::path dead_letter_file);
    ~Delivery();

    // Starts delivering to `instance` (its worker begins with whatever the outbox holds for it). An
    // instance of the same name is replaced at once for submit(); the new one starts delivering when
    // the old one has stopped. Returns without waiting for that.
    void add(const config::PluginConfig& config, std::unique_ptr<PluginInstance> instance);
    // Stops the instance after its batch in hand, without waiting for it; its undelivered articles
    // stay in the outbox.
    void remove(const std::string& name);
    std::vector<std::string> names() const;
    const config::PluginConfig* config_of(const std::string& name) const;

    state::CommitResult submit(const Submission& submission, std::string_view node, std::int64_t now_ms);

    // True when no plugin has anything left in the outbox.
    bool drained();
    // True when no plugin has anything due now or a retry due within `horizon_ms` (`run --once`).
    bool settled(std::int64_t now_ms, std::int64_t horizon_ms);
    void stop_all();
    std::vector<PluginStats> stats();

private:
    struct Entry {
        config::PluginConfig config;
        ArticleFilter filter;
        std::unique_ptr<PluginWorker> worker;
    };

    // Hands `entry` to a thread that stops it; the future is ready once it has. mutex_ held.
    std::shared_future<void> retire_locked(const std::string& name, std::unique_ptr<Entry> entry);

    OutboxAccess outbox_;
    DeadLetter dead_letter_;
    ArticleCache cache_{512};
    mutable std::shared_mutex mutex_;
    std::map<std::string, std::unique_ptr<Entry>> entries_;
    // Instances stopping (finishing their batch), by name; stop_all() waits for them.
    std::vector<std::pair<std::string, std::shared_future<void>>> retiring_;
};

// Locates, loads and creates one configured plugin instance. Libraries are shared between instances
// of one type. Throws PluginLoadError or PluginCreateError with a message naming the plugin and file.
std::unique_ptr<PluginInstance> create_plugin_instance(const config::PluginConfig& config,
                                                       const std::vector<std::filesystem::path>& search_path,
                                                       const std::filesystem::path& state_dir);

}  // namespace gleaner::plugins
