// The sitemap kind: urlsets list articles; indexes list child sitemaps, followed a bounded number of
// levels deep. A pass fetches each document once (source_pass.cpp), so an index that lists itself or
// its parent ends there.
#include "pipeline/kinds/kinds.h"
#include "pipeline/kinds/listing_entries.h"
#include "sources/sitemap.h"

namespace gleaner::pipeline {

std::vector<DocumentRequest> SitemapKind::first_documents(const config::SourceConfig& source,
                                                          const SourceMemory&) const {
    std::vector<DocumentRequest> out;
    for (const auto& url : source.urls) out.push_back({url, DocumentRole::listing, 0});
    return out;
}

Listing SitemapKind::read(const Document& document, const config::SourceConfig& source) const {
    auto result = sources::parse_sitemap(document.body, document.final_url);
    Listing listing;
    listing.urls = listed_entries(result.urls, source);
    if (!result.error.empty()) listing.error = "sitemap " + document.final_url + ": " + result.error;
    listing.broken = "sitemap is broken";
    if (result.sitemaps.empty()) return listing;
    if (document.request.depth >= kMaxDepth) {
        listing.note = "sitemap index nested too deep; children ignored";
        return listing;
    }
    for (auto& child : result.sitemaps) {
        if (listing.documents.size() >= kMaxChildren) {
            listing.note = "sitemap index lists more than " + std::to_string(kMaxChildren) +
                           " sitemaps; the rest are ignored";
            break;
        }
        listing.documents.push_back({std::move(child), DocumentRole::listing, document.request.depth + 1});
    }
    return listing;
}

}  // namespace gleaner::pipeline
