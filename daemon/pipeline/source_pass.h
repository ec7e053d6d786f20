// One pass of one source: fetch the documents its kind asks for (conditionally, with the validators
// the store keeps), read each on the worker pool, and put the article URLs they list into the
// frontier. A document's validators are saved only once what it listed is in the frontier, so a
// crash at any point loses no listed URL: the next pass either fetches the document again or finds
// its URLs in the frontier. Each document is fetched once per pass (a sitemap index that lists
// itself ends there) and a pass fetches at most kMaxDocuments.
//
// I/O thread, with store calls and parsing on the worker pool.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>

#include "config/config.h"
#include "fetch/fetch_types.h"
#include "pipeline/article_job.h"
#include "pipeline/services.h"
#include "pipeline/source_kind.h"

namespace gleaner::pipeline {

struct PassReport {
    std::uint64_t documents = 0;       // fetched and read
    std::uint64_t not_modified = 0;    // 304
    std::uint64_t urls_added = 0;      // new in the frontier
    std::uint64_t urls_known = 0;      // listed again, or delivered under another URL
    std::uint64_t urls_over_limit = 0; // listed but beyond max_articles
    std::uint64_t failures = 0;        // documents that could not be fetched or read (archive files)
    std::array<std::uint64_t, fetch::kFailureKindCount> failures_by_kind{};  // the fetches among them
    std::uint64_t archive_pages = 0;   // archive sources: HTML responses read
    std::uint64_t archive_damaged = 0; // archive sources: damaged records skipped
    std::string error;                 // the last failure, for the source's status
    std::vector<std::string> discovered_feeds;
};

class ArchivePass;

class SourcePass : public std::enable_shared_from_this<SourcePass> {
public:
    static constexpr std::size_t kMaxDocuments = 1000;

    // `source` points into `config`, which the pass keeps alive. `on_article`: each page an archive
    // kind's pass committed itself (the frontier's articles are the article flow's).
    SourcePass(Services& services, std::shared_ptr<const config::Config> config, const config::SourceConfig& source,
               SourceMemory memory, std::function<void()> on_urls_added, ArticleFinished on_article,
               std::function<void(PassReport)> on_done);

    void start();
    // No further documents are fetched; what is under way finishes.
    void stop();
    std::uint64_t in_flight() const;

private:
    void add_fixed_articles();
    void fetch_document(DocumentRequest request);
    void read_document(Document document, std::string etag, std::string last_modified);
    void apply(Listing listing, state::AddUrlsResult added);
    void begin() { ++in_flight_; }
    void end();

    Services& services_;
    std::shared_ptr<const config::Config> config_;
    const config::SourceConfig& source_;
    const SourceKind& kind_;
    SourceMemory memory_;
    std::function<void()> on_urls_added_;
    ArticleFinished on_article_;
    std::function<void(PassReport)> on_done_;
    std::shared_ptr<ArchivePass> archive_;  // archive kinds: the files' records
    std::set<std::string> visited_;
    PassReport report_;
    std::uint64_t in_flight_ = 0;
    bool stopped_ = false;
    bool finished_ = false;
};

// Fills `key` (canonical URL) and `host` of listed URLs; drops those that are not valid URLs.
std::vector<state::ListedUrl> keyed_urls(std::vector<state::ListedUrl> urls);

}  // namespace gleaner::pipeline
