// xml_document.cpp — see xml_document.h.
#include "sources/xml_document.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include <algorithm>
#include <mutex>
#include <vector>

#include "sources/url.h"

namespace gleaner::sources::xml {
namespace {

constexpr int kParseOptions = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOCDATA |
                              XML_PARSE_NOWARNING | XML_PARSE_NOERROR;

constexpr std::string_view kXmlNamespace = "http://www.w3.org/XML/1998/namespace";

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

void initialise_libxml2() {
  // libxml2 wants its globals set up once, before threads use it.
  static std::once_flag initialised;
  std::call_once(initialised, [] { xmlInitParser(); });
}

}  // namespace

ByteSource bytes_of(std::string_view document) {
  return [document](char* buffer, int size) mutable {
    const std::size_t n = std::min(document.size(), static_cast<std::size_t>(std::max(size, 0)));
    std::copy_n(document.data(), n, buffer);
    document.remove_prefix(n);
    return static_cast<int>(n);
  };
}

namespace {

// The push parser builds the tree as bytes arrive; what it has finished (everything but the open
// elements on the path to ctxt->node) is decided on, handed over and freed here, a chunk at a time.
// Recover mode works as in a whole-document parse (xmlTextReader stops at the first error instead).
class ElementStream {
public:
  ElementStream(xmlParserCtxt& context, const std::function<Step(const ElementStart&)>& decide,
                const std::function<bool(const xmlNode&)>& take)
      : context_(context), decide_(decide), take_(take) {}

  // Goes through what the parser has built so far (all of it once `finished`). False: stop.
  bool drain(bool finished) {
    xmlNode* root = context_.myDoc != nullptr ? xmlDocGetRootElement(context_.myDoc) : nullptr;
    if (root == nullptr || stopped_) return !stopped_;
    if (root->_private == nullptr) {
      const Step step = decide(*root, 0);
      if (step != Step::descend) {  // a root is read into or not at all
        stopped_ = true;
        return false;
      }
    }
    walk(*root, 1, finished);
    return !stopped_;
  }

private:
  // Marks an element decided to be read into (its children are decided on one by one).
  static constexpr char kDescended = 'd';
  // Marks an open element whose answer waits until it is complete.
  static constexpr char kPending = 'p';

  Step decide(xmlNode& element, int depth) {
    const Step step = decide_({local_name(element), namespace_of(element), depth});
    if (step == Step::descend) element._private = const_cast<char*>(&kDescended);
    if (step == Step::stop) stopped_ = true;
    return step;
  }

  bool open(const xmlNode& node) const {
    for (const xmlNode* current = context_.node; current != nullptr; current = current->parent)
      if (current == &node) return true;
    return false;
  }

  void walk(xmlNode& parent, int depth, bool finished) {
    xmlNode* child = parent.children;
    while (child != nullptr && !stopped_) {
      xmlNode* next = child->next;
      const bool complete = finished || !open(*child);
      if (child->type != XML_ELEMENT_NODE) {
        // Text between elements: freed unless the parser may still be appending to it.
        if (complete && next != nullptr) release(*child);
      } else if (child->_private == &kDescended) {
        walk(*child, depth + 1, finished);
        if (complete && !stopped_) release(*child);
      } else if (!complete) {
        // Still being built: decided on once whole, unless it is to be read into.
        if (decide_before_complete(*child, depth)) walk(*child, depth + 1, finished);
        return;
      } else {
        const Step step = decide(*child, depth);
        if (step == Step::descend) {
          walk(*child, depth + 1, finished);
        } else if (step == Step::expand && !take_(*child)) {
          stopped_ = true;
        }
        if (!stopped_) release(*child);
      }
      child = next;
    }
  }

  // An open element: only "descend" can be acted on before it is complete; any other answer waits.
  bool decide_before_complete(xmlNode& element, int depth) {
    if (element._private == &kPending) return false;
    const Step step = decide_({local_name(element), namespace_of(element), depth});
    if (step == Step::stop) stopped_ = true;
    if (step == Step::descend) {
      element._private = const_cast<char*>(&kDescended);
      return true;
    }
    element._private = const_cast<char*>(&kPending);  // asked again once it is complete
    return false;
  }

  static void release(xmlNode& node) {
    xmlUnlinkNode(&node);
    xmlFreeNode(&node);
  }

  xmlParserCtxt& context_;
  const std::function<Step(const ElementStart&)>& decide_;
  const std::function<bool(const xmlNode&)>& take_;
  bool stopped_ = false;
};

struct ParserCtxtFree {
  void operator()(xmlParserCtxt* context) const {
    if (context->myDoc != nullptr) xmlFreeDoc(context->myDoc);
    xmlFreeParserCtxt(context);
  }
};

void record_parser_error(void* user_data, xmlErrorPtr error) {
  auto* context = static_cast<xmlParserCtxt*>(user_data);
  if (context != nullptr && context->_private != nullptr) add_error(*static_cast<ErrorLog*>(context->_private), error);
}

}  // namespace

Streamed stream_elements(const ByteSource& source, const std::function<Step(const ElementStart&)>& decide,
                         const std::function<bool(const xmlNode&)>& take) {
  initialise_libxml2();
  std::unique_ptr<xmlParserCtxt, ParserCtxtFree> context(xmlCreatePushParserCtxt(nullptr, nullptr, nullptr, 0, nullptr));
  if (!context) return {{}, {}, "out of memory"};
  xmlCtxtUseOptions(context.get(), kParseOptions);
  ErrorLog log;
  // A structured handler on this context only: errors go to `log`, never to stderr.
  context->sax->serror = record_parser_error;
  context->_private = &log;
  ElementStream stream(*context, decide, take);
  Streamed result;
  char buffer[64 * 1024];
  bool going = true;
  while (going) {
    const int got = source(buffer, static_cast<int>(sizeof buffer));
    const bool last = got <= 0;
    xmlParseChunk(context.get(), buffer, std::max(got, 0), last ? 1 : 0);
    if (result.root_name.empty() && context->myDoc != nullptr) {
      if (const xmlNode* root = xmlDocGetRootElement(context->myDoc)) {
        result.root_name = local_name(*root);
        result.root_ns = namespace_of(*root);
      }
    }
    going = stream.drain(last) && !last;
  }
  result.error = describe(log);
  if (result.root_name.empty() && result.error.empty()) result.error = "no XML document";
  return result;
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
