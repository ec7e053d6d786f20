// html_document.h — a Gumbo parse of an HTML page or fragment, an iterative walk over it (hostile
// pages nest deeply enough to overflow a recursive one), and the page's base URL. Internal.
#pragma once

#include <gumbo.h>

#include <string>
#include <string_view>
#include <vector>

namespace gleaner::sources {

class HtmlDocument {
 public:
  explicit HtmlDocument(std::string_view html_utf8);
  ~HtmlDocument();
  HtmlDocument(const HtmlDocument&) = delete;
  HtmlDocument& operator=(const HtmlDocument&) = delete;

  const GumboNode* root() const { return output_->document; }

 private:
  GumboOutput* output_;
};

enum class WalkStep { kContinue, kSkipChildren };

// Calls visit(const GumboNode&) -> WalkStep on every node in document order.
template <typename Visit>
void for_each_node(const GumboNode* root, Visit&& visit) {
  std::vector<const GumboNode*> pending{root};
  while (!pending.empty()) {
    const GumboNode* node = pending.back();
    pending.pop_back();
    if (visit(*node) == WalkStep::kSkipChildren) continue;
    const GumboVector* children = nullptr;
    if (node->type == GUMBO_NODE_DOCUMENT) children = &node->v.document.children;
    if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) {
      children = &node->v.element.children;
    }
    if (children == nullptr) continue;
    for (unsigned i = children->length; i > 0; --i) {
      pending.push_back(static_cast<const GumboNode*>(children->data[i - 1]));
    }
  }
}

// The value of an element's attribute ("" when absent or when the node is no element).
std::string_view html_attribute(const GumboNode& node, const char* name);

// Where the page's relative links point from: its first <base href> resolved against page_url, else
// page_url itself.
std::string html_base_url(const GumboNode* root, std::string_view page_url);

}  // namespace gleaner::sources
