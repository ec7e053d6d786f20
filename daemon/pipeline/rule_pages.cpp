#include "pipeline/rule_pages.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <memory>
#include <set>
#include <utility>

#include "log/log.h"
#include "pipeline/article_commit.h"
#include "pipeline/page_fetcher.h"
#include "siterules/rule_page.h"
#include "siterules/site_rule.h"

namespace gleaner::pipeline {
namespace {

// One article's gathering, alive until `done` is called.
struct Gathering : std::enable_shared_from_this<Gathering> {
    Gathering(ArticleJob j, Services& s, std::function<void(ArticleJob)> d)
        : job(std::move(j)), services(s), done(std::move(d)) {}

    ArticleJob job;
    Services& services;
    std::function<void(ArticleJob)> done;
    std::set<std::string> seen;
    std::string next_url;  // the last page joined names it
    int pages = 1;
    bool single_page_tried = false;

    // Worker pool: the first page under its rule.
    void prepare_first() {
        const auto& r = job.response;
        seen.insert(r.requested_url);
        if (!r.final_url.empty()) seen.insert(r.final_url);
        try {
            job.rule_page = std::make_shared<siterules::RulePage>(r.body, extract_options(job, r), *job.rule);
        } catch (const std::exception&) {
            return finish();  // the commit extracts the page as it is and reports the error
        }
        next_url = job.rule_page->next_page_url();
        next();
    }

    // Worker pool: what to fetch next, if anything.
    void next() {
        if (!single_page_tried && !job.rule_page->single_page_url().empty()) {
            single_page_tried = true;
            if (seen.insert(job.rule_page->single_page_url()).second)
                return fetch(job.rule_page->single_page_url(), true);
        }
        if (next_url.empty() || pages >= kMaxRulePages || !seen.insert(next_url).second) return finish();
        fetch(std::exchange(next_url, {}), false);
    }

    void fetch(std::string url, bool single_page) {
        auto self = shared_from_this();
        boost::asio::post(services.io, [self, url = std::move(url), single_page]() mutable {
            self->services.fetcher.fetch(rule_page_request(self->job, url),
                                         [self, single_page](fetch::Response response) {
                                             boost::asio::post(self->services.pool, [self, single_page,
                                                                                     response = std::move(response)] {
                                                 self->fetched(response, single_page);
                                             });
                                         });
        });
    }

    // Worker pool: a further page arrived (or failed).
    void fetched(const fetch::Response& response, bool single_page) {
        if (!response.ok() || response.not_modified) {
            log::warn(single_page ? "single-page version not fetched; the article's own page is used"
                                  : "next page of an article not fetched; the article is stored with the pages it has",
                      {{"URL", job.response.requested_url}, {"PAGE", response.requested_url}, {"ERROR", response.error},
                       {"RULE", job.rule->name}});
            if (single_page) return next();
            return finish();
        }
        try {
            auto page = std::make_shared<siterules::RulePage>(response.body, extract_options(job, response), *job.rule);
            if (single_page) {
                if (!page->body_found() && job.rule_page->body_found()) return next();
                job.rule_page = std::move(page);
            } else {
                job.rule_page->append_to_body(page->body_html());
                ++pages;
            }
            next_url = page ? page->next_page_url() : job.rule_page->next_page_url();
        } catch (const std::exception& e) {
            log::warn("a page of an article could not be read under its site rule",
                      {{"URL", job.response.requested_url}, {"PAGE", response.requested_url}, {"ERROR", e.what()}});
            return finish();
        }
        next();
    }

    void finish() {
        auto self = shared_from_this();
        boost::asio::post(services.io, [self] { self->done(std::move(self->job)); });
    }
};

}  // namespace

fetch::Request rule_page_request(const ArticleJob& job, std::string url) {
    fetch::Request request;
    request.url = std::move(url);
    if (job.rule)
        for (const auto& [name, value] : job.rule->http_headers) request.headers[name] = value;
    if (job.source) {
        request.user_agent = job.source->user_agent;
        for (const auto& [name, value] : job.source->headers) request.headers[name] = value;
    }
    return request;
}

void gather_rule_pages(ArticleJob job, Services& services, std::function<void(ArticleJob)> done) {
    auto gathering = std::make_shared<Gathering>(std::move(job), services, std::move(done));
    boost::asio::post(services.pool, [gathering] { gathering->prepare_first(); });
}

}  // namespace gleaner::pipeline
