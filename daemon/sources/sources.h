// sources.h — everything gleaner_sources offers, for callers that want one include: feeds,
// sitemaps, section pages and feed discovery to article URLs, and the URL helpers (resolution,
// dedup key).
#pragma once

#include "sources/discover.h"  // IWYU pragma: export
#include "sources/entry.h"     // IWYU pragma: export
#include "sources/feed.h"      // IWYU pragma: export
#include "sources/section.h"   // IWYU pragma: export
#include "sources/sitemap.h"   // IWYU pragma: export
#include "sources/url.h"       // IWYU pragma: export
