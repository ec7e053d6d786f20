// Turns one fetched and extracted page into what the spool stores: the article JSON (extractor
// output plus id, source, canonical URL and provenance) and the fields delivery needs to deduplicate
// and filter it.
#pragma once

#include <string>

#include "extract/extractor.h"
#include "fetch/fetch_types.h"
#include "pipeline/entry_hints.h"

namespace gleaner::pipeline {

struct ArticleRecord {
    std::string canonical_url;
    std::string fingerprint;
    std::string payload;       // JSON
    std::string title;
    std::size_t word_count = 0;
};

// `page` is the extractor's result for `response`'s body; `source` the configured source's name.
ArticleRecord make_article_record(const extract::Article& page, const fetch::Response& response,
                                  const std::string& source, const EntryHints& hints);

}  // namespace gleaner::pipeline
