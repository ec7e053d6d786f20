// Gumbo tree helpers for metadata extraction (see metadata_dom.h). Iterative by design.
#include "extract/metadata/metadata_dom.h"

#include <cctype>
#include <cstdint>
#include <vector>

namespace gleaner::extract::dom {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Inline elements do not separate words ("un<b>believ</b>able" is one word); every other element does.
bool is_inline(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_A: case GUMBO_TAG_ABBR: case GUMBO_TAG_B: case GUMBO_TAG_BDI: case GUMBO_TAG_BDO:
        case GUMBO_TAG_CITE: case GUMBO_TAG_CODE: case GUMBO_TAG_DATA: case GUMBO_TAG_DFN: case GUMBO_TAG_EM:
        case GUMBO_TAG_I: case GUMBO_TAG_KBD: case GUMBO_TAG_MARK: case GUMBO_TAG_Q: case GUMBO_TAG_S:
        case GUMBO_TAG_SAMP: case GUMBO_TAG_SMALL: case GUMBO_TAG_SPAN: case GUMBO_TAG_STRONG:
        case GUMBO_TAG_SUB: case GUMBO_TAG_SUP: case GUMBO_TAG_TIME: case GUMBO_TAG_U: case GUMBO_TAG_VAR:
        case GUMBO_TAG_FONT:
            return true;
        default:
            return false;
    }
}

bool is_hidden_text_container(GumboTag tag) {
    return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_NOSCRIPT ||
           tag == GUMBO_TAG_TEMPLATE;
}

}  // namespace

GumboOptions safe_parse_options() {
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;
    return options;
}

std::string text_of(const GumboNode& root, std::size_t max_bytes) {
    std::string text;
    std::vector<const GumboNode*> stack{&root};
    while (!stack.empty() && text.size() < max_bytes) {
        const GumboNode* node = stack.back();
        stack.pop_back();
        switch (node->type) {
            case GUMBO_NODE_TEXT:
            case GUMBO_NODE_CDATA:
            case GUMBO_NODE_WHITESPACE:
                for (const char* c = node->v.text.text; *c; ++c) {
                    if (is_space(*c)) {
                        if (!text.empty() && text.back() != ' ') text += ' ';
                    } else {
                        text += *c;
                    }
                }
                break;
            case GUMBO_NODE_ELEMENT:
            case GUMBO_NODE_TEMPLATE: {
                if (is_hidden_text_container(node->v.element.tag)) break;
                // Block boundaries separate words even without whitespace between the tags.
                if (!is_inline(node->v.element.tag) && !text.empty() && text.back() != ' ') text += ' ';
                const GumboVector& children = node->v.element.children;
                for (unsigned i = children.length; i > 0; --i) stack.push_back(static_cast<const GumboNode*>(children.data[i - 1]));
                break;
            }
            case GUMBO_NODE_DOCUMENT: {
                const GumboVector& children = node->v.document.children;
                for (unsigned i = children.length; i > 0; --i) stack.push_back(static_cast<const GumboNode*>(children.data[i - 1]));
                break;
            }
            case GUMBO_NODE_COMMENT:
                break;
        }
    }
    if (text.size() > max_bytes) {
        // Cut on a UTF-8 character boundary.
        std::size_t cut = max_bytes;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
        text.resize(cut);
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text;
}

std::string tag_name(const GumboNode& element) {
    if (element.type != GUMBO_NODE_ELEMENT) return {};
    if (element.v.element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(element.v.element.tag);
    GumboStringPiece original = element.v.element.original_tag;
    gumbo_tag_from_original_text(&original);
    std::string name(original.data ? original.data : "", original.length);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return name;
}

std::string concat(std::initializer_list<std::string_view> parts) {
    std::string joined;
    for (std::string_view part : parts) joined += part;
    return joined;
}

std::string collapse_whitespace(std::string_view text) {
    std::string collapsed;
    collapsed.reserve(text.size());
    for (char c : text) {
        if (is_space(c)) {
            if (!collapsed.empty() && collapsed.back() != ' ') collapsed += ' ';
        } else {
            collapsed += c;
        }
    }
    while (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
    return collapsed;
}

}  // namespace gleaner::extract::dom

namespace gleaner::extract::dom {

std::string html_to_text(std::string_view snippet) {
    if (snippet.find_first_of("&<") == std::string_view::npos) return collapse_whitespace(snippet);
    const GumboOptions options = safe_parse_options();
    GumboOutput* parsed = gumbo_parse_with_options(&options, snippet.data(), snippet.size());
    std::string text = text_of(*parsed->root);
    gumbo_destroy_output(&options, parsed);
    return text;
}

}  // namespace gleaner::extract::dom
