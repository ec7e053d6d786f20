// JSON-LD source of metadata (see metadata_json_ld.h). Parsing is nlohmann-json's, without
// exceptions; values are read defensively because sites put strings, objects and arrays in any field.
#include "extract/metadata/metadata_json_ld.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "extract/metadata/metadata_patterns.h"

namespace gleaner::extract {
namespace {

using nlohmann::json;

// Nodes with an @type, in document order, and an @id index for references.
struct Graph {
    std::vector<const json*> nodes;
    std::map<std::string, const json*> by_id;
};

// Flattens arrays and @graph containers without recursion on nesting depth.
void collect_nodes(const json& root, Graph& graph) {
    std::vector<const json*> stack{&root};
    while (!stack.empty()) {
        const json* value = stack.back();
        stack.pop_back();
        if (value->is_array()) {
            for (auto it = value->rbegin(); it != value->rend(); ++it) stack.push_back(&*it);
        } else if (value->is_object()) {
            if (value->contains("@type")) graph.nodes.push_back(value);
            if (auto id = value->find("@id"); id != value->end() && id->is_string()) graph.by_id.emplace(id->get<std::string>(), value);
            if (auto inner = value->find("@graph"); inner != value->end()) stack.push_back(&*inner);
        }
    }
}

// A node's @type values, with any "schema:" or URL prefix dropped.
std::vector<std::string> types_of(const json& node) {
    std::vector<std::string> types;
    auto add = [&](const json& type) {
        if (!type.is_string()) return;
        std::string name = type.get<std::string>();
        if (auto slash = name.find_last_of("/:"); slash != std::string::npos) name = name.substr(slash + 1);
        types.push_back(std::move(name));
    };
    const auto found = node.find("@type");
    if (found == node.end()) return types;
    if (found->is_array()) {
        for (const json& type : *found) add(type);
    } else {
        add(*found);
    }
    return types;
}

bool has_type(const json& node, std::string_view wanted) {
    const auto types = types_of(node);
    return std::find(types.begin(), types.end(), wanted) != types.end();
}

// Rank of the node's best article type (lower is better), or SIZE_MAX if it is not an article.
std::size_t article_rank(const json& node) {
    const auto article_types = patterns::article_types();
    std::size_t best = SIZE_MAX;
    for (const std::string& type : types_of(node)) {
        const auto it = std::find(article_types.begin(), article_types.end(), type);
        if (it != article_types.end()) best = std::min(best, static_cast<std::size_t>(it - article_types.begin()));
    }
    return best;
}

const json& resolve(const json& value, const Graph& graph) {
    if (value.is_object() && value.size() == 1) {
        if (auto id = value.find("@id"); id != value.end() && id->is_string()) {
            if (auto target = graph.by_id.find(id->get<std::string>()); target != graph.by_id.end()) return *target->second;
        }
    }
    return value;
}

// A scalar as text ("" for objects, arrays, null); numbers and booleans are not text fields here.
std::string text(const json& value) { return value.is_string() ? value.get<std::string>() : std::string(); }

std::string field_text(const json& node, const char* key) {
    const auto found = node.find(key);
    return found == node.end() ? std::string() : text(*found);
}

// The text of a field that may be a string, an object with name/url/@id, or an array of those.
std::string first_text(const json& value, const Graph& graph, std::initializer_list<const char*> object_keys) {
    const json& resolved = resolve(value, graph);
    if (resolved.is_string()) return resolved.get<std::string>();
    if (resolved.is_array()) {
        for (const json& item : resolved) {
            // One level of array only: the recursion depth must not follow the page's nesting.
            if (item.is_array()) continue;
            if (std::string found = first_text(item, graph, object_keys); !found.empty()) return found;
        }
        return {};
    }
    if (resolved.is_object()) {
        for (const char* key : object_keys) {
            if (std::string found = field_text(resolved, key); !found.empty()) return found;
        }
    }
    return {};
}

std::vector<std::string> texts(const json& value) {
    std::vector<std::string> values;
    if (value.is_string()) values.push_back(value.get<std::string>());
    if (value.is_array()) {
        for (const json& item : value) {
            if (item.is_string()) values.push_back(item.get<std::string>());
        }
    }
    return values;
}

void add_authors(const json& value, const Graph& graph, Candidates& found) {
    const json& resolved = resolve(value, graph);
    if (resolved.is_array()) {
        for (const json& item : resolved) {
            if (!item.is_array()) add_authors(item, graph, found);  // one level: arrays of arrays are not authors
        }
        return;
    }
    if (resolved.is_string()) {
        found.authors.push_back(resolved.get<std::string>());
        return;
    }
    if (!resolved.is_object()) return;
    const std::string name = field_text(resolved, "name");
    if (name.empty()) return;
    const bool organisation = has_type(resolved, "Organization") || has_type(resolved, "NewsMediaOrganization") ||
                              has_type(resolved, "Corporation");
    (organisation ? found.organisations : found.authors).push_back(name);
}

// isAccessibleForFree as schema.org and Google document it: a boolean, or the strings "False"/"True".
std::optional<bool> accessible_for_free(const json& node) {
    const auto found = node.find("isAccessibleForFree");
    if (found == node.end()) return std::nullopt;
    if (found->is_boolean()) return found->get<bool>();
    if (found->is_string()) {
        std::string value = found->get<std::string>();
        std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return std::tolower(c); });
        if (value == "false") return false;
        if (value == "true") return true;
    }
    return std::nullopt;
}

void read_paywall(const json& article, const Graph& graph, Candidates& found) {
    if (auto free = accessible_for_free(article)) {
        if (!*free) found.paywall_reason = "json-ld:isAccessibleForFree=false";
        found.declares_free = *free;
    }
    const auto parts = article.find("hasPart");
    if (parts == article.end() || !found.paywall_reason.empty()) return;
    auto check_part = [&](const json& part) {
        const json& resolved = resolve(part, graph);
        if (resolved.is_object() && accessible_for_free(resolved) == false) {
            found.paywall_reason = "json-ld:hasPart.isAccessibleForFree=false";
            found.declares_free = false;
        }
    };
    if (parts->is_array()) {
        for (const json& part : *parts) check_part(part);
    } else {
        check_part(*parts);
    }
}

void read_date(const json& node, const char* key, std::optional<DateInfo>& date) {
    if (date) return;
    const std::string value = first_text(node.value(key, json()), Graph{}, {"@value"});
    if (auto iso = parse_date(value)) date = DateInfo{*iso, std::string("json-ld:") + key};
}

void read_article(const json& article, const Graph& graph, Candidates& found) {
    for (const char* key : {"headline", "name", "alternativeHeadline"}) {
        if (std::string title = field_text(article, key); !title.empty()) found.titles.push_back(title);
    }
    for (const char* key : {"author", "creator"}) {
        if (auto author = article.find(key); author != article.end() && found.authors.empty()) add_authors(*author, graph, found);
    }
    read_date(article, "datePublished", found.published);
    read_date(article, "dateCreated", found.published);
    read_date(article, "uploadDate", found.published);
    read_date(article, "dateModified", found.modified);
    if (auto language = article.find("inLanguage"); language != article.end()) {
        found.language = first_text(*language, graph, {"alternateName", "name"});
    }
    for (const char* key : {"mainEntityOfPage", "url"}) {
        if (!found.canonical_url.empty()) break;
        if (auto url = article.find(key); url != article.end()) found.canonical_url = first_text(*url, graph, {"@id", "url"});
    }
    if (auto publisher = article.find("publisher"); publisher != article.end()) {
        found.site_name = first_text(*publisher, graph, {"name"});
    }
    found.description = field_text(article, "description");
    if (auto image = article.find("image"); image != article.end()) found.image = first_text(*image, graph, {"url", "contentUrl", "@id"});
    if (found.image.empty()) {
        if (auto thumbnail = article.find("thumbnailUrl"); thumbnail != article.end()) found.image = first_text(*thumbnail, graph, {"url"});
    }
    if (auto section = article.find("articleSection"); section != article.end()) {
        const auto sections = texts(*section);
        if (!sections.empty()) found.section = sections.front();
    }
    if (auto keywords = article.find("keywords"); keywords != article.end()) found.tags = texts(*keywords);
    found.body = field_text(article, "articleBody");
    read_paywall(article, graph, found);
}

// Script contents sometimes arrive wrapped for old browsers ("<!--", "//<![CDATA[").
std::string_view unwrap(std::string_view block) {
    const auto first = block.find_first_of("{[");
    const auto last = block.find_last_of("}]");
    if (first == std::string_view::npos || last == std::string_view::npos || last < first) return {};
    return block.substr(first, last - first + 1);
}

}  // namespace

Candidates json_ld_candidates(const std::vector<std::string>& blocks) {
    std::vector<json> documents;
    documents.reserve(blocks.size());
    for (const std::string& block : blocks) {
        // allow_exceptions=false: a broken block becomes a "discarded" value and is skipped.
        json parsed = json::parse(unwrap(block), nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
        if (!parsed.is_discarded()) documents.push_back(std::move(parsed));
    }
    Graph graph;
    for (const json& document : documents) collect_nodes(document, graph);

    Candidates found;
    constexpr std::size_t kMaxTypes = 16;
    for (const json* node : graph.nodes) {
        for (std::string& type : types_of(*node)) {
            if (found.types.size() < kMaxTypes && std::find(found.types.begin(), found.types.end(), type) == found.types.end())
                found.types.push_back(std::move(type));
        }
    }
    const json* article = nullptr;
    std::size_t best_rank = SIZE_MAX;
    for (const json* node : graph.nodes) {
        const std::size_t rank = article_rank(*node);
        if (rank < best_rank) {
            best_rank = rank;
            article = node;
        }
    }
    if (article) read_article(*article, graph, found);
    for (const json* node : graph.nodes) {
        if (!found.site_name.empty()) break;
        if (has_type(*node, "WebSite") || has_type(*node, "NewsMediaOrganization")) found.site_name = field_text(*node, "name");
    }
    return found;
}

}  // namespace gleaner::extract
