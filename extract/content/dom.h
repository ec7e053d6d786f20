// A flat, pre-order copy of the part of a Gumbo tree the content stages look at (the <body>).
// Every later stage walks this array instead of the Gumbo tree: a subtree is the index range
// [i, subtree_end), a bottom-up pass is a reverse loop, and per-node facts live in parallel vectors
// indexed like the nodes. Elements that never carry story text (script, style, svg, form controls...)
// are left out here once, so no later stage has to skip them again.
#pragma once

#include <gumbo.h>

#include <cstdint>
#include <string_view>
#include <vector>

namespace gleaner::extract {

inline constexpr std::uint32_t kNoNode = 0xffffffffu;

// The attributes of an element that name what it is (class, id, ARIA role, microdata property, inline
// style, hidden flags), read while the Gumbo node is at hand so later stages need not go back to it.
struct NamingAttributes {
    std::string_view class_name, id, role, itemprop, style, aria_hidden;
    bool hidden = false;
};

struct DomNode {
    const GumboNode* source = nullptr;  // the Gumbo node (its attributes are read through it)
    std::uint32_t parent = kNoNode;
    std::uint32_t subtree_end = 0;      // one past the last descendant, in pre-order
    std::uint32_t depth = 0;
    GumboTag tag = GUMBO_TAG_UNKNOWN;   // elements only
    bool is_text = false;
    std::string_view text;              // text nodes only: decoded text, whitespace as in the page
    std::uint32_t naming = 0;           // elements: index in Dom::naming
};

struct Dom {
    std::vector<DomNode> nodes;  // nodes[0] is <body> (or the document's root element)
    std::vector<NamingAttributes> naming;  // per element, see DomNode::naming

    bool empty() const { return nodes.empty(); }
    std::uint32_t size() const { return static_cast<std::uint32_t>(nodes.size()); }
};

// Builds the flat copy of `output`'s <body>. The Gumbo output must outlive the Dom.
Dom build_dom(const GumboOutput& output);

// The value of attribute `name` on an element node, or "" when absent.
std::string_view attribute(const DomNode& node, const char* name);
bool has_attribute(const DomNode& node, const char* name);

}  // namespace gleaner::extract
