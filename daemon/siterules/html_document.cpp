#include "siterules/html_document.h"

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/xpath.h>

#include <stdexcept>

#include "siterules/quiet_libxml.h"

namespace gleaner::siterules {
namespace {

struct ContextFree {
    void operator()(xmlXPathContext* context) const { xmlXPathFreeContext(context); }
};
struct ObjectFree {
    void operator()(xmlXPathObject* object) const { xmlXPathFreeObject(object); }
};
using Object = std::unique_ptr<xmlXPathObject, ObjectFree>;

Object evaluate(xmlDoc* doc, const std::string& xpath) {
    const QuietLibxml quiet;
    const std::unique_ptr<xmlXPathContext, ContextFree> context(xmlXPathNewContext(doc));
    if (!context) return nullptr;
    // Evaluation errors (an expression rule_check passed can still fail on a page, e.g. on a huge node
    // set) are kept quiet here: the caller sees an empty result.
    return Object(xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(xpath.c_str()), context.get()));
}

std::string collapse_whitespace(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

// A number result as XPath writes it: integers without a fraction.
std::string number_text(double value) {
    if (value != value) return {};
    const auto whole = static_cast<long long>(value);
    if (static_cast<double>(whole) == value) return std::to_string(whole);
    return std::to_string(value);
}

std::string scalar_text(const xmlXPathObject& object) {
    switch (object.type) {
        case XPATH_STRING:
            return collapse_whitespace(object.stringval ? reinterpret_cast<const char*>(object.stringval) : "");
        case XPATH_NUMBER:
            return number_text(object.floatval);
        case XPATH_BOOLEAN:
            return object.boolval ? "true" : "false";
        default:
            return {};
    }
}

bool is_inside(const xmlNode* node, const xmlNode* ancestor) {
    for (const xmlNode* p = node->parent; p != nullptr; p = p->parent)
        if (p == ancestor) return true;
    return false;
}

}  // namespace

HtmlDocument::HtmlDocument(std::string_view utf8_html)
    : doc_(htmlReadMemory(utf8_html.data(), static_cast<int>(utf8_html.size()), nullptr, "UTF-8",
                          HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                              HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT)) {
    if (!doc_) doc_.reset(htmlNewDocNoDtD(nullptr, nullptr));
    if (!doc_) throw std::bad_alloc();
}

HtmlDocument::HtmlDocument(HtmlDocument&&) noexcept = default;
HtmlDocument& HtmlDocument::operator=(HtmlDocument&&) noexcept = default;
HtmlDocument::~HtmlDocument() = default;

std::vector<xmlNode*> HtmlDocument::select(const std::string& xpath) const {
    std::vector<xmlNode*> nodes;
    const Object result = evaluate(doc_.get(), xpath);
    if (!result || result->type != XPATH_NODESET || result->nodesetval == nullptr) return nodes;
    for (int i = 0; i < result->nodesetval->nodeNr; ++i) nodes.push_back(result->nodesetval->nodeTab[i]);
    return nodes;
}

std::string HtmlDocument::text(const std::string& xpath) const {
    const auto all = texts(xpath);
    return all.empty() ? std::string() : all.front();
}

std::vector<std::string> HtmlDocument::texts(const std::string& xpath) const {
    std::vector<std::string> out;
    const Object result = evaluate(doc_.get(), xpath);
    if (!result) return out;
    if (result->type != XPATH_NODESET) {
        if (auto s = scalar_text(*result); !s.empty()) out.push_back(std::move(s));
        return out;
    }
    if (result->nodesetval == nullptr) return out;
    for (int i = 0; i < result->nodesetval->nodeNr; ++i)
        if (auto s = node_text(result->nodesetval->nodeTab[i]); !s.empty()) out.push_back(std::move(s));
    return out;
}

void HtmlDocument::remove(xmlNode* node) {
    if (node == nullptr || node->type == XML_DOCUMENT_NODE || node->type == XML_HTML_DOCUMENT_NODE) return;
    if (node->type == XML_ATTRIBUTE_NODE) {
        xmlRemoveProp(reinterpret_cast<xmlAttr*>(node));
        return;
    }
    xmlUnlinkNode(node);
    xmlFreeNode(node);
}

xmlNode* HtmlDocument::gather(const std::vector<xmlNode*>& nodes) {
    if (nodes.empty()) return nullptr;
    xmlNode* div = xmlNewDocNode(doc_.get(), nullptr, reinterpret_cast<const xmlChar*>("div"), nullptr);
    xmlAddPrevSibling(nodes.front(), div);
    for (xmlNode* node : nodes) {
        bool nested = false;
        for (xmlNode* other : nodes) nested = nested || (other != node && is_inside(node, other));
        if (nested || node->type == XML_ATTRIBUTE_NODE) continue;
        xmlUnlinkNode(node);
        xmlAddChild(div, node);
    }
    return div;
}

std::string HtmlDocument::html() const {
    xmlChar* buffer = nullptr;
    int size = 0;
    htmlDocDumpMemoryFormat(doc_.get(), &buffer, &size, 0);
    std::string out(buffer ? reinterpret_cast<const char*>(buffer) : "", static_cast<std::size_t>(size));
    xmlFree(buffer);
    return out;
}

std::string HtmlDocument::inner_html(const xmlNode* node) const {
    std::string out;
    if (node == nullptr) return out;
    xmlBuffer* buffer = xmlBufferCreate();
    for (xmlNode* child = node->children; child != nullptr; child = child->next) {
        xmlBufferEmpty(buffer);
        htmlNodeDump(buffer, doc_.get(), child);
        out.append(reinterpret_cast<const char*>(xmlBufferContent(buffer)), static_cast<std::size_t>(xmlBufferLength(buffer)));
    }
    xmlBufferFree(buffer);
    return out;
}

void HtmlDocument::append_html(xmlNode* parent, std::string_view html) {
    if (parent == nullptr) return;
    const HtmlDocument fragment("<html><body>" + std::string(html) + "</body></html>");
    xmlNode* body = nullptr;
    for (xmlNode* n : fragment.select("/html/body")) body = n;
    if (body == nullptr) return;
    for (xmlNode* child = body->children; child != nullptr; child = child->next)
        xmlAddChild(parent, xmlDocCopyNode(child, doc_.get(), 1));
}

std::string node_text(const xmlNode* node) {
    if (node == nullptr) return {};
    xmlChar* content = xmlNodeGetContent(node);
    std::string text = collapse_whitespace(content ? reinterpret_cast<const char*>(content) : "");
    xmlFree(content);
    return text;
}

}  // namespace gleaner::siterules
