// The non-JSON-LD metadata sources, each reading the page scan: <meta>/<link> tags (OpenGraph,
// Twitter, Dublin Core, Parse.ly, ...), microdata (itemprop), and heuristics on the visible page
// (<h1>, <title>, bylines, <time>, a date in the URL, paywall markup).
#pragma once

#include <string_view>

#include "extract/metadata/metadata_candidates.h"
#include "extract/metadata/metadata_scan.h"

namespace gleaner::extract {

Candidates meta_tag_candidates(const PageScan& scan);
Candidates microdata_candidates(const PageScan& scan);
Candidates heuristic_candidates(const PageScan& scan, std::string_view page_url);

}  // namespace gleaner::extract
