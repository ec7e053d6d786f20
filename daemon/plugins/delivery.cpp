#include "plugins/delivery.h"

#include <mutex>

#include "log/log.h"
#include "plugins/plugin_library.h"
#include "plugins/plugin_locator.h"

namespace gleaner::plugins {

Delivery::Delivery(OutboxAccess outbox, std::filesystem::path dead_letter_file)
    : outbox_(std::move(outbox)), dead_letter_(std::move(dead_letter_file)) {}

Delivery::~Delivery() { stop_all(); }

void Delivery::add(const config::PluginConfig& config, std::unique_ptr<PluginInstance> instance) {
    auto entry = std::make_unique<Entry>(Entry{config, ArticleFilter(config.filter), nullptr});
    entry->worker = std::make_unique<PluginWorker>(std::move(instance), config, outbox_, cache_, dead_letter_);
    std::unique_lock lock(mutex_);
    // The worker of the same name still delivering (replaced now) or still stopping (removed by an
    // earlier reload): two workers taking the same plugin's deliveries would offer articles twice.
    std::shared_future<void> predecessor;
    if (auto it = entries_.find(config.name); it != entries_.end()) {
        predecessor = retire_locked(config.name, std::move(it->second));
        entries_.erase(it);
    } else {
        for (const auto& [name, stopped] : retiring_)
            if (name == config.name) predecessor = stopped;
    }
    entry->worker->start(predecessor);
    entries_[config.name] = std::move(entry);
}

void Delivery::remove(const std::string& name) {
    std::unique_lock lock(mutex_);
    auto it = entries_.find(name);
    if (it == entries_.end()) return;
    retire_locked(name, std::move(it->second));
    entries_.erase(it);
}

std::shared_future<void> Delivery::retire_locked(const std::string& name, std::unique_ptr<Entry> entry) {
    std::erase_if(retiring_, [](const auto& retired) {
        return retired.second.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
    });
    // Stopping waits for the batch in hand, which a slow plugin may take long over: never on the
    // caller's thread (the event loop, during a reload).
    auto stopped = std::async(std::launch::async, [entry = std::shared_ptr<Entry>(std::move(entry))] {
                       entry->worker->stop();
                   }).share();
    retiring_.emplace_back(name, stopped);
    return stopped;
}

std::vector<std::string> Delivery::names() const {
    std::shared_lock lock(mutex_);
    std::vector<std::string> out;
    for (const auto& [name, entry] : entries_) out.push_back(name);
    return out;
}

const config::PluginConfig* Delivery::config_of(const std::string& name) const {
    std::shared_lock lock(mutex_);
    auto it = entries_.find(name);
    return it == entries_.end() ? nullptr : &it->second->config;
}

state::CommitResult Delivery::submit(const Submission& s, std::string_view node, std::int64_t now_ms) {
    std::shared_lock lock(mutex_);
    state::NewArticle article;
    article.frontier_id = s.frontier_id;
    article.canonical_url = s.canonical_url;
    article.source = s.source;
    article.fingerprint = s.fingerprint;
    article.payload = s.payload;
    article.allow_update = s.allow_update;
    article.aliases = s.aliases;
    article.near = s.near;
    article.cluster_id = s.cluster_id;
    article.cluster_origin = s.cluster_origin;
    std::vector<PluginWorker*> wake;
    for (const auto& [name, entry] : entries_) {
        if (auto terms = entry->filter.accept(s.filter)) {
            article.targets.push_back({name, std::move(*terms)});
            wake.push_back(entry->worker.get());
        }
    }
    const auto result = outbox_.store.commit_article(article, node, now_ms);
    if (result.outcome != state::AddOutcome::added || result.article_id == 0) return result;
    try {
        cache_.put(SpooledArticle::parse(result.article_id, s.payload));
    } catch (const std::exception& e) {
        log::warn("stored article not cached", {{"URL", s.canonical_url}, {"ERROR", e.what()}});
    }
    for (auto* worker : wake) worker->notify();
    return result;
}

bool Delivery::drained() {
    std::shared_lock lock(mutex_);
    for (const auto& [name, entry] : entries_)
        if (!entry->worker->drained()) return false;
    return true;
}

bool Delivery::settled(std::int64_t now_ms, std::int64_t horizon_ms) {
    std::shared_lock lock(mutex_);
    for (const auto& [name, entry] : entries_)
        if (!entry->worker->settled(now_ms, horizon_ms)) return false;
    return true;
}

void Delivery::stop_all() {
    std::map<std::string, std::unique_ptr<Entry>> entries;
    std::vector<std::pair<std::string, std::shared_future<void>>> retiring;
    {
        std::unique_lock lock(mutex_);
        entries.swap(entries_);
        retiring.swap(retiring_);
    }
    for (auto& [name, entry] : entries) entry->worker->stop();
    for (auto& [name, stopped] : retiring) stopped.wait();
}

std::vector<PluginStats> Delivery::stats() {
    std::shared_lock lock(mutex_);
    std::vector<PluginStats> out;
    for (const auto& [name, entry] : entries_) out.push_back(entry->worker->stats());
    return out;
}

std::unique_ptr<PluginInstance> create_plugin_instance(const config::PluginConfig& config,
                                                       const std::vector<std::filesystem::path>& search_path,
                                                       const std::filesystem::path& state_dir) {
    // One loaded library per file, shared by every instance of that type for as long as one lives.
    static std::mutex libraries_mutex;
    static std::map<std::filesystem::path, std::weak_ptr<const PluginLibrary>> libraries;

    const auto located = locate_plugin(config, search_path);
    if (!located.file) throw PluginLoadError("plugin " + config.name + ": " + located.error);
    std::shared_ptr<const PluginLibrary> library;
    {
        std::lock_guard lock(libraries_mutex);
        auto& slot = libraries[*located.file];
        library = slot.lock();
        if (!library) {
            library = PluginLibrary::open(*located.file);
            slot = library;
        }
    }
    return std::make_unique<PluginInstance>(library, config.name, config.config_json,
                                            state_dir / "plugins" / config.name);
}

}  // namespace gleaner::plugins
