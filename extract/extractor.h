// The extractor's entry point: page bytes in, the article out (metadata, the story as text, markdown
// and a clean HTML fragment, and whether only part of the story was on the page). Used by the daemon's
// pipeline and by `gleaner extract`. Stands alone: no daemon folder, no I/O, thread-safe.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "extract/metadata/dates.h"  // DateInfo
#include "extract/page_type/page_type_verdict.h"

namespace gleaner::extract {

// Bumped whenever the output for the same page changes (stored articles say which version made them).
inline constexpr std::string_view kExtractorVersion = "1.1.0";
// The version of the article JSON (extract/article.schema.json); bumped when a field changes meaning
// or goes away, not when one is added.
inline constexpr int kArticleSchemaVersion = 1;

enum class Format { text, markdown, html, json };

struct ExtractOptions {
    std::string url;           // page URL, for absolute links and metadata
    std::string content_type;  // HTTP Content-Type header if known ("" for files)
    std::size_t max_input_bytes = 32u << 20;
    // Renderings to produce besides the text (which every other field is measured on); a skipped one
    // is left empty in the Article.
    bool want_markdown = true;
    bool want_html = true;
    // Set by site rules (daemon/siterules): the first element carrying this attribute is the story,
    // however it scores (no such element: the page has no story). story_as_is keeps what automatic
    // extraction would remove inside it as boilerplate (a rule's "prune: no").
    std::string story_attribute = {};
    bool story_as_is = false;
};

struct Article {
    // metadata (from the page's JSON-LD, meta tags, microdata and markup)
    std::string url, canonical_url, title;
    std::vector<std::string> authors;
    std::optional<DateInfo> published, modified;
    std::string language, language_source, site_name, description, image, section;
    std::vector<std::string> tags;
    // content
    std::string text;      // paragraphs separated by one blank line; no headline, bylines, captions
    std::string html;      // clean self-contained fragment, absolute URLs
    std::string markdown;
    std::size_t word_count = 0;
    bool partial = false;  // the page shows only part of the story (paywall, teaser, truncation)
    std::string partial_reason;
    // what the page is (only an article holds one story) and the signals that decided it
    PageType page_type = PageType::article;
    PageTypeSignals page_type_signals;
    // provenance of decoding
    std::string charset, charset_source;
};

class ExtractError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Throws ExtractError for input it refuses (over max_input_bytes). A page without an article
// returns an Article with empty text (not an error).
Article extract(std::string_view bytes, const ExtractOptions& options);

// The article in one format; json is to_json(article) serialised, indented.
std::string render(const Article& article, Format format);

// The json format's object, as extract/article.schema.json documents it: every field of Article, the
// renderings, and the provenance of decoding and of the page type.
nlohmann::json to_json(const Article& article);

// "text" -> Format::text, ...; nullopt for an unknown name.
std::optional<Format> parse_format(std::string_view name);
// The file extension of a format, without the dot: txt, md, html, json.
std::string_view format_extension(Format format);

}  // namespace gleaner::extract
