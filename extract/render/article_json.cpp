// The Article in its output formats: the json object, and render() for all four formats.
#include <nlohmann/json.hpp>

#include <cmath>

#include "extract/extractor.h"

namespace gleaner::extract {
namespace {

nlohmann::json date_json(const std::optional<DateInfo>& date) {
    return date ? nlohmann::json(date->iso) : nlohmann::json(nullptr);
}

nlohmann::json source_json(const std::optional<DateInfo>& date) {
    return date ? nlohmann::json(date->source) : nlohmann::json(nullptr);
}

nlohmann::json page_type_json(const PageTypeSignals& s) {
    return {{"decided_by", s.decided_by}, {"declared", s.declared}, {"declared_by", s.declared_by},
            {"url_shape", s.url_shape}, {"story_chars", s.story_chars}, {"page_chars", s.page_chars},
            {"linked_headings", s.linked_headings}, {"story_linked_headings", s.story_linked_headings},
            {"items", s.items}, {"posts", s.posts}, {"cards", s.cards}, {"products", s.products},
            {"times", s.times}, {"article_score", std::round(s.article_score * 1000) / 1000}};
}

}  // namespace

nlohmann::json to_json(const Article& article) {
    nlohmann::json out = nlohmann::json::object();
    out["schema_version"] = kArticleSchemaVersion;
    out["url"] = article.url;
    out["canonical_url"] = article.canonical_url;
    out["page_type"] = std::string(page_type_name(article.page_type));
    out["title"] = article.title;
    out["authors"] = article.authors;
    out["published"] = date_json(article.published);
    out["published_source"] = source_json(article.published);
    out["modified"] = date_json(article.modified);
    out["modified_source"] = source_json(article.modified);
    out["language"] = article.language;
    out["language_source"] = article.language_source;
    out["site_name"] = article.site_name;
    out["description"] = article.description;
    out["image"] = article.image;
    out["section"] = article.section;
    out["tags"] = article.tags;
    out["word_count"] = article.word_count;
    out["partial"] = article.partial;
    out["partial_reason"] = article.partial_reason;
    out["provenance"] = {{"charset", article.charset},
                         {"charset_source", article.charset_source},
                         {"extractor_version", std::string(kExtractorVersion)},
                         {"page_type", page_type_json(article.page_type_signals)}};
    out["text"] = article.text;
    out["markdown"] = article.markdown;
    out["html"] = article.html;
    return out;
}

std::string render(const Article& article, Format format) {
    switch (format) {
    case Format::text: return article.text;
    case Format::markdown: return article.markdown;
    case Format::html: return article.html;
    case Format::json: return to_json(article).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    return {};
}

std::optional<Format> parse_format(std::string_view name) {
    if (name == "text" || name == "txt") return Format::text;
    if (name == "markdown" || name == "md") return Format::markdown;
    if (name == "html") return Format::html;
    if (name == "json") return Format::json;
    return std::nullopt;
}

std::string_view format_extension(Format format) {
    switch (format) {
    case Format::text: return "txt";
    case Format::markdown: return "md";
    case Format::html: return "html";
    case Format::json: return "json";
    }
    return "txt";
}

}  // namespace gleaner::extract
