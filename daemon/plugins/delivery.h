// Delivery: the hand-over from the pipeline to the plugins. submit() decides which plugin instances
// get an article (their filters), writes it durably to the spool with one delivery per instance
// (deduplicating in the same transaction), and wakes their workers. Instances can be added and
// removed while running (reload); removing one stops it after its batch in hand.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

#include "config/config.h"
#include "plugins/article_cache.h"
#include "plugins/article_filter.h"
#include "plugins/dead_letter.h"
#include "plugins/plugin_worker.h"
#include "state/spool.h"

namespace gleaner::plugins {

struct Submission {
    std::string canonical_url;
    std::string source;
    std::string fingerprint;
    std::string payload;          // the article as JSON
    FilterInput filter;           // views into the caller's strings, used during submit() only
    bool allow_update = false;    // page sources: re-deliver a known URL whose content changed
    std::vector<std::string> aliases;  // other canonical URLs that led here (see state::NewArticle)
};

class Delivery {
public:
    Delivery(state::Spool& spool, std::filesystem::path dead_letter_file);
    ~Delivery();

    // Starts delivering to `instance` (its worker begins with whatever the spool holds for it).
    void add(const config::PluginConfig& config, std::unique_ptr<PluginInstance> instance);
    // Stops the instance after its batch in hand; its undelivered articles stay in the spool.
    void remove(const std::string& name);
    std::vector<std::string> names() const;
    const config::PluginConfig* config_of(const std::string& name) const;

    state::AddOutcome submit(const Submission& submission, std::int64_t now_ms);

    // True when no plugin has anything left in the spool (used by `run --once`).
    bool drained();
    void stop_all();
    std::vector<PluginStats> stats();

private:
    struct Entry {
        config::PluginConfig config;
        ArticleFilter filter;
        std::unique_ptr<PluginWorker> worker;
    };

    state::Spool& spool_;
    DeadLetter dead_letter_;
    ArticleCache cache_{512};
    mutable std::shared_mutex mutex_;
    std::map<std::string, std::unique_ptr<Entry>> entries_;
};

// Locates, loads and creates one configured plugin instance. Libraries are shared between instances
// of one type. Throws PluginLoadError or PluginCreateError with a message naming the plugin and file.
std::unique_ptr<PluginInstance> create_plugin_instance(const config::PluginConfig& config,
                                                       const std::vector<std::filesystem::path>& search_path,
                                                       const std::filesystem::path& state_dir);

}  // namespace gleaner::plugins
