// Documents that lead to articles: feeds, sitemaps (and their indexes), section pages, and sites
// whose feeds are discovered. Fetching happens on the I/O thread; parsing on the worker pool, which
// posts the article URLs it found back to the I/O thread.
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <algorithm>
#include <chrono>

#include "extract/charset.h"
#include "fetch/fetcher.h"
#include "log/log.h"
#include "pipeline/pipeline.h"
#include "pipeline/source_state.h"
#include "sources/discover.h"
#include "sources/feed.h"
#include "sources/section.h"
#include "sources/sitemap.h"
#include "sources/url.h"
#include "state/crawl_state.h"

namespace gleaner::pipeline {
namespace {

// Sitemap indexes nest; a loop or a very deep tree must not keep a pass running for ever.
constexpr int kMaxSitemapDepth = 3;
constexpr std::size_t kMaxChildSitemaps = 100;

// Entries newer than max_age (or undated), newest first so max_articles keeps the freshest.
std::vector<ListedUrl> select_entries(const std::vector<sources::Entry>& entries, const config::SourceConfig& source) {
    const auto now = std::chrono::system_clock::now();
    std::vector<const sources::Entry*> kept;
    for (const auto& e : entries) {
        if (source.max_age && e.published && *e.published < now - *source.max_age) continue;
        kept.push_back(&e);
    }
    std::stable_sort(kept.begin(), kept.end(), [](const sources::Entry* a, const sources::Entry* b) {
        return a->published.value_or(std::chrono::system_clock::time_point{}) >
               b->published.value_or(std::chrono::system_clock::time_point{});
    });
    std::vector<ListedUrl> out;
    out.reserve(kept.size());
    for (const auto* e : kept) out.push_back({e->url, {e->title, e->author, e->published_iso}});
    return out;
}

}  // namespace

void Pipeline::start_documents(const SourcePtr& source) {
    const auto& config = source->config;
    if (config.discover) {
        if (!source->discovered_feeds.empty()) {
            for (const auto& feed : source->discovered_feeds)
                fetch_document(source, feed, [this, source](std::string body, std::string url, std::string) {
                    handle_feed(source, body, url);
                });
            return;
        }
        for (const auto& site : config.urls)
            fetch_document(source, site, [this, source](std::string body, std::string url, std::string type) {
                handle_discovery(source, body, url, type);
            });
        return;
    }
    for (const auto& url : config.urls) {
        if (config.type == "feed") {
            fetch_document(source, url, [this, source](std::string body, std::string final_url, std::string) {
                handle_feed(source, body, final_url);
            });
        } else if (config.type == "sitemap") {
            fetch_document(source, url, [this, source](std::string body, std::string final_url, std::string) {
                handle_sitemap(source, body, final_url, 0);
            });
        } else if (config.type == "section") {
            fetch_document(source, url, [this, source](std::string body, std::string final_url, std::string type) {
                handle_section(source, body, final_url, type);
            });
        }
    }
}

void Pipeline::fetch_document(const SourcePtr& source, const std::string& url,
                              std::function<void(std::string, std::string, std::string)> on_body) {
    begin_work(source);
    boost::asio::post(services_.pool, [this, source, url, on_body = std::move(on_body)]() mutable {
        state::Validators validators;
        try {
            validators = services_.state.validators(url);
        } catch (const std::exception& e) {
            log::error("cannot read validators", {{"URL", url}, {"ERROR", e.what()}});
        }
        boost::asio::post(services_.io, [this, source, url, validators, on_body = std::move(on_body)]() mutable {
            if (stopping_) {
                end_work(source);
                return;
            }
            fetch::Request request;
            request.url = url;
            request.user_agent = source->config.user_agent;
            request.headers = source->config.headers;
            request.etag = validators.etag;
            request.last_modified = validators.last_modified;
            services_.fetcher.fetch(std::move(request), [this, source, on_body = std::move(on_body)](fetch::Response r) mutable {
                if (!r.ok()) {
                    counters_.fetch_failures++;
                    log::warn("fetch failed", {{"SOURCE", source->config.name},
                                               {"URL", r.requested_url},
                                               {"KIND", std::string(fetch::to_string(r.failure))},
                                               {"HTTP_STATUS", r.http_status ? std::to_string(r.http_status) : ""},
                                               {"ERROR", r.error}});
                    note_failure(source, r.error);
                    end_work(source);
                    return;
                }
                if (r.not_modified) {  // nothing new: no parse
                    counters_.not_modified++;
                    end_work(source);
                    return;
                }
                counters_.documents_fetched++;
                source->pass_validators.emplace_back(r.requested_url, state::Validators{r.etag, r.last_modified});
                boost::asio::post(services_.pool, [this, source, r = std::move(r), on_body = std::move(on_body)]() mutable {
                    try {
                        const std::string url = r.final_url.empty() ? r.requested_url : r.final_url;
                        on_body(std::move(r.body), url, std::move(r.content_type));
                    } catch (const std::exception& e) {
                        log::error("cannot process document", {{"URL", r.requested_url}, {"ERROR", e.what()}});
                    }
                    boost::asio::post(services_.io, [this, source] { end_work(source); });
                });
            });
        });
    });
}

void Pipeline::handle_feed(const SourcePtr& source, const std::string& body, const std::string& url) {
    auto result = sources::parse_feed(body, url);
    auto found = select_entries(result.entries, *source->pass_config);
    boost::asio::post(services_.io, [this, source, url, error = std::move(result.error), found = std::move(found)]() mutable {
        if (!error.empty()) {
            log::warn("feed is broken", {{"SOURCE", source->config.name}, {"URL", url}, {"ERROR", error}});
            note_failure(source, "feed " + url + ": " + error);
        }
        if (source->config.discover && !found.empty() &&
            std::find(source->discovered_feeds.begin(), source->discovered_feeds.end(), url) ==
                source->discovered_feeds.end())
            source->discovered_feeds.push_back(url);
        accept_urls(source, std::move(found));
    });
}

void Pipeline::handle_sitemap(const SourcePtr& source, const std::string& body, const std::string& url, int depth) {
    auto result = sources::parse_sitemap(body, url);
    auto found = select_entries(result.urls, *source->pass_config);
    boost::asio::post(services_.io, [this, source, url, depth, result = std::move(result), found = std::move(found)]() mutable {
        if (!result.error.empty()) {
            log::warn("sitemap is broken", {{"SOURCE", source->config.name}, {"URL", url}, {"ERROR", result.error}});
            note_failure(source, "sitemap " + url + ": " + result.error);
        }
        if (depth < kMaxSitemapDepth) {
            std::size_t count = 0;
            for (const auto& child : result.sitemaps) {
                if (++count > kMaxChildSitemaps) break;
                fetch_document(source, child, [this, source, depth](std::string b, std::string u, std::string) {
                    handle_sitemap(source, b, u, depth + 1);
                });
            }
        } else if (!result.sitemaps.empty()) {
            log::warn("sitemap index nested too deep; children ignored", {{"SOURCE", source->config.name}, {"URL", url}});
        }
        accept_urls(source, std::move(found));
    });
}

void Pipeline::handle_section(const SourcePtr& source, const std::string& body, const std::string& url,
                              const std::string& content_type) {
    const auto decoded = extract::decode_html(body, content_type);
    const auto& rules = *source->pass_config;
    auto links = sources::section_links(decoded.utf8, url, rules.include, rules.exclude);
    std::vector<ListedUrl> found;
    found.reserve(links.size());
    for (auto& link : links) found.push_back({std::move(link), {}});
    boost::asio::post(services_.io, [this, source, found = std::move(found)]() mutable {
        accept_urls(source, std::move(found));
    });
}

void Pipeline::handle_discovery(const SourcePtr& source, const std::string& body, const std::string& url,
                                const std::string& content_type) {
    const auto decoded = extract::decode_html(body, content_type);
    auto feeds = sources::discover_feeds(decoded.utf8, url);
    bool from_links = !feeds.empty();
    if (!from_links)
        for (const auto& path : sources::common_feed_paths())
            if (auto candidate = sources::resolve_url(url, path)) feeds.push_back(*candidate);
    boost::asio::post(services_.io, [this, source, url, feeds = std::move(feeds), from_links] {
        log::info(from_links ? "feeds discovered" : "no feed links; probing common feed paths",
                  {{"SOURCE", source->config.name}, {"URL", url}, {"COUNT", std::to_string(feeds.size())}});
        for (const auto& feed : feeds) {
            if (from_links) source->discovered_feeds.push_back(feed);
            fetch_document(source, feed, [this, source](std::string b, std::string u, std::string) {
                handle_feed(source, b, u);
            });
        }
    });
}

}  // namespace gleaner::pipeline
