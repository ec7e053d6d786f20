// The source kinds: which component serves a configured source, and the small ones.
#include "pipeline/kinds/kinds.h"

#include "extract/charset.h"
#include "pipeline/kinds/listing_entries.h"
#include "sources/discover.h"
#include "sources/feed.h"
#include "sources/section.h"
#include "sources/url.h"

namespace gleaner::pipeline {
namespace {

std::vector<DocumentRequest> configured_documents(const config::SourceConfig& source) {
    std::vector<DocumentRequest> out;
    for (const auto& url : source.urls) out.push_back({url, DocumentRole::listing, 0});
    return out;
}

}  // namespace

const SourceKind& kind_of(const config::SourceConfig& source) {
    static const PageKind page;
    static const FeedKind feed;
    static const SitemapKind sitemap;
    static const SectionKind section;
    static const DiscoverKind discover;
    static const WarcKind warc;
    if (source.discover) return discover;
    switch (source.type) {
    case config::SourceType::page: return page;
    case config::SourceType::feed: return feed;
    case config::SourceType::sitemap: return sitemap;
    case config::SourceType::section: return section;
    case config::SourceType::warc: return warc;
    }
    return page;
}

std::vector<std::string> PageKind::fixed_articles(const config::SourceConfig& source) const { return source.urls; }

std::vector<DocumentRequest> FeedKind::first_documents(const config::SourceConfig& source, const SourceMemory&) const {
    return configured_documents(source);
}

Listing FeedKind::read(const Document& document, const config::SourceConfig& source) const {
    ListedEntries entries(source);
    const auto result = sources::stream_feed(document.body, document.final_url,
                                             [&](sources::Entry&& entry) { entries.add(std::move(entry)); });
    Listing listing;
    listing.urls = entries.take();
    if (!result.error.empty()) listing.error = "feed " + document.final_url + ": " + result.error;
    if (entries.offered() > listing.urls.size())
        listing.note = "feed lists " + std::to_string(entries.offered()) + " entries; the newest " +
                       std::to_string(listing.urls.size()) + " are kept";
    listing.broken = "feed is broken";
    return listing;
}

std::vector<DocumentRequest> SectionKind::first_documents(const config::SourceConfig& source,
                                                          const SourceMemory&) const {
    return configured_documents(source);
}

Listing SectionKind::read(const Document& document, const config::SourceConfig& source) const {
    const auto decoded = extract::decode_html(document.body, document.content_type);
    Listing listing;
    for (auto& link : sources::section_links(decoded.utf8, document.final_url, source.include, source.exclude))
        listing.urls.push_back({std::move(link), {}, {}, {}});
    return listing;
}

std::vector<DocumentRequest> DiscoverKind::first_documents(const config::SourceConfig& source,
                                                           const SourceMemory& memory) const {
    if (memory.discovered_feeds.empty()) {
        std::vector<DocumentRequest> out;
        for (const auto& site : source.urls) out.push_back({site, DocumentRole::discovery, 0});
        return out;
    }
    std::vector<DocumentRequest> out;
    for (const auto& feed : memory.discovered_feeds) out.push_back({feed, DocumentRole::listing, 0});
    return out;
}

Listing DiscoverKind::read(const Document& document, const config::SourceConfig& source) const {
    if (document.request.role == DocumentRole::listing) {
        Listing listing = FeedKind().read(document, source);
        // A feed found from links that lists something is worth remembering.
        if (!listing.urls.empty()) listing.discovered_feeds.push_back(document.request.url);
        return listing;
    }
    const auto decoded = extract::decode_html(document.body, document.content_type);
    auto feeds = sources::discover_feeds(decoded.utf8, document.final_url);
    Listing listing;
    if (feeds.empty()) {
        // No <link rel=alternate>: try the usual places; the ones that answer with a feed are kept.
        for (const auto& path : sources::common_feed_paths())
            if (auto candidate = sources::resolve_url(document.final_url, path))
                listing.documents.push_back({*candidate, DocumentRole::listing, 1});
        listing.note = "no feed links; probing common feed paths";
    } else {
        for (auto& feed : feeds) listing.documents.push_back({std::move(feed), DocumentRole::listing, 1});
        listing.note = "feeds discovered";
    }
    return listing;
}

}  // namespace gleaner::pipeline
