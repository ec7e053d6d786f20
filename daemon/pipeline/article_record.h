// Turns one fetched and extracted page into what the outbox stores: the article JSON (extractor
// output plus id, source, canonical URL and provenance) and the fields delivery needs to deduplicate
// and filter it.
//
// An article's identity (`canonical_url`, the dedup key plugins upsert by) is the URL it was fetched
// from, after redirects, in canonical form. The page's own rel=canonical is a claim, kept as
// `declared_canonical` in the provenance but never trusted for identity: a page on another site
// could name a real site's URL and displace its story, and a template that gives every page the
// same canonical URL would collapse distinct stories into one. The same story under two URLs is
// still caught by its content fingerprint.
#pragma once

#include <string>

#include "extract/extractor.h"
#include "pipeline/article_job.h"
#include "pipeline/story_link.h"

namespace gleaner::pipeline {

struct ArticleRecord {
    std::string canonical_url;
    std::string fingerprint;
    std::string payload;       // JSON
    std::string title;
    std::size_t word_count = 0;
};

// The URL the page was fetched from, after redirects, in canonical form: the article's identity.
std::string identity_url(const fetch::Response& response);

// `page` is the extractor's result for the job's page (as fetched, as rendered, or under its site
// rule); `story` the cluster it joins (story_link.h), for `cluster_id` and `duplicate_of`. The
// provenance records the fetch, the WARC record an archived page came from, and what rendering did.
ArticleRecord make_article_record(const extract::Article& page, const ArticleJob& job, const StoryLink& story);

}  // namespace gleaner::pipeline
