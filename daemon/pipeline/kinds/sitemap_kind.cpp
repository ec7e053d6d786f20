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
    ListedEntries entries(source);
    Listing listing;
    std::size_t children = 0;
    const auto result = sources::stream_sitemap(
        document.body, document.final_url, [&](sources::Entry&& entry) { entries.add(std::move(entry)); },
        [&](std::string&& child) {
            ++children;
            if (document.request.depth < kMaxDepth && listing.documents.size() < kMaxChildren)
                listing.documents.push_back({std::move(child), DocumentRole::listing, document.request.depth + 1});
        });
    listing.urls = entries.take();
    if (!result.error.empty()) listing.error = "sitemap " + document.final_url + ": " + result.error;
    listing.broken = "sitemap is broken";
    if (entries.offered() > listing.urls.size())
        listing.note = "sitemap lists " + std::to_string(entries.offered()) + " URLs; the newest " +
                       std::to_string(listing.urls.size()) + " are kept";
    if (children > 0 && document.request.depth >= kMaxDepth)
        listing.note = "sitemap index nested too deep; children ignored";
    else if (children > listing.documents.size())
        listing.note = "sitemap index lists more than " + std::to_string(kMaxChildren) +
                       " sitemaps; the rest are ignored";
    return listing;
}

}  // namespace gleaner::pipeline
