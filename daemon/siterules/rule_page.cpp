#include "siterules/rule_page.h"

#include "extract/charset.h"
#include "extract/metadata/dates.h"
#include "extract/url_resolve.h"

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

// The story: the first body expression that selects elements; several become one <div>.
xmlNode* mark_body(HtmlDocument& doc, const SiteRule& rule) {
    for (const auto& e : rule.body) {
        std::vector<xmlNode*> elements;
        for (xmlNode* node : doc.select(e.xpath))
            if (node->type == XML_ELEMENT_NODE) elements.push_back(node);
        if (elements.empty()) continue;
        xmlNode* story = elements.size() == 1 ? elements.front() : doc.gather(elements);
        xmlSetProp(story, reinterpret_cast<const xmlChar*>(kBodyMarker), reinterpret_cast<const xmlChar*>(""));
        return story;
    }
    return nullptr;
}

std::string decoded_and_replaced(std::string_view bytes, const extract::ExtractOptions& options, const SiteRule& rule,
                                 std::string& charset, std::string& charset_source) {
    if (bytes.size() > options.max_input_bytes)
        throw extract::ExtractError("page is " + std::to_string(bytes.size()) + " bytes, over the limit of " +
                                    std::to_string(options.max_input_bytes));
    extract::DecodedHtml decoded = extract::decode_html(bytes, options.content_type);
    charset = std::move(decoded.charset);
    charset_source = std::move(decoded.charset_source);
    for (const auto& [find, replacement] : rule.replacements) replace_all(decoded.utf8, find, replacement);
    return std::move(decoded.utf8);
}

}  // namespace

RulePage::RulePage(std::string_view bytes, const extract::ExtractOptions& options, const SiteRule& rule)
    : rule_(&rule),
      options_(options),
      doc_(decoded_and_replaced(bytes, options, rule, charset_, charset_source_)) {
    const extract::UrlResolver urls(options.url);
    single_page_url_ = link_of(doc_, rule.single_page_link, urls);
    next_page_url_ = link_of(doc_, rule.next_page_link, urls);
    title_ = first_text(doc_, rule.title);
    authors_ = first_texts(doc_, rule.author);
    date_ = first_text(doc_, rule.date);
    apply_strips(doc_, rule);
    story_ = mark_body(doc_, rule);
}

std::string RulePage::body_html() const { return doc_.inner_html(story_); }

void RulePage::append_to_body(std::string_view html) { doc_.append_html(story_, html); }

extract::Article RulePage::extract() const {
    extract::ExtractOptions options = options_;
    options.content_type = "text/html; charset=utf-8";  // decoded already
    options.max_input_bytes = std::string::npos;         // checked on the page as fetched
    if (story_ != nullptr) {
        options.story_attribute = kBodyMarker;
        options.story_as_is = !rule_->prune;
    } else if (!rule_->body.empty() && !rule_->autodetect_on_failure) {
        // The rule says where the story is and forbids guessing: no story on this page.
        options.story_attribute = kBodyMarker;
    }
    extract::Article article = extract::extract(doc_.html(), options);
    article.charset = charset_;
    article.charset_source = charset_source_;
    if (!title_.empty()) article.title = title_;
    if (!authors_.empty()) article.authors = authors_;
    if (!date_.empty())
        if (auto iso = extract::parse_date(date_)) article.published = extract::DateInfo{*iso, "site_rule"};
    return article;
}

}  // namespace gleaner::siterules
