// xml_document.h — libxml2 parsing of untrusted feed and sitemap bytes, and the tree helpers the
// feed and sitemap readers share. Internal to gleaner_sources.
//
// Safety: no network (XML_PARSE_NONET), no DTD loading, no entity substitution (no XML_PARSE_NOENT,
// so external entities are never read and internal ones stay reference nodes), libxml2's default
// size and depth limits (no XML_PARSE_HUGE). text_of() does not follow entity references, so an
// entity bomb contributes nothing. Recover mode keeps what precedes a break; the first error is
// kept.
#pragma once

#include <libxml/tree.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace gleaner::sources::xml {

struct DocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

struct Parsed {
  DocPtr doc;         // null when nothing could be recovered
  std::string error;  // "line 7: Opening and ending tag mismatch: ..." ("" when well-formed)
};
Parsed parse_untrusted(std::string_view bytes);

// Streams a large document (libxml2's xmlTextReader, same options and safety as parse_untrusted):
// visit(child) is called for each element child of the root, with the child's subtree built and its
// parent (the root) in place; once visited, a child is freed, so memory stays near one child's
// size. visit returns false to stop. root_name/root_ns describe the root element ("" when there is
// none).
struct Streamed {
  std::string root_name;
  std::string root_ns;
  std::string error;
};
Streamed stream_root_children(std::string_view bytes,
                              const std::function<bool(const xmlNode& child)>& visit);

// The root element, or null.
const xmlNode* root_element(const xmlDoc& doc);

// Namespace URI of an element ("" when it has none) and its local name.
std::string_view namespace_of(const xmlNode& node);
std::string_view local_name(const xmlNode& node);

// An element named `local` in namespace `ns` ("" = no namespace).
bool is_element(const xmlNode& node, std::string_view ns, std::string_view local);

// Calls visit(const xmlNode&) for each child element, in order.
template <typename Visit>
void for_each_child_element(const xmlNode& parent, Visit&& visit) {
  for (const xmlNode* child = parent.children; child != nullptr; child = child->next) {
    if (child->type == XML_ELEMENT_NODE) visit(*child);
  }
}

// First child element `ns`:`local`, or null.
const xmlNode* first_child(const xmlNode& parent, std::string_view ns, std::string_view local);

// Concatenated text and CDATA of the element and its descendants; entity references are skipped.
// "" for a null node.
std::string text_of(const xmlNode* node);

// Text of the first child `ns`:`local` ("" when absent).
std::string child_text(const xmlNode& parent, std::string_view ns, std::string_view local);

// The markup inside an element (Atom type="xhtml" content), serialised by libxml2.
std::string inner_xml(const xmlNode& node);

// The value of attribute `ns`:`name` ("" = no namespace; "" when absent). Like text_of, entity
// references in the value are skipped, not expanded (xmlGetProp would expand them).
std::string attribute(const xmlNode& node, std::string_view name, std::string_view ns = "");

// The base URL in effect at `node`: document_url, then each xml:base from the root down to the node
// resolved against the one before (RFC 3986 through resolve_url).
std::string base_url(const xmlNode& node, std::string_view document_url);

}  // namespace gleaner::sources::xml
