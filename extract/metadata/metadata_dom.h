// Small read-only helpers over a Gumbo tree for the metadata code: text of a subtree and a pre-order
// walk. All walks use an explicit stack, never recursion, so a page nested 100,000 elements deep
// cannot overflow the call stack.
#pragma once

#include <gumbo.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace gleaner::extract::dom {

// Gumbo options safe on hostile input: max_errors = 0, because Gumbo copies the whole stack of open
// elements into every parse error it records, so a page nested 100,000 elements deep would need
// memory quadratic in the depth (tens of GB). Error records are never used by the extractor.
GumboOptions safe_parse_options();

// Visits every element under and including `root` in document order. The visitor, a callable
// bool(const GumboNode&), returns false to skip that element's descendants.
template <class Visit>
void for_each_element(const GumboNode& root, Visit&& visit) {
    std::vector<const GumboNode*> stack{&root};
    while (!stack.empty()) {
        const GumboNode* node = stack.back();
        stack.pop_back();
        if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) continue;
        if (node->type == GUMBO_NODE_ELEMENT && !visit(*node)) continue;
        const GumboVector& children =
            node->type == GUMBO_NODE_ELEMENT ? node->v.element.children : node->v.document.children;
        for (unsigned i = children.length; i > 0; --i) stack.push_back(static_cast<const GumboNode*>(children.data[i - 1]));
    }
}

// Text of a subtree, whitespace runs collapsed to one space and trimmed; script, style, noscript
// and template contents are left out. Stops once `max_bytes` have been collected.
std::string text_of(const GumboNode& root, std::size_t max_bytes = SIZE_MAX);

// The tag name of an element; for unknown tags ("<amp-img>") the name as written, lower case.
std::string tag_name(const GumboNode& element);

// Concatenation of the parts. (GCC 12 at -O3 raises a false -Wrestrict on `"literal" + std::string`.)
std::string concat(std::initializer_list<std::string_view> parts);

// Collapses whitespace runs to single spaces and trims (for attribute values and titles).
std::string collapse_whitespace(std::string_view text);

}  // namespace gleaner::extract::dom

namespace gleaner::extract::dom {

// Plain text of an HTML snippet: entities decoded, tags dropped, whitespace collapsed. For values
// that arrive HTML-escaped inside JSON ("Rock &amp; Roll", "It&#8217;s"). Parses with Gumbo.
std::string html_to_text(std::string_view snippet);

}  // namespace gleaner::extract::dom
