// Flattens the Gumbo tree's <body> into the pre-order array of dom.h, iteratively (pages nest deeply
// enough to overflow a recursive walk), leaving out elements that never carry story text.
#include "extract/content/dom.h"

#include <cstring>


namespace gleaner::extract {
namespace {

// Elements whose whole subtree is dropped before any analysis: code, styling, embedded objects,
// media fallbacks and form controls. Their text is never part of a story.
bool is_skipped_tag(GumboTag tag) {
    switch (tag) {
    case GUMBO_TAG_HEAD: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_APPLET: case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_INPUT: case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_OPTION: case GUMBO_TAG_OPTGROUP: case GUMBO_TAG_DATALIST: case GUMBO_TAG_KEYGEN:
    case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO: case GUMBO_TAG_SOURCE: case GUMBO_TAG_TRACK:
    case GUMBO_TAG_MAP: case GUMBO_TAG_AREA: case GUMBO_TAG_FRAME: case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_PARAM: case GUMBO_TAG_NOEMBED: case GUMBO_TAG_MENU:
    case GUMBO_TAG_MENUITEM: case GUMBO_TAG_TITLE: case GUMBO_TAG_META: case GUMBO_TAG_LINK:
    case GUMBO_TAG_BASE: case GUMBO_TAG_PROGRESS: case GUMBO_TAG_METER:
        return true;
    default:
        return false;
    }
}

// Gumbo 0.10 predates <dialog> (and knows no custom elements): such tags come as GUMBO_TAG_UNKNOWN
// with their source text. A dialog is a modal (consent, sign-up), never the story.
bool is_skipped_unknown_tag(const GumboElement& element) {
    std::string_view source(element.original_tag.data, element.original_tag.length);
    if (source.size() < 7 || source[0] != '<') return false;
    constexpr std::string_view kDialog = "dialog";
    for (std::size_t i = 0; i < kDialog.size(); ++i) {
        char c = source[i + 1];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != kDialog[i]) return false;
    }
    const char after = source.size() > 7 ? source[7] : '>';
    return after == '>' || after == ' ' || after == '\t' || after == '\n' || after == '/';
}

NamingAttributes read_naming_attributes(const GumboElement& element) {
    NamingAttributes found;
    const GumboVector& attributes = element.attributes;
    for (unsigned k = 0; k < attributes.length; ++k) {
        const auto* attr = static_cast<const GumboAttribute*>(attributes.data[k]);
        // Names are compared without measuring them, and only the values used are measured:
        // pages put long JSON and image lists in attributes nobody here reads.
        const char* name = attr->name;
        const auto value = [attr] { return attr->value != nullptr ? std::string_view(attr->value) : std::string_view(); };
        switch (name[0]) {
        case 'c':
            if (std::strcmp(name, "class") == 0) found.class_name = value();
            break;
        case 'i':
            if (std::strcmp(name, "id") == 0) found.id = value();
            else if (std::strcmp(name, "itemprop") == 0) found.itemprop = value();
            break;
        case 'r':
            if (std::strcmp(name, "role") == 0) found.role = value();
            break;
        case 's':
            if (std::strcmp(name, "style") == 0) found.style = value();
            break;
        case 'a':
            if (std::strcmp(name, "aria-hidden") == 0) found.aria_hidden = value();
            break;
        case 'h':
            if (std::strcmp(name, "hidden") == 0) found.hidden = true;
            break;
        default:
            break;
        }
    }
    return found;
}

const GumboNode* find_body(const GumboNode* root) {
    if (root == nullptr || root->type != GUMBO_NODE_ELEMENT) return root;
    const GumboVector& children = root->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
        const auto* child = static_cast<const GumboNode*>(children.data[i]);
        if (child->type == GUMBO_NODE_ELEMENT && child->v.element.tag == GUMBO_TAG_BODY) return child;
    }
    return root;
}

}  // namespace

Dom build_dom(const GumboOutput& output) {
    Dom dom;
    const GumboNode* body = find_body(output.root);
    if (body == nullptr || body->type != GUMBO_NODE_ELEMENT) return dom;
    dom.nodes.reserve(1024);
    dom.naming.reserve(512);

    // Explicit stack of (gumbo node, index of its DomNode); children are pushed in reverse so they
    // come off in document order. A node's subtree_end is known once everything after it that is
    // deeper has been emitted, so it is closed when the walk returns to its depth or shallower.
    struct Pending {
        const GumboNode* node;
        std::uint32_t parent;
        std::uint32_t depth;
    };
    std::vector<Pending> stack{{body, kNoNode, 0}};
    std::vector<std::uint32_t> open;  // indices of elements whose subtree is still being emitted
    while (!stack.empty()) {
        const Pending item = stack.back();
        stack.pop_back();
        while (!open.empty() && dom.nodes[open.back()].depth >= item.depth) {
            dom.nodes[open.back()].subtree_end = dom.size();
            open.pop_back();
        }
        const GumboNode* g = item.node;
        DomNode node;
        node.source = g;
        node.parent = item.parent;
        node.depth = item.depth;
        if (g->type == GUMBO_NODE_TEXT || g->type == GUMBO_NODE_WHITESPACE || g->type == GUMBO_NODE_CDATA) {
            node.is_text = true;
            node.text = g->v.text.text != nullptr ? std::string_view(g->v.text.text) : std::string_view();
            node.subtree_end = dom.size() + 1;
            dom.nodes.push_back(node);
            continue;
        }
        node.tag = g->v.element.tag;
        node.naming = static_cast<std::uint32_t>(dom.naming.size());
        dom.naming.push_back(read_naming_attributes(g->v.element));
        const std::uint32_t index = dom.size();
        dom.nodes.push_back(node);
        open.push_back(index);
        const GumboVector& children = g->v.element.children;
        const std::uint32_t child_depth = item.depth + 1;
        for (unsigned i = children.length; i-- > 0;) {
            const auto* child = static_cast<const GumboNode*>(children.data[i]);
            if (child->type == GUMBO_NODE_COMMENT || child->type == GUMBO_NODE_DOCUMENT) continue;
            if ((child->type == GUMBO_NODE_ELEMENT || child->type == GUMBO_NODE_TEMPLATE) &&
                (child->type == GUMBO_NODE_TEMPLATE || is_skipped_tag(child->v.element.tag) ||
                 (child->v.element.tag == GUMBO_TAG_UNKNOWN && is_skipped_unknown_tag(child->v.element))))
                continue;
            stack.push_back({child, index, child_depth});
        }
    }
    for (std::uint32_t i : open) dom.nodes[i].subtree_end = dom.size();
    return dom;
}

std::string_view attribute(const DomNode& node, const char* name) {
    if (node.is_text || node.source == nullptr) return {};
    const GumboAttribute* attr = gumbo_get_attribute(&node.source->v.element.attributes, name);
    return attr != nullptr && attr->value != nullptr ? std::string_view(attr->value) : std::string_view();
}

bool has_attribute(const DomNode& node, const char* name) {
    if (node.is_text || node.source == nullptr) return false;
    return gumbo_get_attribute(&node.source->v.element.attributes, name) != nullptr;
}

}  // namespace gleaner::extract
