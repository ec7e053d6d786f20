// The article side of the pipeline: claims due URLs from the crawl state's frontier, a batch at a
// time under a lease, and runs each as an ArticleJob — fetch (I/O thread) → the further pages of its
// site rule, if it has one (rule_pages.h) → render, for sources that ask (the browser, driven from
// the I/O thread) → extract and commit (worker pool) → outcome recorded. `render: always` renders
// every page; `render: auto` extracts the page as fetched first and renders it only when that found
// too little (render/render_policy.h). A page the browser cannot render is extracted as fetched:
// rendering never loses an article. A page extracted under a site rule is not rendered.
//
// It holds at most `capacity` URLs at once: enough for every connection to be busy while as many
// fetched pages again wait for the extraction workers; fetched pages (hundreds of KB each) cannot
// pile up in memory, and everything not yet claimed waits in the store, not in memory, however long
// the listings.
//
// I/O thread only (store calls and extraction are posted to the worker pool).
#pragma once

#include <boost/asio/steady_timer.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "config/config.h"
#include "pipeline/article_commit.h"
#include "pipeline/article_job.h"
#include "pipeline/services.h"

namespace gleaner::pipeline {

class ArticleFlow {
public:
    ArticleFlow(Services& services, std::shared_ptr<const config::Config> config);
    ~ArticleFlow();

    void start();
    // The configuration for jobs started from now on (capacity, fetch and extract settings).
    void set_config(std::shared_ptr<const config::Config> config);
    // The site rules for jobs started from now on (null: none).
    void set_site_rules(std::shared_ptr<const siterules::RuleSet> rules) { site_rules_ = std::move(rules); }
    // New URLs were listed: claim now rather than at the next poll.
    void nudge();
    // No more claims; claimed URLs not yet being fetched go back to the frontier.
    void stop();

    std::uint64_t in_progress() const { return in_progress_; }
    // Nothing in progress and the last claim found nothing due.
    bool idle() const { return in_progress_ == 0 && !claiming_ && last_claim_empty_; }
    // Called each time the flow becomes idle.
    void on_idle(std::function<void()> callback) { on_idle_ = std::move(callback); }
    // Called on the I/O thread each time a job ends.
    void on_finished(ArticleFinished callback) { on_finished_ = std::move(callback); }

    static std::size_t capacity(const config::Config& config);

private:
    void claim();
    void start_job(state::ClaimedUrl url, std::pair<std::string, std::string> validators);
    void fetched(ArticleJob job);
    void extract_plain_first(ArticleJob job);
    void render_or_commit(ArticleJob job);
    void render_page(ArticleJob job, std::optional<Extraction> plain);
    void commit(ArticleJob job, std::optional<Extraction> extraction);
    void finish_failed(ArticleJob job, state::UrlOutcome outcome, ArticleResult result);
    void job_done(const ArticleJob& job, const ArticleOutcome& outcome);
    void wait_for_work(std::optional<std::int64_t> next_due);
    std::size_t per_host_cap() const;

    Services& services_;
    std::shared_ptr<const config::Config> config_;
    std::shared_ptr<const siterules::RuleSet> site_rules_;
    boost::asio::steady_timer idle_timer_;
    std::uint64_t in_progress_ = 0;
    bool claiming_ = false;
    bool claim_again_ = false;      // nudged while a claim was under way
    bool last_claim_empty_ = false;
    bool stopping_ = false;
    bool started_ = false;
    std::function<void()> on_idle_;
    ArticleFinished on_finished_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // posted handlers check it
};

}  // namespace gleaner::pipeline
