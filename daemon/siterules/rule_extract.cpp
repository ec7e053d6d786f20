#include "siterules/rule_extract.h"

#include <libxml/tree.h>

#include "extract/charset.h"
#include "extract/metadata/dates.h"
#include "extract/url_resolve.h"
#include "siterules/html_document.h"

namespace gleaner::siterules {
namespace {

// The attribute that tells the extractor which element is the story (ExtractOptions::story_attribute).
constexpr char kBodyMarker[] = "data-gleaner-site-rule-body";

void replace_all(std::string& text, const std::string& find, const std::string& replacement) {
    if (find.empty()) return;
    for (auto at = text.find(find); at != std::string::npos; at = text.find(find, at + replacement.size()))
        text.replace(at, find.size(), replacement);
}

// The URL a link expression gives: an element's href, an attribute's value, or a string result.
std::string link_of(const HtmlDocument& doc, const std::vector<RuleExpression>& expressions,
                    const extract::UrlResolver& urls) {
    for (const auto& e : expressions) {
        std::string link;
        const auto nodes = doc.select(e.xpath);
        for (const xmlNode* node : nodes) {
            if (node->type == XML_ATTRIBUTE_NODE) {
                link = node_text(node);
            } else if (node->type == XML_ELEMENT_NODE) {
                xmlChar* href = xmlGetProp(node, reinterpret_cast<const xmlChar*>("href"));
                if (href != nullptr) link = reinterpret_cast<const char*>(href);
                xmlFree(href);
            }
            if (!link.empty()) break;
        }
        if (nodes.empty()) link = doc.text(e.xpath);
        if (link.empty()) continue;
        if (std::string absolute = urls.resolve(link); !absolute.empty()) return absolute;
    }
    return {};
}

std::string first_text(const HtmlDocument& doc, const std::vector<RuleExpression>& expressions) {
    for (const auto& e : expressions)
        if (std::string text = doc.text(e.xpath); !text.empty()) return text;
    return {};
}

std::vector<std::string> first_texts(const HtmlDocument& doc, const std::vector<RuleExpression>& expressions) {
    for (const auto& e : expressions)
        if (auto texts = doc.texts(e.xpath); !texts.empty()) return texts;
    return {};
}

void remove_all(HtmlDocument& doc, const std::string& xpath) {
    for (xmlNode* node : doc.select(xpath)) doc.remove(node);
}

void apply_strips(HtmlDocument& doc, const SiteRule& rule) {
    for (const auto& e : rule.strip) remove_all(doc, e.xpath);
    // The strings lost their quotes when parsed, so they sit safely inside XPath string literals.
    for (const auto& s : rule.strip_id_or_class)
        remove_all(doc, "//*[contains(@class, '" + s + "') or contains(@id, '" + s + "')]");
    for (const auto& s : rule.strip_image_src) remove_all(doc, "//img[contains(@src, '" + s + "')]");
}

// Marks the story: the first body expression that selects elements; several become one <div>.
bool mark_body(HtmlDocument& doc, const SiteRule& rule) {
    for (const auto& e : rule.body) {
        std::vector<xmlNode*> elements;
        for (xmlNode* node : doc.select(e.xpath))
            if (node->type == XML_ELEMENT_NODE) elements.push_back(node);
        if (elements.empty()) continue;
        xmlNode* story = elements.size() == 1 ? elements.front() : doc.gather(elements);
        xmlSetProp(story, reinterpret_cast<const xmlChar*>(kBodyMarker), reinterpret_cast<const xmlChar*>(""));
        return true;
    }
    return false;
}

}  // namespace

RuleExtraction extract_with_rule(std::string_view bytes, const extract::ExtractOptions& options, const SiteRule* rule) {
    RuleExtraction result;
    if (rule == nullptr) {
        result.article = extract::extract(bytes, options);
        return result;
    }
    if (bytes.size() > options.max_input_bytes)
        throw extract::ExtractError("page is " + std::to_string(bytes.size()) + " bytes, over the limit of " +
                                    std::to_string(options.max_input_bytes));
    result.site_rule = rule->name;

    extract::DecodedHtml decoded = extract::decode_html(bytes, options.content_type);
    for (const auto& [find, replacement] : rule->replacements) replace_all(decoded.utf8, find, replacement);
    HtmlDocument doc(decoded.utf8);

    const extract::UrlResolver urls(options.url);
    result.single_page_url = link_of(doc, rule->single_page_link, urls);
    result.next_page_url = link_of(doc, rule->next_page_link, urls);
    const std::string title = first_text(doc, rule->title);
    const std::vector<std::string> authors = first_texts(doc, rule->author);
    const std::string date = first_text(doc, rule->date);

    apply_strips(doc, *rule);
    const bool body_found = mark_body(doc, *rule);

    extract::ExtractOptions rule_options = options;
    rule_options.content_type = "text/html; charset=utf-8";  // decoded above
    rule_options.max_input_bytes = std::string::npos;         // checked above, on the page as fetched
    if (body_found) {
        rule_options.story_attribute = kBodyMarker;
        rule_options.story_as_is = !rule->prune;
    }
    const std::string html = doc.html();
    if (!body_found && !rule->body.empty() && !rule->autodetect_on_failure) {
        // The rule says where the story is and forbids guessing: no story on this page.
        rule_options.story_attribute = kBodyMarker;
    }
    result.article = extract::extract(html, rule_options);
    result.article.charset = decoded.charset;
    result.article.charset_source = decoded.charset_source;
    if (!title.empty()) result.article.title = title;
    if (!authors.empty()) result.article.authors = authors;
    if (!date.empty())
        if (auto iso = extract::parse_date(date)) result.article.published = extract::DateInfo{*iso, "site_rule"};
    return result;
}

}  // namespace gleaner::siterules
