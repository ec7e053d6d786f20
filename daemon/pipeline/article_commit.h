// The worker-pool half of an article job: extract the fetched page, build the article record,
// route it to the plugins whose filters accept it, and commit it to the crawl state (dedup keys,
// outbox, frontier URL done) in one transaction.
#pragma once

#include "extract/extractor.h"
#include "pipeline/article_job.h"
#include "pipeline/services.h"

namespace gleaner::pipeline {

// How a page of the job is extracted: its URL and Content-Type, and extract.max_input_bytes.
extract::ExtractOptions extract_options(const ArticleJob& job, const fetch::Response& page);

// Runs on the worker pool. Records the URL's outcome in the store for every result but
// store_failed (the caller retries that) and returns how it ended.
ArticleOutcome commit_article_job(ArticleJob& job, Services& services);

}  // namespace gleaner::pipeline
