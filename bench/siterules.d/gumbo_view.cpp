#include "gumbo_view.h"

#include <libxml/HTMLtree.h>

#include <string>
#include <utility>
#include <vector>

namespace gleaner::bench {
namespace {

const xmlChar* x(const char* s) { return reinterpret_cast<const xmlChar*>(s); }

std::string tag_name(const GumboElement& element) {
    if (element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(element.tag);
    GumboStringPiece piece = element.original_tag;
    gumbo_tag_from_original_text(&piece);
    std::string name(piece.data, piece.length);
    for (char& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    return name.empty() ? "unknown" : name;
}

}  // namespace

xmlDoc* libxml2_copy(const GumboOutput& output) {
    xmlDoc* doc = htmlNewDocNoDtD(nullptr, nullptr);
    doc->encoding = xmlStrdup(x("UTF-8"));
    // Iterative: pages nest deeper than a recursive copy's stack allows.
    std::vector<std::pair<const GumboNode*, xmlNode*>> stack;  // (Gumbo node, libxml2 parent)
    const GumboVector& top = output.document->v.document.children;
    for (unsigned i = top.length; i-- > 0;) stack.emplace_back(static_cast<const GumboNode*>(top.data[i]), nullptr);
    while (!stack.empty()) {
        const auto [node, parent] = stack.back();
        stack.pop_back();
        xmlNode* copy = nullptr;
        switch (node->type) {
            case GUMBO_NODE_ELEMENT:
            case GUMBO_NODE_TEMPLATE: {
                const GumboElement& element = node->v.element;
                copy = xmlNewDocNode(doc, nullptr, x(tag_name(element).c_str()), nullptr);
                for (unsigned k = 0; k < element.attributes.length; ++k) {
                    const auto* a = static_cast<const GumboAttribute*>(element.attributes.data[k]);
                    xmlNewProp(copy, x(a->name), x(a->value));
                }
                for (unsigned k = element.children.length; k-- > 0;)
                    stack.emplace_back(static_cast<const GumboNode*>(element.children.data[k]), copy);
                break;
            }
            case GUMBO_NODE_TEXT:
            case GUMBO_NODE_WHITESPACE:
            case GUMBO_NODE_CDATA:
                copy = xmlNewDocText(doc, x(node->v.text.text));
                break;
            case GUMBO_NODE_COMMENT:
                copy = xmlNewDocComment(doc, x(node->v.text.text));
                break;
            default:
                break;
        }
        if (copy == nullptr) continue;
        if (parent != nullptr) xmlAddChild(parent, copy);
        else if (xmlDocGetRootElement(doc) == nullptr && copy->type == XML_ELEMENT_NODE) xmlDocSetRootElement(doc, copy);
        else xmlFreeNode(copy);  // comments around <html>
    }
    return doc;
}

}  // namespace gleaner::bench
