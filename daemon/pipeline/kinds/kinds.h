// The source kinds (see source_kind.h), one class each.
#pragma once

#include "pipeline/source_kind.h"

namespace gleaner::pipeline {

// page: the configured URLs are articles.
class PageKind final : public SourceKind {
public:
    std::string_view name() const override { return "page"; }
    std::vector<std::string> fixed_articles(const config::SourceConfig& source) const override;
    std::vector<DocumentRequest> first_documents(const config::SourceConfig&, const SourceMemory&) const override {
        return {};
    }
    Listing read(const Document&, const config::SourceConfig&) const override { return {}; }
};

// feed: RSS 0.9x/2.0, RDF, Atom and JSON Feed documents list articles.
class FeedKind final : public SourceKind {
public:
    std::string_view name() const override { return "feed"; }
    std::vector<DocumentRequest> first_documents(const config::SourceConfig& source,
                                                 const SourceMemory&) const override;
    Listing read(const Document& document, const config::SourceConfig& source) const override;
};

// sitemap: urlsets list articles, indexes list further sitemaps (nested at most kMaxDepth deep).
class SitemapKind final : public SourceKind {
public:
    static constexpr int kMaxDepth = 3;
    static constexpr std::size_t kMaxChildren = 100;  // child sitemaps followed per index

    std::string_view name() const override { return "sitemap"; }
    std::vector<DocumentRequest> first_documents(const config::SourceConfig& source,
                                                 const SourceMemory&) const override;
    Listing read(const Document& document, const config::SourceConfig& source) const override;
};

// section: the links of an index page (filtered by include/exclude) lead to articles.
class SectionKind final : public SourceKind {
public:
    std::string_view name() const override { return "section"; }
    std::vector<DocumentRequest> first_documents(const config::SourceConfig& source,
                                                 const SourceMemory&) const override;
    Listing read(const Document& document, const config::SourceConfig& source) const override;
};

// discover: the site's pages name its feeds (or common feed paths are tried); the feeds found are
// remembered and read from then on.
class DiscoverKind final : public SourceKind {
public:
    std::string_view name() const override { return "discover"; }
    std::vector<DocumentRequest> first_documents(const config::SourceConfig& source,
                                                 const SourceMemory& memory) const override;
    Listing read(const Document& document, const config::SourceConfig& source) const override;
};

// warc: the HTML responses of WARC files are the articles (read by archive_pass.h, not fetched).
class WarcKind final : public SourceKind {
public:
    std::string_view name() const override { return "warc"; }
    std::vector<DocumentRequest> first_documents(const config::SourceConfig&, const SourceMemory&) const override {
        return {};
    }
    Listing read(const Document&, const config::SourceConfig&) const override { return {}; }
    bool reads_archives() const override { return true; }
    // The regular files the source's paths and glob patterns name, sorted by name (CC-NEWS and our
    // own files are named by time, so this is oldest first), each once.
    std::vector<std::filesystem::path> archive_files(const config::SourceConfig& source) const override;
};

}  // namespace gleaner::pipeline
