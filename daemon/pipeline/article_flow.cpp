#include "pipeline/article_flow.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <algorithm>
#include <thread>

#include "log/log.h"
#include "pipeline/article_commit.h"
#include "pipeline/clock.h"
#include "pipeline/page_fetcher.h"
#include "pipeline/pipeline_stats.h"
#include "pipeline/retry_schedule.h"
#include "pipeline/rule_pages.h"
#include "render/render_policy.h"
#include "render/renderer.h"
#include "siterules/rule_set.h"
#include "state/crawl_store.h"

namespace gleaner::pipeline {
namespace {

// With nothing due, how often the frontier is looked at again: other nodes (or a listing's retry
// time coming) can make work due without this node hearing of it.
constexpr std::chrono::milliseconds kIdlePoll{1000};
// A commit the store refused (disk full, database gone) is tried again this much later.
constexpr std::int64_t kStoreRetryMs = 30'000;

unsigned workers_of(const config::Config& config) {
    return config.extract.workers > 0 ? static_cast<unsigned>(config.extract.workers)
                                      : std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace

std::size_t ArticleFlow::capacity(const config::Config& config) {
    return 2 * static_cast<std::size_t>(std::max(1, config.fetch.concurrency)) + workers_of(config);
}

ArticleFlow::ArticleFlow(Services& services, std::shared_ptr<const config::Config> config)
    : services_(services), config_(std::move(config)), idle_timer_(services.io) {}

ArticleFlow::~ArticleFlow() = default;

void ArticleFlow::start() {
    started_ = true;
    claim();
}

void ArticleFlow::set_config(std::shared_ptr<const config::Config> config) {
    config_ = std::move(config);
    nudge();
}

void ArticleFlow::nudge() {
    if (!started_ || stopping_) return;
    if (claiming_) {
        claim_again_ = true;
        return;
    }
    idle_timer_.cancel();
    claim();
}

void ArticleFlow::stop() {
    stopping_ = true;
    idle_timer_.cancel();
}

// A URL of one host may be in hand this many times at once: its connections busy and as many
// pages again waiting for extraction, and never more than half the node's hands, so a slow or
// Crawl-delayed host cannot keep other sources waiting.
std::size_t ArticleFlow::per_host_cap() const {
    const auto busy = 2 * static_cast<std::size_t>(std::max(1, config_->fetch.per_host_concurrency)) + workers_of(*config_);
    return std::max<std::size_t>(1, std::min(busy, capacity(*config_) / 2));
}

void ArticleFlow::claim() {
    if (stopping_ || claiming_) return;
    const auto cap = capacity(*config_);
    // Claim in batches: once half the hands are free, fill them.
    if (in_progress_ > cap / 2) return;
    claiming_ = true;
    claim_again_ = false;
    const auto limit = cap - in_progress_;
    boost::asio::post(services_.pool, [this, alive = std::weak_ptr<int>(alive_), limit, per_host = per_host_cap()] {
        std::vector<std::pair<state::ClaimedUrl, std::pair<std::string, std::string>>> claimed;
        std::optional<std::int64_t> next_due;
        try {
            const auto now = services_.clock.now_ms();
            for (auto& url : services_.store.claim_urls(services_.node, now, now + services_.lease.count(), limit, per_host)) {
                std::pair<std::string, std::string> validators;
                if (url.refetch)
                    if (auto saved = services_.store.validators(url.url)) validators = std::move(*saved);
                claimed.emplace_back(std::move(url), std::move(validators));
            }
            if (claimed.empty()) next_due = services_.store.next_url_due(now);
        } catch (const std::exception& e) {
            log::error("cannot claim URLs from the frontier", {{"ERROR", e.what()}});
        }
        boost::asio::post(services_.io, [this, alive, claimed = std::move(claimed), next_due]() mutable {
            if (alive.expired()) return;
            claiming_ = false;
            last_claim_empty_ = claimed.empty();
            for (auto& [url, validators] : claimed) start_job(std::move(url), std::move(validators));
            if (claim_again_ || (!claimed.empty() && !stopping_)) {
                claim();
                return;
            }
            if (claimed.empty()) wait_for_work(next_due);
            if (idle() && on_idle_) on_idle_();
        });
    });
}

void ArticleFlow::wait_for_work(std::optional<std::int64_t> next_due) {
    if (stopping_) return;
    auto wait = kIdlePoll;
    if (next_due)
        wait = std::clamp(std::chrono::milliseconds(*next_due - services_.clock.now_ms()), std::chrono::milliseconds(1),
                          kIdlePoll);
    idle_timer_.expires_after(wait);
    idle_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) claim();
    });
}

void ArticleFlow::start_job(state::ClaimedUrl url, std::pair<std::string, std::string> validators) {
    ++in_progress_;
    ArticleJob job;
    job.config = config_;
    for (const auto& s : config_->sources)
        if (s.name == url.source) job.source = &s;
    job.url = std::move(url);
    job.site_rules = site_rules_;
    if (site_rules_) job.rule = site_rules_->find_for_url(job.url.url);
    if (stopping_) {
        state::UrlOutcome outcome;
        outcome.kind = state::UrlOutcome::Kind::returned;
        return finish_failed(std::move(job), outcome, ArticleResult::returned);
    }
    fetch::Request request = rule_page_request(job, job.url.url);
    request.etag = std::move(validators.first);
    request.last_modified = std::move(validators.second);
    services_.fetcher.fetch(std::move(request), [this, alive = std::weak_ptr<int>(alive_),
                                                 job = std::move(job)](fetch::Response response) mutable {
        if (alive.expired()) return;
        job.response = std::move(response);
        fetched(std::move(job));
    });
}

void ArticleFlow::fetched(ArticleJob job) {
    auto& counters = services_.counters;
    const auto& r = job.response;
    if (!r.ok()) {
        if (r.failure == fetch::FailureKind::cancelled) {
            state::UrlOutcome outcome;
            outcome.kind = state::UrlOutcome::Kind::returned;
            return finish_failed(std::move(job), outcome, ArticleResult::returned);
        }
        counters.fetch_failures++;
        auto outcome = failure_outcome(r, job.url.attempts, services_.clock.now_ms(), job.config->fetch.retry);
        const bool expected = r.failure == fetch::FailureKind::robots_disallowed;
        const log::Fields fields{{"SOURCE", job.url.source},
                                 {"URL", r.requested_url},
                                 {"KIND", std::string(fetch::to_string(r.failure))},
                                 {"HTTP_STATUS", r.http_status ? std::to_string(r.http_status) : ""},
                                 {"ERROR", r.error},
                                 {"RETRY", outcome.kind == state::UrlOutcome::Kind::retry ? "later" : "no"}};
        if (expected) log::info("fetch failed", fields);
        else log::warn("fetch failed", fields);
        return finish_failed(std::move(job), std::move(outcome), ArticleResult::fetch_failed);
    }
    if (r.not_modified) {
        counters.not_modified++;
        state::UrlOutcome outcome;
        outcome.kind = state::UrlOutcome::Kind::done;
        return finish_failed(std::move(job), outcome, ArticleResult::not_modified);
    }
    counters.pages_fetched++;
    if (job.source) job.render.mode = job.source->render;
    if (!job.rule) return render_or_commit(std::move(job));
    gather_rule_pages(std::move(job), services_, [this, alive = std::weak_ptr<int>(alive_)](ArticleJob gathered) {
        if (!alive.expired()) render_or_commit(std::move(gathered));
    });
}

// The source's `render` setting. A page prepared under its site rule is extracted under the rule as
// fetched, never rendered: the rule says where the story is in the page as the site serves it.
void ArticleFlow::render_or_commit(ArticleJob job) {
    if (services_.renderer && !job.rule_page) {
        if (job.render.mode == "always") return render_page(std::move(job), std::nullopt);
        if (job.render.mode == "auto") return extract_plain_first(std::move(job));
    }
    commit(std::move(job), std::nullopt);
}

// render: auto — the page as fetched is extracted first; only a page with too little text is rendered.
void ArticleFlow::extract_plain_first(ArticleJob job) {
    boost::asio::post(services_.pool, [this, alive = std::weak_ptr<int>(alive_), job = std::move(job)]() mutable {
        auto plain = extract_job_page(job, services_);
        boost::asio::post(services_.io, [this, alive, job = std::move(job), plain = std::move(plain)]() mutable {
            if (alive.expired()) return;
            if (!plain.error.empty() || render::needs_rendering(plain.page)) return render_page(std::move(job), std::move(plain));
            commit(std::move(job), std::move(plain));
        });
    });
}

// The browser gets the page as fetched (it does not fetch it again) and hands back its DOM once the
// page's scripts have run. `plain`: the page as fetched, already extracted (auto), kept for a failure.
void ArticleFlow::render_page(ArticleJob job, std::optional<Extraction> plain) {
    const auto& r = job.response;
    render::RenderRequest request{r.final_url.empty() ? r.requested_url : r.final_url, r.body, r.content_type};
    services_.renderer->render(std::move(request), [this, alive = std::weak_ptr<int>(alive_), job = std::move(job),
                                                    plain = std::move(plain)](render::RenderResult result) mutable {
        if (alive.expired()) return;
        job.render.elapsed_ms = result.elapsed.count();
        if (result.ok()) {
            job.render.rendered = true;
            job.response.body = std::move(result.html);
            job.response.content_type = "text/html; charset=utf-8";  // the DOM, serialised by the browser
            plain.reset();
        } else {
            job.render.error = result.error;
            log::warn("page not rendered; extracted as fetched", {{"SOURCE", job.url.source},
                                                                  {"URL", job.url.url},
                                                                  {"ERROR", result.error}});
        }
        commit(std::move(job), std::move(plain));
    });
}

// On the pool: extract (unless done already) and commit.
void ArticleFlow::commit(ArticleJob job, std::optional<Extraction> extraction) {
    boost::asio::post(services_.pool, [this, alive = std::weak_ptr<int>(alive_), job = std::move(job),
                                       extraction = std::move(extraction)]() mutable {
        auto outcome = commit_extraction(job, extraction ? std::move(*extraction) : extract_job_page(job, services_), services_);
        if (outcome.result == ArticleResult::store_failed) {
            state::UrlOutcome retry;
            retry.kind = state::UrlOutcome::Kind::retry;
            retry.retry_at_ms = services_.clock.now_ms() + kStoreRetryMs;
            retry.error = outcome.error;
            try {
                // Not counted as a failed fetch: the page was fine, our disk was not.
                services_.store.finish_url(job.url.id, services_.node, retry, services_.clock.now_ms());
            } catch (const std::exception& e) {
                log::error("cannot record a URL's outcome; its lease lapses and it is fetched again",
                           {{"URL", job.url.url}, {"ERROR", e.what()}});
            }
        }
        job.response.body.clear();
        job.response.body.shrink_to_fit();
        job.rule_page.reset();
        boost::asio::post(services_.io, [this, alive, job = std::move(job), outcome = std::move(outcome)] {
            if (alive.expired()) return;
            job_done(job, outcome);
        });
    });
}

// Records an outcome that needs no extraction (failed, not modified, returned) on the pool.
void ArticleFlow::finish_failed(ArticleJob job, state::UrlOutcome outcome, ArticleResult result) {
    boost::asio::post(services_.pool, [this, alive = std::weak_ptr<int>(alive_), job = std::move(job),
                                       outcome = std::move(outcome), result]() mutable {
        try {
            services_.store.finish_url(job.url.id, services_.node, outcome, services_.clock.now_ms());
        } catch (const std::exception& e) {
            log::error("cannot record a URL's outcome; its lease lapses and it is fetched again",
                       {{"URL", job.url.url}, {"ERROR", e.what()}});
        }
        boost::asio::post(services_.io, [this, alive, job = std::move(job), result, error = outcome.error] {
            if (alive.expired()) return;
            job_done(job, {result, error});
        });
    });
}

void ArticleFlow::job_done(const ArticleJob& job, const ArticleOutcome& outcome) {
    --in_progress_;
    if (on_finished_) on_finished_(job, outcome);
    claim();
    if (idle() && on_idle_) on_idle_();
}

}  // namespace gleaner::pipeline
