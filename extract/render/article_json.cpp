// The Article in its output formats: the json object, and render() for all four formats.
#include <nlohmann/json.hpp>

#include "extract/extractor.h"

namespace gleaner::extract {
namespace {

nlohmann::json date_json(const std::optional<DateInfo>& date) {
    return date ? nlohmann::json(date->iso) : nlohmann::json(nullptr);
}

std::string join_authors(const std::vector<std::string>& authors) {
    std::string joined;
    for (const std::string& author : authors) {
        if (!joined.empty()) joined += ", ";
        joined += author;
    }
    return joined;
}

}  // namespace

nlohmann::json to_json(const Article& article) {
    nlohmann::json out = nlohmann::json::object();
    out["url"] = article.url;
    out["canonical_url"] = article.canonical_url;
    out["title"] = article.title;
    out["author"] = join_authors(article.authors);
    out["authors"] = article.authors;
    out["date"] = date_json(article.published);
    out["date_source"] = article.published ? nlohmann::json(article.published->source) : nlohmann::json(nullptr);
    out["modified"] = date_json(article.modified);
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
    out["charset"] = article.charset;
    out["charset_source"] = article.charset_source;
    out["extractor_version"] = std::string(kExtractorVersion);
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
