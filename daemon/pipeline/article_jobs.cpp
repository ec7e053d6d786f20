// One article URL through the pipeline: admission (article_admission.h) → dedup check (pool) →
// fetch (I/O thread) → extract, build the record and spool it (pool). Every path ends with
// end_article on the I/O thread, which frees the admission slot.
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <algorithm>
#include <chrono>
#include <thread>

#include "extract/extractor.h"
#include "fetch/fetcher.h"
#include "log/log.h"
#include "pipeline/article_record.h"
#include "pipeline/pipeline.h"
#include "pipeline/source_state.h"
#include "plugins/delivery.h"
#include "sources/url.h"
#include "state/crawl_state.h"

namespace gleaner::pipeline {
namespace {

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

std::size_t Pipeline::admission_slots(const config::Config& config) {
    // Enough for every connection to be busy while as many fetched pages again wait for the
    // extraction workers (and one more each for the workers themselves).
    const auto workers = config.extract.workers > 0 ? static_cast<std::size_t>(config.extract.workers)
                                                    : std::max(1u, std::thread::hardware_concurrency());
    return 2 * static_cast<std::size_t>(std::max(1, config.fetch.concurrency)) + workers;
}

void Pipeline::end_article(const SourcePtr& source) {
    admission_.release(source->config.name);
    read_from_backlog(source);
    end_work(source);
}

void Pipeline::enqueue_article(const SourcePtr& source, std::string url, EntryHints hints) {
    begin_work(source);  // the pass is not over while the URL waits for admission
    // Fixed pages are re-fetched each pass (conditionally) to catch updates; URLs from feeds,
    // sitemaps and section pages are fetched once.
    const bool refetch = source->config.type == "page";
    admission_.submit(source->config.name, [this, source, url = std::move(url), hints = std::move(hints), refetch]() mutable {
        if (stopping_) {
            end_article(source);
            return;
        }
        check_and_fetch(source, std::move(url), std::move(hints), refetch);
    });
}

void Pipeline::check_and_fetch(const SourcePtr& source, std::string url, EntryHints hints, bool refetch) {
    boost::asio::post(services_.pool, [this, source, url = std::move(url), hints = std::move(hints), refetch]() mutable {
        auto canonical = sources::canonicalize_url(url);
        bool known = false;
        state::Validators validators;
        std::string error;
        try {
            if (canonical && !refetch) known = services_.state.delivered(*canonical);
            if (canonical && refetch) validators = services_.state.validators(url);
        } catch (const std::exception& e) {
            error = e.what();
        }
        boost::asio::post(services_.io, [this, source, url = std::move(url), hints = std::move(hints), known,
                                         canonical_ok = canonical.has_value(), validators, error]() mutable {
            if (!canonical_ok) {
                log::warn("skipped an invalid article URL", {{"SOURCE", source->config.name}, {"URL", url}});
                note_failure(source, "invalid URL " + url);
            } else if (!error.empty()) {
                log::error("state lookup failed", {{"SOURCE", source->config.name}, {"URL", url}, {"ERROR", error}});
                note_failure(source, error);
            } else if (known) {
                counters_.skipped_known++;
            } else if (source->config.max_articles > 0 &&
                       source->pass_articles >= static_cast<std::uint64_t>(source->config.max_articles)) {
                log::debug("max_articles reached for this pass", {{"SOURCE", source->config.name}, {"URL", url}});
            } else if (!stopping_) {
                source->pass_articles++;
                fetch_article(source, std::move(url), std::move(hints), validators.etag, validators.last_modified);
                return;  // fetch_article ends this unit of work
            }
            end_article(source);
        });
    });
}

void Pipeline::fetch_article(const SourcePtr& source, std::string url, EntryHints hints, std::string etag,
                             std::string last_modified) {
    fetch::Request request;
    request.url = std::move(url);
    request.user_agent = source->config.user_agent;
    request.headers = source->config.headers;
    request.etag = std::move(etag);
    request.last_modified = std::move(last_modified);
    services_.fetcher.fetch(std::move(request), [this, source, hints = std::move(hints)](fetch::Response response) mutable {
        const std::string& name = source->config.name;
        if (!response.ok()) {
            counters_.fetch_failures++;
            log::warn("fetch failed", {{"SOURCE", name},
                                       {"URL", response.requested_url},
                                       {"KIND", std::string(fetch::to_string(response.failure))},
                                       {"HTTP_STATUS", response.http_status ? std::to_string(response.http_status) : ""},
                                       {"ERROR", response.error}});
            note_failure(source, response.error);
            boost::asio::post(services_.pool, [this, source, name, response = std::move(response)] {
                try {
                    const auto key = sources::canonicalize_url(response.requested_url).value_or(response.requested_url);
                    services_.state.record_failure(key, name, response.error, response.http_status, now_ms());
                } catch (const std::exception& e) {
                    log::error("cannot record failure", {{"SOURCE", name}, {"ERROR", e.what()}});
                }
                boost::asio::post(services_.io, [this, source] { end_article(source); });
            });
            return;
        }
        if (response.not_modified) {
            counters_.not_modified++;
            end_article(source);
            return;
        }
        counters_.pages_fetched++;
        ArticleFetch fetched{std::move(response), std::move(hints), name, source->config.type == "page"};
        boost::asio::post(services_.pool, [this, source, fetched = std::move(fetched)]() mutable {
            process_article(source, std::move(fetched));
        });
    });
}

// Runs on the worker pool.
void Pipeline::process_article(const SourcePtr& source, ArticleFetch fetched) {
    const auto& response = fetched.response;
    const std::string& name = fetched.source;
    const bool allow_update = fetched.allow_update;
    const std::string url = response.final_url.empty() ? response.requested_url : response.final_url;
    auto done = [this, source](std::uint64_t new_articles, std::string error) {
        boost::asio::post(services_.io, [this, source, new_articles, error = std::move(error)] {
            if (!error.empty()) note_failure(source, error);
            source->pass_new += new_articles;
            source->status.articles += new_articles;
            end_article(source);
        });
    };

    extract::Article page;
    try {
        extract::ExtractOptions options;
        options.url = url;
        options.content_type = response.content_type;
        options.max_input_bytes = static_cast<std::size_t>(config_.extract.max_input_bytes);
        const auto started = std::chrono::steady_clock::now();
        page = extract::extract(response.body, options);
        counters_.observe_extract_seconds(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    } catch (const std::exception& e) {
        counters_.extract_errors++;
        log::warn("extraction failed", {{"SOURCE", name}, {"URL", url}, {"ERROR", e.what()}});
        done(0, std::string("extraction failed for ") + url + ": " + e.what());
        return;
    }
    if (page.text.empty()) {
        counters_.no_article++;
        log::warn("no article found on page", {{"SOURCE", name}, {"URL", url}});
        done(0, {});
        return;
    }
    counters_.articles_extracted++;
    try {
        const auto record = make_article_record(page, response, name, fetched.hints);
        plugins::Submission submission{record.canonical_url, name, record.fingerprint, record.payload,
                                       plugins::FilterInput{name, page.language, record.title, page.text, page.word_count},
                                       allow_update, {}};
        for (const auto* seen : {&response.requested_url, &response.final_url})
            if (auto alias = sources::canonicalize_url(*seen)) submission.aliases.push_back(*alias);
        const auto outcome = services_.delivery.submit(submission, now_ms());
        services_.state.save_validators(response.requested_url, {response.etag, response.last_modified}, now_ms());
        if (outcome == state::AddOutcome::added) {
            counters_.articles_spooled++;
            log::info(record.title.empty() ? std::string("(untitled)") : record.title,
                      {{"SOURCE", name},
                       {"WORDS", std::to_string(record.word_count)},
                       {"URL", record.canonical_url},
                       {"PARTIAL", page.partial ? "true" : ""}});
            done(1, {});
        } else {
            counters_.duplicates++;
            log::debug(outcome == state::AddOutcome::duplicate_url ? "already delivered" : "same content as another URL",
                       {{"SOURCE", name}, {"URL", record.canonical_url}});
            done(0, {});
        }
    } catch (const std::exception& e) {
        log::error("cannot spool article", {{"SOURCE", name}, {"URL", url}, {"ERROR", e.what()}});
        done(0, std::string("cannot spool article ") + url + ": " + e.what());
    }
}

}  // namespace gleaner::pipeline
