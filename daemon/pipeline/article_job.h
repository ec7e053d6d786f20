// One article URL's work as a plain value passing fetch → (render) → extract → commit: what the
// frontier gave (the claimed URL and its listing hints), the configuration snapshot it runs under,
// and, once fetched, the response. Moved from stage to stage; no stage reads shared mutable state.
// A page read from a WARC file (warc sources) is a job too, with no frontier URL (id 0), its record
// as the response and where it was found in `archived`.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "config/config.h"
#include "fetch/fetch_types.h"
#include "state/crawl_store.h"

namespace gleaner::siterules {
class RuleSet;
class RulePage;
struct SiteRule;
}  // namespace gleaner::siterules

namespace gleaner::pipeline {

// Where an archived page was found: the file, the record's offset, its WARC-Date as written.
struct ArchiveOrigin {
    std::string file;
    std::uint64_t offset = 0;
    bool seekable = true;   // false: an offset into a whole-file gzip's uncompressed stream
    std::string warc_date;
};

// What the source's `render` setting did to the page, for the provenance and the counters.
struct RenderNote {
    std::string mode = "never";  // the source's render setting
    bool rendered = false;       // the body is the browser's DOM
    std::string error;           // a render was wanted and failed: the page as fetched was used
    std::int64_t elapsed_ms = 0;
};

struct ArticleJob {
    state::ClaimedUrl url;
    std::shared_ptr<const config::Config> config;  // the snapshot current when the job started
    const config::SourceConfig* source = nullptr;  // its source in `config`; null once removed
    fetch::Response response;
    // extract.site_rules as loaded when the job started, and the rule for its URL's site (or null).
    std::shared_ptr<const siterules::RuleSet> site_rules;
    const siterules::SiteRule* rule = nullptr;
    // The article's pages prepared under the rule and joined (rule_pages.h); null: extract the response.
    std::shared_ptr<siterules::RulePage> rule_page;
    std::optional<ArchiveOrigin> archived;         // read from a WARC file, not fetched
    RenderNote render;
    std::string stored_title;  // once stored: the article's title and canonical URL (the dashboard's list)
    std::string stored_url;
};

// How an article job ended, for counters, logs and the source's status.
enum class ArticleResult {
    stored,           // a new article went to the outbox
    duplicate,        // known URL (a page source's page, unchanged)
    duplicate_content,  // the same content as an article stored under another URL
    no_article,       // the page held no article text
    skipped_by_type,  // the page is a listing, forum, ... that extract.page_types does not hand to plugins
    not_modified,     // 304 to a conditional refetch
    fetch_failed,     // the frontier retries it later or gave it up
    extract_failed,
    store_failed,     // the crawl state refused the commit (disk full?): retried later
    returned,         // not attempted (shutdown)
};

struct ArticleOutcome {
    ArticleResult result = ArticleResult::stored;
    std::string error;
};

// Told on the I/O thread each time a job ends (its body let go), for the source's figures.
using ArticleFinished = std::function<void(const ArticleJob&, const ArticleOutcome&)>;

}  // namespace gleaner::pipeline
