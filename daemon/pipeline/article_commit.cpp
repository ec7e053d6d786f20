#include "pipeline/article_commit.h"

#include <algorithm>
#include <chrono>

#include "extract/extractor.h"
#include "log/log.h"
#include "pipeline/article_record.h"
#include "pipeline/clock.h"
#include "pipeline/pipeline_stats.h"
#include "pipeline/story_link.h"
#include "plugins/delivery.h"
#include "siterules/rule_page.h"
#include "state/crawl_store.h"

namespace gleaner::pipeline {
namespace {

// Records how the URL ended. A failure here is logged: the claim then lapses with its lease and the
// URL is taken again, which at worst fetches it twice.
void finish(Services& services, const ArticleJob& job, state::UrlOutcome outcome) {
    if (job.url.id == 0) return;  // an archived page: no frontier URL
    try {
        services.store.finish_url(job.url.id, services.node, outcome, services.clock.now_ms());
    } catch (const std::exception& e) {
        log::error("cannot record a URL's outcome", {{"URL", job.url.url}, {"ERROR", e.what()}});
    }
}

state::UrlOutcome done(std::string error = {}) {
    state::UrlOutcome outcome;
    outcome.kind = state::UrlOutcome::Kind::done;
    outcome.error = std::move(error);
    return outcome;
}

std::string page_url(const fetch::Response& response) {
    return response.final_url.empty() ? response.requested_url : response.final_url;
}

}  // namespace

extract::ExtractOptions extract_options(const ArticleJob& job, const fetch::Response& page) {
    extract::ExtractOptions options;
    options.url = page_url(page);
    options.content_type = page.content_type;
    options.max_input_bytes = static_cast<std::size_t>(job.config->extract.max_input_bytes);
    return options;
}

Extraction extract_job_page(const ArticleJob& job, Services& services) {
    Extraction out;
    try {
        const auto started = std::chrono::steady_clock::now();
        out.page = job.rule_page ? job.rule_page->extract() : extract::extract(job.response.body, extract_options(job, job.response));
        services.counters.observe_extract_seconds(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    } catch (const std::exception& e) {
        out.error = e.what();
    }
    return out;
}

ArticleOutcome commit_extraction(ArticleJob& job, Extraction extraction, Services& services) {
    const auto& response = job.response;
    const std::string& source = job.url.source;
    const std::string url = page_url(response);
    auto& counters = services.counters;

    if (!extraction.error.empty()) {
        counters.extract_errors++;
        log::warn("extraction failed", {{"SOURCE", source}, {"URL", url}, {"ERROR", extraction.error}});
        finish(services, job, done(extraction.error));
        return {ArticleResult::extract_failed, "extraction failed for " + url + ": " + extraction.error};
    }
    const extract::Article& page = extraction.page;
    if (page.text.empty()) {
        counters.no_article++;
        log::info("no article found on page", {{"SOURCE", source}, {"URL", url}});
        finish(services, job, done("no article text"));
        return {ArticleResult::no_article, {}};
    }
    // Only the page types the configuration lists go to plugins (extract.page_types, default
    // [article]): a section front, a tag page or a forum thread is not a story. The URL is done, not
    // retried; operators see the skip in the log and in gleaner_pages_skipped_by_type_total.
    const std::string_view type = extract::page_type_name(page.page_type);
    const auto& wanted = job.config->extract.page_types;
    if (std::find(wanted.begin(), wanted.end(), type) == wanted.end()) {
        counters.skipped_by_type[static_cast<std::size_t>(page.page_type)]++;
        log::info("page skipped by type", {{"SOURCE", source},
                                           {"URL", url},
                                           {"PAGE_TYPE", std::string(type)},
                                           {"DECIDED_BY", page.page_type_signals.decided_by}});
        finish(services, job, done("page type " + std::string(type) + " not in extract.page_types"));
        return {ArticleResult::skipped_by_type, {}};
    }
    counters.articles_extracted++;

    StoryLink story;
    try {
        story = link_story(services.store, identity_url(response), page.text, services.clock.now_ms(), job.config->dedup);
    } catch (const std::exception& e) {
        log::error("cannot look up near-duplicates; the article is fetched again later",
                   {{"SOURCE", source}, {"URL", url}, {"ERROR", e.what()}});
        return {ArticleResult::store_failed, std::string("cannot look up near-duplicates of ") + url + ": " + e.what()};
    }
    const auto record = make_article_record(page, job, story);
    plugins::Submission submission;
    submission.frontier_id = job.url.id;
    submission.canonical_url = record.canonical_url;
    submission.source = source;
    submission.fingerprint = record.fingerprint;
    submission.payload = record.payload;
    submission.filter = plugins::FilterInput{source, page.language, record.title, page.text, page.word_count,
                                             story.is_copy()};
    submission.near = std::move(story.near);
    submission.cluster_id = story.cluster_id;
    submission.cluster_origin = story.cluster_origin;
    submission.allow_update = job.url.refetch;
    // The URL listed, when a redirect ended elsewhere, is the same story: not fetched again.
    if (job.url.key != record.canonical_url) submission.aliases.push_back(job.url.key);

    state::CommitResult committed;
    try {
        committed = services.delivery.submit(submission, services.node, services.clock.now_ms());
    } catch (const std::exception& e) {
        log::error("cannot store article; it is fetched again later", {{"SOURCE", source}, {"URL", url}, {"ERROR", e.what()}});
        return {ArticleResult::store_failed, std::string("cannot store article ") + url + ": " + e.what()};
    }
    if (job.url.refetch) {  // page sources fetch their URLs again, conditionally
        try {
            services.store.save_validators(response.requested_url, response.etag, response.last_modified,
                                           services.clock.now_ms());
        } catch (const std::exception& e) {
            log::warn("cannot save validators", {{"URL", response.requested_url}, {"ERROR", e.what()}});
        }
    }
    if (committed.outcome == state::AddOutcome::added) {
        counters.articles_spooled++;
        (story.is_copy() ? counters.story_copies : counters.story_clusters)++;
        log::info(record.title.empty() ? std::string("(untitled)") : record.title,
                  {{"SOURCE", source},
                   {"WORDS", std::to_string(record.word_count)},
                   {"URL", record.canonical_url},
                   {"DUPLICATE_OF", story.duplicate_of},
                   {"PARTIAL", page.partial ? "true" : ""}});
        job.stored_title = record.title;
        job.stored_url = record.canonical_url;
        return {ArticleResult::stored, {}};
    }
    counters.duplicates++;
    log::debug(committed.outcome == state::AddOutcome::duplicate_url ? "already delivered" : "same content as another URL",
               {{"SOURCE", source}, {"URL", record.canonical_url}, {"EXISTING", committed.existing_url}});
    return {committed.outcome == state::AddOutcome::duplicate_url ? ArticleResult::duplicate
                                                                  : ArticleResult::duplicate_content,
            {}};
}

}  // namespace gleaner::pipeline
