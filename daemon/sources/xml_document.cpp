// xml_document.cpp — see xml_document.h.
#include "sources/xml_document.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include <algorithm>
#include <climits>
#include <mutex>
#include <vector>

#include "sources/url.h"

namespace gleaner::sources::xml {
namespace {

constexpr int kParseOptions = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOCDATA |
                              XML_PARSE_NOWARNING | XML_PARSE_NOERROR;

constexpr std::string_view kXmlNamespace = "http://www.w3.org/XML/1998/namespace";

struct ParserCtxtFree {
  void operator()(xmlParserCtxt* context) const { xmlFreeParserCtxt(context); }
};

// Collects the first error of one parse. Reached through the context's _private field, which
// libxml2 leaves to its user, so concurrent parses in other threads never mix their errors.
struct ErrorLog {
  std::string first;
  int count = 0;
};

void add_error(ErrorLog& log, const xmlError* error) {
  if (error == nullptr || error->level < XML_ERR_ERROR) return;
  if (log.count++ == 0) {
    std::string message = error->message != nullptr ? error->message : "unknown XML error";
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
      message.pop_back();
    log.first = "line " + std::to_string(error->line) + ": " + message;
  }
}

std::string describe(const ErrorLog& log) {
  if (log.count <= 1) return log.first;
  return log.first + " (and " + std::to_string(log.count - 1) + " more errors)";
}

void record_parser_error(void* user_data, xmlErrorPtr error) {
  auto* context = static_cast<xmlParserCtxt*>(user_data);
  if (context != nullptr && context->_private != nullptr) {
    add_error(*static_cast<ErrorLog*>(context->_private), error);
  }
}

void record_reader_error(void* log, xmlErrorPtr error) {
  add_error(*static_cast<ErrorLog*>(log), error);
}

void initialise_libxml2() {
  // libxml2 wants its globals set up once, before threads use it.
  static std::once_flag initialised;
  std::call_once(initialised, [] { xmlInitParser(); });
}

std::string_view as_view(const xmlChar* value) {
  return value != nullptr ? std::string_view(reinterpret_cast<const char*>(value))
                          : std::string_view{};
}

}  // namespace

Parsed parse_untrusted(std::string_view bytes) {
  initialise_libxml2();
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) return {nullptr, "document too large"};
  std::unique_ptr<xmlParserCtxt, ParserCtxtFree> context(xmlNewParserCtxt());
  if (!context) return {nullptr, "out of memory"};
  ErrorLog log;
  // A structured handler on this context only: errors go to `log`, never to stderr.
  context->sax->serror = record_parser_error;
  context->_private = &log;
  DocPtr doc(xmlCtxtReadMemory(context.get(), bytes.data(), static_cast<int>(bytes.size()), nullptr,
                               nullptr, kParseOptions));
  const std::string error = describe(log);
  if (!doc || xmlDocGetRootElement(doc.get()) == nullptr) {
    return {nullptr, error.empty() ? "no XML document" : error};
  }
  return {std::move(doc), error};
}

Streamed stream_root_children(std::string_view bytes,
                              const std::function<bool(const xmlNode& child)>& visit) {
  initialise_libxml2();
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) return {{}, {}, "document too large"};
  std::unique_ptr<xmlTextReader, decltype(&xmlFreeTextReader)> reader(
      xmlReaderForMemory(bytes.data(), static_cast<int>(bytes.size()), nullptr, nullptr,
                         kParseOptions),
      xmlFreeTextReader);
  if (!reader) return {{}, {}, "out of memory"};
  ErrorLog log;
  xmlTextReaderSetStructuredErrorHandler(reader.get(), record_reader_error, &log);
  Streamed result;
  int status = xmlTextReaderRead(reader.get());
  while (status == 1) {
    const int depth = xmlTextReaderDepth(reader.get());
    const bool is_element = xmlTextReaderNodeType(reader.get()) == XML_READER_TYPE_ELEMENT;
    if (is_element && depth == 0) {
      result.root_name = as_view(xmlTextReaderConstLocalName(reader.get()));
      result.root_ns = as_view(xmlTextReaderConstNamespaceUri(reader.get()));
    }
    if (is_element && depth == 1) {
      const xmlNode* child = xmlTextReaderExpand(reader.get());
      if (child == nullptr) break;
      if (!visit(*child)) break;
      status = xmlTextReaderNext(reader.get());  // past the subtree, which the reader then frees
    } else {
      status = xmlTextReaderRead(reader.get());
    }
  }
  result.error = describe(log);
  if (result.root_name.empty() && result.error.empty()) result.error = "no XML document";
  return result;
}

const xmlNode* root_element(const xmlDoc& doc) {
  return xmlDocGetRootElement(const_cast<xmlDoc*>(&doc));
}

std::string_view namespace_of(const xmlNode& node) {
  return node.ns != nullptr && node.ns->href != nullptr
             ? std::string_view(reinterpret_cast<const char*>(node.ns->href))
             : std::string_view{};
}

std::string_view local_name(const xmlNode& node) {
  return node.name != nullptr ? std::string_view(reinterpret_cast<const char*>(node.name))
                              : std::string_view{};
}

bool is_element(const xmlNode& node, std::string_view ns, std::string_view local) {
  return node.type == XML_ELEMENT_NODE && local_name(node) == local && namespace_of(node) == ns;
}

const xmlNode* first_child(const xmlNode& parent, std::string_view ns, std::string_view local) {
  for (const xmlNode* child = parent.children; child != nullptr; child = child->next) {
    if (is_element(*child, ns, local)) return child;
  }
  return nullptr;
}

std::string text_of(const xmlNode* node) {
  std::string text;
  if (node == nullptr) return text;
  // Iterative: libxml2 caps depth, but nothing here needs to rely on that.
  std::vector<const xmlNode*> pending;
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    pending.push_back(child);
  }
  std::reverse(pending.begin(), pending.end());
  while (!pending.empty()) {
    const xmlNode* current = pending.back();
    pending.pop_back();
    if ((current->type == XML_TEXT_NODE || current->type == XML_CDATA_SECTION_NODE) &&
        current->content != nullptr) {
      text += reinterpret_cast<const char*>(current->content);
    } else if (current->type == XML_ELEMENT_NODE) {
      const std::size_t first = pending.size();
      for (const xmlNode* child = current->children; child != nullptr; child = child->next) {
        pending.push_back(child);
      }
      std::reverse(pending.begin() + static_cast<std::ptrdiff_t>(first), pending.end());
    }
    // XML_ENTITY_REF_NODE and everything else: skipped, never expanded.
  }
  return text;
}

std::string child_text(const xmlNode& parent, std::string_view ns, std::string_view local) {
  return text_of(first_child(parent, ns, local));
}

std::string inner_xml(const xmlNode& node) {
  std::unique_ptr<xmlBuffer, decltype(&xmlBufferFree)> buffer(xmlBufferCreate(), xmlBufferFree);
  if (!buffer) return {};
  for (xmlNode* child = node.children; child != nullptr; child = child->next) {
    xmlNodeDump(buffer.get(), node.doc, child, 0, 0);
  }
  return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer.get())),
                     static_cast<std::size_t>(xmlBufferLength(buffer.get())));
}

std::string attribute(const xmlNode& node, std::string_view name, std::string_view ns) {
  for (const xmlAttr* attr = node.properties; attr != nullptr; attr = attr->next) {
    const std::string_view attr_name(reinterpret_cast<const char*>(attr->name));
    const std::string_view attr_ns =
        attr->ns != nullptr ? reinterpret_cast<const char*>(attr->ns->href) : "";
    // An xmlAttr begins like an xmlNode (libxml2 relies on this too): its children are the value.
    if (attr_name == name && attr_ns == ns) return text_of(reinterpret_cast<const xmlNode*>(attr));
  }
  return {};
}

std::string base_url(const xmlNode& node, std::string_view document_url) {
  std::vector<std::string> bases;  // innermost first
  for (const xmlNode* current = &node; current != nullptr && current->type == XML_ELEMENT_NODE;
       current = current->parent) {
    std::string value = attribute(*current, "base", kXmlNamespace);
    if (!value.empty()) bases.push_back(std::move(value));
  }
  std::string base(document_url);
  for (auto it = bases.rbegin(); it != bases.rend(); ++it) {
    if (auto resolved = resolve_url(base, *it)) base = std::move(*resolved);
  }
  return base;
}

}  // namespace gleaner::sources::xml
