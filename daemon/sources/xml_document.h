// xml_document.h — libxml2 reading of untrusted feed and sitemap bytes, streaming, and the tree
// helpers the feed and sitemap readers share. Internal to gleaner_sources.
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

// Streaming (libxml2's xmlTextReader with the options above), so a document of any length is read
// in memory near one element's size. For each element start, `decide` says how
// to go on: into its children, build its subtree and hand it to `take` (with its ancestors in place,
// so base_url works; the subtree is freed once taken), go past it, or stop. The bytes come from
// `source` a piece at a time (bytes_of for a document in memory, or an inflating reader).
enum class Step { descend, expand, skip, stop };

struct ElementStart {
  std::string_view local_name;
  std::string_view ns;
  int depth = 0;  // 0: the root
};

// Up to `size` more bytes of the document into `buffer`: how many, 0 at the end, -1 on failure.
using ByteSource = std::function<int(char* buffer, int size)>;
ByteSource bytes_of(std::string_view document);

struct Streamed {
  std::string root_name;  // "" when there is no root element
  std::string root_ns;
  std::string error;      // the first XML error ("line 7: ..."), or "no XML document"
};
Streamed stream_elements(const ByteSource& source, const std::function<Step(const ElementStart&)>& decide,
                         const std::function<bool(const xmlNode&)>& take);

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
