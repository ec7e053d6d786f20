// Metadata from <meta> and <link> tags, driven by the key table in metadata_patterns.cpp.
#include <string>

#include "extract/metadata/language.h"
#include "extract/metadata/metadata_dom.h"
#include "extract/metadata/metadata_patterns.h"
#include "extract/metadata/metadata_sources.h"

namespace gleaner::extract {
namespace {

using patterns::MetaField;

// Splits "a, b, c" keyword lists.
void add_split(std::string_view value, std::vector<std::string>& out) {
    std::size_t start = 0;
    while (start <= value.size()) {
        std::size_t end = value.find(',', start);
        if (end == std::string_view::npos) end = value.size();
        std::string_view part = value.substr(start, end - start);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
        if (!part.empty()) out.emplace_back(part);
        start = end + 1;
    }
}

// Values of the first key (in table order) for `field` that has any non-empty value.
std::vector<const MetaTag*> values_for(const PageScan& scan, MetaField field, std::string_view& key_used) {
    for (const patterns::MetaKey& key : patterns::meta_keys()) {
        if (key.field != field) continue;
        std::vector<const MetaTag*> values;
        for (const MetaTag& meta : scan.metas) {
            if (meta.key == key.key && !meta.content.empty()) values.push_back(&meta);
        }
        if (!values.empty()) {
            key_used = key.key;
            return values;
        }
    }
    return {};
}

std::string first_value(const PageScan& scan, MetaField field) {
    std::string_view key;
    const auto values = values_for(scan, field, key);
    return values.empty() ? std::string() : values.front()->content;
}

// The first key for the field whose value parses as a date.
std::optional<DateInfo> date_for(const PageScan& scan, MetaField field) {
    for (const patterns::MetaKey& key : patterns::meta_keys()) {
        if (key.field != field) continue;
        for (const MetaTag& meta : scan.metas) {
            if (meta.key != key.key) continue;
            if (auto iso = parse_date(meta.content)) return DateInfo{*iso, dom::concat({"meta:", key.key})};
        }
    }
    return std::nullopt;
}

}  // namespace

Candidates meta_tag_candidates(const PageScan& scan) {
    Candidates found;
    std::string_view key;
    for (const MetaTag* meta : values_for(scan, MetaField::title, key)) found.titles.push_back(meta->content);
    for (const MetaTag* meta : values_for(scan, MetaField::author, key)) found.authors.push_back(meta->content);
    for (const MetaTag* meta : values_for(scan, MetaField::tags, key)) add_split(meta->content, found.tags);
    found.description = first_value(scan, MetaField::description);
    found.site_name = first_value(scan, MetaField::site_name);
    found.image = first_value(scan, MetaField::image);
    found.section = first_value(scan, MetaField::section);
    found.published = date_for(scan, MetaField::published);
    found.modified = date_for(scan, MetaField::modified);
    for (const MetaTag* meta : values_for(scan, MetaField::language, key)) {
        // content-language may list several ("en, fr"): then it says nothing about this page.
        found.language = normalise_language_tag(meta->content);
        if (!found.language.empty()) break;
    }
    for (const LinkTag& link : scan.links) {
        if (link.rel == "canonical" && !link.href.empty()) {
            found.canonical_url = link.href;
            break;
        }
    }
    if (found.canonical_url.empty()) found.canonical_url = first_value(scan, MetaField::canonical_url);
    return found;
}

Candidates microdata_candidates(const PageScan& scan) {
    Candidates found;
    std::optional<DateInfo> created;  // dateCreated: published only when no datePublished exists
    for (const ItemProp& prop : scan.itemprops) {
        if (prop.value.empty()) continue;
        if (prop.name == "headline") {
            found.titles.push_back(prop.value);
        } else if (prop.name == "author" || prop.name == "creator") {
            found.authors.push_back(prop.value);
        } else if (prop.name == "datepublished") {
            if (auto iso = parse_date(prop.value); iso && !found.published) found.published = DateInfo{*iso, "microdata:datePublished"};
        } else if (prop.name == "datecreated") {
            if (auto iso = parse_date(prop.value); iso && !created) created = DateInfo{*iso, "microdata:dateCreated"};
        } else if (prop.name == "datemodified") {
            if (auto iso = parse_date(prop.value); iso && !found.modified) found.modified = DateInfo{*iso, "microdata:dateModified"};
        } else if (prop.name == "inlanguage") {
            if (found.language.empty()) found.language = normalise_language_tag(prop.value);
        } else if (prop.name == "articlesection") {
            if (found.section.empty()) found.section = prop.value;
        } else if (prop.name == "keywords") {
            add_split(prop.value, found.tags);
        } else if (prop.name == "image" || prop.name == "thumbnailurl") {
            if (found.image.empty() && prop.value.find('/') != std::string::npos) found.image = prop.value;
        }
    }
    if (!found.published) found.published = created;
    return found;
}

}  // namespace gleaner::extract
