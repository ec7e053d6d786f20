// Metadata from JSON-LD (schema.org) blocks: the article object (NewsArticle, BlogPosting, ...,
// found at top level, in arrays or in @graph, with @id references resolved), its publisher and the
// WebSite node. A block that is not valid JSON is skipped; the others are still used.
#pragma once

#include <string>
#include <vector>

#include "extract/metadata/metadata_candidates.h"

namespace gleaner::extract {

Candidates json_ld_candidates(const std::vector<std::string>& blocks);

}  // namespace gleaner::extract
