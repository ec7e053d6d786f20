// extract_metadata: runs the sources (JSON-LD, <meta>/<link>, microdata, page heuristics) over one
// scan of the page and merges their findings, best source first, field by field.
#include "extract/metadata/metadata.h"

#include <algorithm>
#include <array>

#include "extract/metadata/language.h"
#include "extract/metadata/metadata_authors.h"
#include "extract/metadata/metadata_dom.h"
#include "extract/metadata/metadata_json_ld.h"
#include "extract/metadata/metadata_scan.h"
#include "extract/metadata/metadata_sources.h"
#include "extract/metadata/metadata_title.h"
#include "extract/url_resolve.h"

namespace gleaner::extract {
namespace {

// Body text CLD2 sees when the markup declares no language.
constexpr std::size_t kLanguageSampleBytes = 16 * 1024;
constexpr std::size_t kMaxTags = 30;

struct Sources {
    Candidates json_ld, meta, microdata, heuristics;
    // Best first; the order every field is merged in.
    std::array<const Candidates*, 4> ordered() const { return {&json_ld, &meta, &microdata, &heuristics}; }
};

template <class Field>
std::string first_of(const Sources& sources, Field field) {
    for (const Candidates* found : sources.ordered()) {
        if (!(found->*field).empty()) return dom::html_to_text(found->*field);
    }
    return {};
}

std::optional<DateInfo> first_date(const Sources& sources, std::optional<DateInfo> Candidates::*field) {
    for (const Candidates* found : sources.ordered()) {
        if (found->*field) return found->*field;
    }
    return std::nullopt;
}

// People from the best source that names any; a source naming only one-word names (often a
// brand: "CNN") is kept as a fallback in case a later source names a person; organisations, then
// declared credits that name no person, last.
std::vector<std::string> choose_authors(const Sources& sources, const std::string& site_name) {
    std::vector<std::string> fallback;
    const auto ordered = sources.ordered();
    for (auto found = ordered.begin(); found != ordered.end(); ++found) {
        std::vector<std::string> names = clean_authors((*found)->authors, site_name);
        if (names.empty()) continue;
        if (std::any_of(names.begin(), names.end(), looks_like_person)) {
            // Markup often names the first author only; a later source listing the same people
            // and more (the visible byline "A, B and C") is the whole list.
            for (auto later = std::next(found); later != ordered.end(); ++later) {
                std::vector<std::string> more = clean_authors((*later)->authors, site_name);
                if (more.size() > names.size() && same_people_within(names, more)) return more;
            }
            return names;
        }
        if (fallback.empty()) fallback = std::move(names);
    }
    if (!fallback.empty()) return fallback;
    for (const Candidates* found : sources.ordered()) {
        std::vector<std::string> names;
        for (const std::string& organisation : found->organisations) names.push_back(dom::html_to_text(organisation));
        if (!names.empty()) return names;
    }
    // Last, the credit the page gives though it names no person ("Camphouse Team", "By Staff", the site).
    for (const Candidates* found : sources.ordered()) {
        std::vector<std::string> names = declared_credits(found->authors, found == &sources.heuristics);
        if (!names.empty()) return names;
    }
    return {};
}

std::vector<std::string> choose_tags(const Sources& sources) {
    std::vector<std::string> tags;
    for (const Candidates* found : sources.ordered()) {
        for (const std::string& raw : found->tags) {
            // Keyword fields are often one comma-separated string ("storms, coast").
            const std::string list = dom::html_to_text(raw);
            for (std::size_t start = 0; start <= list.size();) {
                const std::size_t comma = std::min(list.find(',', start), list.size());
                std::string tag = dom::collapse_whitespace(std::string_view(list).substr(start, comma - start));
                while (!tag.empty() && tag.front() == ' ') tag.erase(0, 1);
                if (!tag.empty() && tag.size() < 100 && std::find(tags.begin(), tags.end(), tag) == tags.end() && tags.size() < kMaxTags) {
                    tags.push_back(std::move(tag));
                }
                start = comma + 1;
            }
        }
        if (!tags.empty()) break;  // one source's tags: mixing lists duplicates them in other spellings
    }
    return tags;
}

// A section is a short label: the first of a comma list, never a path or URL.
std::string clean_section(const std::string& section) {
    std::string first = dom::collapse_whitespace(section.substr(0, section.find(',')));
    if (first.find('/') != std::string::npos || first.size() > 80) return {};
    return first;
}

void choose_language(const PageScan& scan, const Sources& sources, Metadata& metadata) {
    const std::pair<std::string, const char*> declared[] = {
        {normalise_language_tag(scan.html_lang), "html-lang"},
        {sources.meta.language, "meta"},
        {normalise_language_tag(sources.json_ld.language), "json-ld"},
        {sources.microdata.language, "microdata"},
    };
    for (const auto& [language, source] : declared) {
        if (!language.empty()) {
            metadata.language = language;
            metadata.language_source = source;
            return;
        }
    }
    if (!scan.body) return;
    metadata.language = detect_language(dom::text_of(*scan.body, kLanguageSampleBytes));
    if (!metadata.language.empty()) metadata.language_source = "detected";
}

void choose_paywall(const Sources& sources, Metadata& metadata) {
    // JSON-LD is the publisher's own statement; markup words are a guess it overrides.
    if (!sources.json_ld.paywall_reason.empty()) {
        metadata.paywall_reason = sources.json_ld.paywall_reason;
    } else if (!sources.json_ld.declares_free && !sources.heuristics.paywall_reason.empty()) {
        metadata.paywall_reason = sources.heuristics.paywall_reason;
    }
    metadata.paywalled = !metadata.paywall_reason.empty();
}

}  // namespace

Metadata extract_metadata(const GumboOutput& doc, std::string_view page_url) {
    const PageScan scan = scan_page(doc);
    Sources sources{json_ld_candidates(scan.json_ld), meta_tag_candidates(scan), microdata_candidates(scan),
                    heuristic_candidates(scan, page_url)};
    Metadata metadata;

    metadata.site_name = first_of(sources, &Candidates::site_name);
    std::vector<std::string> declared_titles;
    for (const Candidates* found : {&sources.json_ld, &sources.meta, &sources.microdata}) {
        declared_titles.insert(declared_titles.end(), found->titles.begin(), found->titles.end());
    }
    TitleChoice title = choose_title(declared_titles, scan.h1s, scan.title, metadata.site_name, url_host(page_url));
    metadata.title = std::move(title.title);
    if (metadata.site_name.empty()) metadata.site_name = title.site_name_from_title;

    metadata.authors = choose_authors(sources, metadata.site_name);
    metadata.published = first_date(sources, &Candidates::published);
    if (!metadata.published && scan.body != nullptr) {
        if (std::string day = first_dated_text(*scan.body); !day.empty()) metadata.published = DateInfo{std::move(day), "text"};
    }
    metadata.modified = first_date(sources, &Candidates::modified);
    choose_language(scan, sources, metadata);

    const UrlResolver resolver(document_base_url(page_url, scan.base_href));
    auto absolute = [&](const std::string& url) { return url.empty() ? url : resolver.resolve(url); };
    // <link rel=canonical> and og:url are the page's own statement of its URL; JSON-LD "url" and
    // "mainEntityOfPage" often carry a "#webpage" node id instead. The fragment is never part of it.
    std::string canonical = sources.meta.canonical_url.empty() ? first_of(sources, &Candidates::canonical_url) : sources.meta.canonical_url;
    metadata.canonical_url = absolute(canonical.substr(0, canonical.find('#')));
    metadata.image = absolute(first_of(sources, &Candidates::image));
    metadata.description = first_of(sources, &Candidates::description);
    metadata.section = clean_section(first_of(sources, &Candidates::section));
    metadata.tags = choose_tags(sources);
    metadata.json_ld_body = sources.json_ld.body;
    choose_paywall(sources, metadata);
    metadata.json_ld_types = sources.json_ld.types;
    for (const MetaTag& meta : scan.metas) {
        if (meta.key != "og:type" || !metadata.og_type.empty()) continue;
        for (char c : meta.content) metadata.og_type.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    return metadata;
}

}  // namespace gleaner::extract
