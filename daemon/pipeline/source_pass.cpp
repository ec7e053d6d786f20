#include "pipeline/source_pass.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "fetch/url_parts.h"
#include "log/log.h"
#include "pipeline/archive_pass.h"
#include "pipeline/clock.h"
#include "pipeline/page_fetcher.h"
#include "pipeline/pipeline_stats.h"
#include "sources/url.h"
#include "state/crawl_store.h"

namespace gleaner::pipeline {
namespace {

// Failures that are part of normal crawling, not of a broken source: robots.txt said no, or a
// probed feed path does not exist.
bool expected_refusal(const fetch::Response& r, DocumentRole role, int depth) {
    if (r.failure == fetch::FailureKind::robots_disallowed) return true;
    return role == DocumentRole::listing && depth > 0 && r.failure == fetch::FailureKind::http_4xx;
}

}  // namespace

std::vector<state::ListedUrl> keyed_urls(std::vector<state::ListedUrl> urls) {
    std::vector<state::ListedUrl> out;
    out.reserve(urls.size());
    for (auto& u : urls) {
        auto key = sources::canonicalize_url(u.url);
        if (!key) {
            log::debug("listed URL is not valid; skipped", {{"URL", u.url}});
            continue;
        }
        u.key = std::move(*key);
        // The origin, as the fetcher's politeness counts hosts (a port is another server).
        std::string error;
        if (auto parts = fetch::parse_url(u.url, error)) u.host = parts->origin;
        out.push_back(std::move(u));
    }
    return out;
}

SourcePass::SourcePass(Services& services, std::shared_ptr<const config::Config> config,
                       const config::SourceConfig& source, SourceMemory memory, std::function<void()> on_urls_added,
                       ArticleFinished on_article, std::function<void(PassReport)> on_done)
    : services_(services),
      config_(std::move(config)),
      source_(source),
      kind_(kind_of(source)),
      memory_(std::move(memory)),
      on_urls_added_(std::move(on_urls_added)),
      on_article_(std::move(on_article)),
      on_done_(std::move(on_done)) {}

void SourcePass::start() {
    begin();  // guard: the pass cannot end while it is still issuing its first jobs
    if (kind_.reads_archives()) {
        begin();
        archive_ = std::make_shared<ArchivePass>(services_, config_, source_, kind_, on_article_,
                                                 [self = shared_from_this()](PassReport archived) {
                                                     self->report_ = std::move(archived);
                                                     self->end();
                                                 });
        archive_->start();
    }
    add_fixed_articles();
    for (auto& request : kind_.first_documents(source_, memory_)) fetch_document(std::move(request));
    end();
}

void SourcePass::add_fixed_articles() {
    auto fixed = kind_.fixed_articles(source_);
    if (fixed.empty()) return;
    begin();
    boost::asio::post(services_.pool, [self = shared_from_this(), fixed = std::move(fixed)] {
        std::vector<state::ListedUrl> urls;
        for (const auto& url : fixed) urls.push_back({url, {}, {}, {}});
        state::AddUrlsResult added;
        std::string error;
        try {
            state::AddUrlsOptions options;
            options.now_ms = self->services_.clock.now_ms();
            options.requeue = true;  // fetched again each pass, conditionally, to catch updates
            added = self->services_.store.add_urls(self->source_.name, keyed_urls(std::move(urls)), options);
        } catch (const std::exception& e) {
            error = std::string("cannot queue the source's pages: ") + e.what();
        }
        boost::asio::post(self->services_.io, [self, added, error] {
            Listing listing;
            listing.error = error;
            self->apply(std::move(listing), added);
            self->end();
        });
    });
}

void SourcePass::fetch_document(DocumentRequest request) {
    if (stopped_) return;
    if (!visited_.insert(request.url).second) return;  // a loop, or a document listed twice
    if (visited_.size() > kMaxDocuments) {
        if (visited_.size() == kMaxDocuments + 1)
            log::warn("pass reached its document limit; further documents ignored",
                      {{"SOURCE", source_.name}, {"LIMIT", std::to_string(kMaxDocuments)}});
        return;
    }
    begin();
    boost::asio::post(services_.pool, [self = shared_from_this(), request = std::move(request)]() mutable {
        std::optional<std::pair<std::string, std::string>> validators;
        try {
            validators = self->services_.store.validators(request.url);
        } catch (const std::exception& e) {
            log::error("cannot read validators; fetching in full", {{"URL", request.url}, {"ERROR", e.what()}});
        }
        boost::asio::post(self->services_.io, [self, request = std::move(request), validators]() mutable {
            if (self->stopped_) return self->end();
            fetch::Request get;
            get.url = request.url;
            get.user_agent = self->source_.user_agent;
            get.headers = self->source_.headers;
            if (validators) std::tie(get.etag, get.last_modified) = *validators;
            self->services_.fetcher.fetch(std::move(get), [self, request = std::move(request)](fetch::Response r) mutable {
                auto& counters = self->services_.counters;
                if (!r.ok()) {
                    if (r.failure == fetch::FailureKind::cancelled) return self->end();
                    const bool expected = expected_refusal(r, request.role, request.depth);
                    const log::Fields fields{{"SOURCE", self->source_.name},
                                             {"URL", r.requested_url},
                                             {"KIND", std::string(fetch::to_string(r.failure))},
                                             {"HTTP_STATUS", r.http_status ? std::to_string(r.http_status) : ""},
                                             {"ERROR", r.error}};
                    if (expected) {
                        log::info("fetch failed", fields);
                    } else {
                        counters.fetch_failures++;
                        self->report_.failures++;
                        self->report_.failures_by_kind[static_cast<std::size_t>(r.failure)]++;
                        self->report_.error = r.error;
                        log::warn("fetch failed", fields);
                    }
                    return self->end();
                }
                if (r.not_modified) {  // nothing new: no parse
                    counters.not_modified++;
                    self->report_.not_modified++;
                    return self->end();
                }
                counters.documents_fetched++;
                Document document{std::move(request), r.final_url.empty() ? r.requested_url : r.final_url,
                                  std::move(r.body), std::move(r.content_type)};
                self->read_document(std::move(document), std::move(r.etag), std::move(r.last_modified));
            });
        });
    });
}

// On the pool: parse, put the listed URLs into the frontier, then save the document's validators.
void SourcePass::read_document(Document document, std::string etag, std::string last_modified) {
    // max_articles: URLs this pass may still add (0: no limit); once spent, listings add nothing.
    std::size_t limit = 0;
    bool full = false;
    if (source_.max_articles > 0) {
        const auto cap = static_cast<std::uint64_t>(source_.max_articles);
        if (report_.urls_added >= cap) full = true;
        else limit = static_cast<std::size_t>(cap - report_.urls_added);
    }
    boost::asio::post(services_.pool, [self = shared_from_this(), document = std::move(document), etag = std::move(etag),
                                       last_modified = std::move(last_modified), limit, full]() mutable {
        Listing listing;
        state::AddUrlsResult added;
        try {
            listing = self->kind_.read(document, self->source_);
        } catch (const std::exception& e) {
            listing.error = "cannot read " + document.final_url + ": " + e.what();
        }
        try {
            const auto now = self->services_.clock.now_ms();
            auto urls = keyed_urls(std::move(listing.urls));
            if (full) {
                added.over_limit = urls.size();
            } else {
                state::AddUrlsOptions options;
                options.now_ms = now;
                options.limit = limit;
                added = self->services_.store.add_urls(self->source_.name, urls, options);
            }
            // Only a document whose every URL is in the frontier may answer 304 next time: a broken
            // one, or one cut short by max_articles, is read in full again.
            if (listing.error.empty() && added.over_limit == 0)
                self->services_.store.save_validators(document.request.url, etag, last_modified, now);
        } catch (const std::exception& e) {
            listing.error = "cannot queue the URLs of " + document.final_url + ": " + e.what();
        }
        boost::asio::post(self->services_.io, [self, listing = std::move(listing), added]() mutable {
            self->report_.documents++;
            self->apply(std::move(listing), added);
            self->end();
        });
    });
}

void SourcePass::apply(Listing listing, state::AddUrlsResult added) {
    report_.urls_added += added.added;
    report_.urls_known += added.known;
    report_.urls_over_limit += added.over_limit;
    services_.counters.skipped_known += added.known;
    if (!listing.error.empty()) {
        log::warn(listing.broken, {{"SOURCE", source_.name}, {"ERROR", listing.error}});
        report_.error = listing.error;
        report_.failures++;
    }
    if (!listing.note.empty())
        log::info(listing.note, {{"SOURCE", source_.name}, {"COUNT", std::to_string(listing.documents.size())}});
    for (auto& feed : listing.discovered_feeds) report_.discovered_feeds.push_back(std::move(feed));
    if (added.added > 0 && on_urls_added_) on_urls_added_();
    for (auto& request : listing.documents) fetch_document(std::move(request));
}

void SourcePass::stop() {
    stopped_ = true;
    if (archive_) archive_->stop();
}

std::uint64_t SourcePass::in_flight() const { return in_flight_ + (archive_ ? archive_->in_flight() : 0); }

void SourcePass::end() {
    if (--in_flight_ > 0 || finished_) return;
    finished_ = true;
    if (on_done_) on_done_(std::move(report_));
}

}  // namespace gleaner::pipeline
