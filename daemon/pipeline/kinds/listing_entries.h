// Feed and sitemap entries as listed URLs: entries older than the source's max_age dropped, newest
// first (so max_articles keeps the freshest), with the hints the listing gave.
#pragma once

#include <vector>

#include "config/config.h"
#include "sources/entry.h"
#include "state/crawl_store.h"

namespace gleaner::pipeline {

std::vector<state::ListedUrl> listed_entries(const std::vector<sources::Entry>& entries,
                                             const config::SourceConfig& source);

}  // namespace gleaner::pipeline
