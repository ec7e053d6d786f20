// The worker-pool half of an article job: extract the page (as fetched, or as the browser rendered
// it), keep it only if its page type is one extract.page_types lists, build the article record,
// route it to the plugins whose filters accept it, and commit it to the crawl state (dedup keys,
// outbox, frontier URL done) in one transaction.
#pragma once

#include <string>

#include "extract/extractor.h"
#include "pipeline/article_job.h"
#include "pipeline/services.h"

namespace gleaner::pipeline {

// How a page of the job is extracted: its URL and Content-Type, and extract.max_input_bytes.
extract::ExtractOptions extract_options(const ArticleJob& job, const fetch::Response& page);

// The extractor's result for the job's page; `error` when the extractor refused it.
struct Extraction {
    extract::Article page;
    std::string error;
};

// Runs on the worker pool. The job's page under its site rule (job.rule_page, its pages joined)
// when it has one, else the response as fetched (or as the browser rendered it).
Extraction extract_job_page(const ArticleJob& job, Services& services);

// Runs on the worker pool. Records the URL's outcome in the store for every result but
// store_failed (the caller retries that) and returns how it ended.
ArticleOutcome commit_extraction(ArticleJob& job, Extraction extraction, Services& services);

// Both of the above.
inline ArticleOutcome commit_article_job(ArticleJob& job, Services& services) {
    return commit_extraction(job, extract_job_page(job, services), services);
}

}  // namespace gleaner::pipeline
