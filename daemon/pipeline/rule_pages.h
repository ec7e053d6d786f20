// The pages of an article under a site rule (daemon/siterules), gathered before it is extracted:
// the first page prepared under its rule; where the rule's single_page_link finds the whole article on
// one page, that page instead; then each next_page_link followed and its body joined onto the first
// one's, in order, at most kMaxRulePages pages and never one page twice. A page that cannot be fetched
// ends the chain: the article is stored with the pages it has (and the log says which one failed).
//
// Pages are fetched through the pipeline's fetcher (politeness, robots.txt, the rule's http_header
// directives) on the I/O thread and parsed on the worker pool; the job holds the joined RulePage.
#pragma once

#include <functional>

#include "pipeline/article_job.h"
#include "pipeline/services.h"

namespace gleaner::pipeline {

inline constexpr int kMaxRulePages = 10;

// Called on the I/O thread with job.rule set and job.response fetched. `done` runs once, on the I/O
// thread, with the job; job.rule_page is null when the first page could not be prepared (the commit
// then extracts the page without its rule and reports what is wrong with it).
void gather_rule_pages(ArticleJob job, Services& services, std::function<void(ArticleJob)> done);

// The request for one of the article's pages: the source's User-Agent and headers, and the rule's
// http_header directives (the source's own headers win).
fetch::Request rule_page_request(const ArticleJob& job, std::string url);

}  // namespace gleaner::pipeline
