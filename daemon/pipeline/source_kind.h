// One component per kind of source, behind one interface: a document in, listed article URLs (and
// further documents to fetch) out. The kinds live in pipeline/kinds/: page, feed, sitemap, section,
// discover and warc. A pass (source_pass.h) fetches what a kind asks for, hands each document to
// read() on the worker pool, and puts what it lists into the crawl state's frontier. An archive
// kind (warc) fetches nothing: its articles are records of local files, which its pass reads
// itself (archive_pass.h) from the files archive_files() names.
//
// A new kind of source is a new class here plus a row in kind_of() (kinds/kinds.cpp) and a name in
// the configuration's `type` choices.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "state/crawl_store.h"

namespace gleaner::pipeline {

// Why a document is fetched: kinds that fetch more than one sort of document (discover: site pages,
// then feeds) tell them apart by role.
enum class DocumentRole { listing, discovery };

struct DocumentRequest {
    std::string url;
    DocumentRole role = DocumentRole::listing;
    int depth = 0;                  // sitemap indexes nest: 0 for the configured URLs
};

struct Document {
    DocumentRequest request;
    std::string final_url;          // after redirects: the URL links resolve against
    std::string body;
    std::string content_type;
};

// What a source remembers between its passes (in memory, per daemon).
struct SourceMemory {
    std::vector<std::string> discovered_feeds;  // discover: feeds found from the site's pages
};

struct Listing {
    std::vector<state::ListedUrl> urls;        // url and hints; the pass fills key and host
    std::vector<DocumentRequest> documents;    // to fetch in this pass
    std::vector<std::string> discovered_feeds; // discover: remember these for later passes
    std::string error;                         // the document was broken (what came before is kept)
    std::string broken = "document is broken"; // the log message for `error`
    std::string note;                          // logged at info level when not empty
};

class SourceKind {
public:
    virtual ~SourceKind() = default;
    virtual std::string_view name() const = 0;
    // Page sources: the configured URLs are the articles, fetched again (conditionally) each pass.
    virtual std::vector<std::string> fixed_articles(const config::SourceConfig&) const { return {}; }
    // The documents a pass starts with.
    virtual std::vector<DocumentRequest> first_documents(const config::SourceConfig& source,
                                                         const SourceMemory& memory) const = 0;
    // One fetched document → article URLs and further documents. Runs on the worker pool; pure.
    virtual Listing read(const Document& document, const config::SourceConfig& source) const = 0;
    // Archive kinds: true, and the files a pass reads, in the order it reads them. File I/O: called
    // on the worker pool.
    virtual bool reads_archives() const { return false; }
    virtual std::vector<std::filesystem::path> archive_files(const config::SourceConfig&) const { return {}; }
};

// The component for a configured source (`discover: true` selects the discover kind).
const SourceKind& kind_of(const config::SourceConfig& source);

}  // namespace gleaner::pipeline
