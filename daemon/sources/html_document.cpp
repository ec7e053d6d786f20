// html_document.cpp — see html_document.h.
#include "sources/html_document.h"

#include <optional>

#include "sources/url.h"

namespace gleaner::sources {

HtmlDocument::HtmlDocument(std::string_view html_utf8) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // parse errors are not needed; recording them costs time and memory
  output_ = gumbo_parse_with_options(&options, html_utf8.data(), html_utf8.size());
}

HtmlDocument::~HtmlDocument() { gumbo_destroy_output(&kGumboDefaultOptions, output_); }

std::string_view html_attribute(const GumboNode& node, const char* name) {
  if (node.type != GUMBO_NODE_ELEMENT && node.type != GUMBO_NODE_TEMPLATE) return {};
  const GumboAttribute* attribute = gumbo_get_attribute(&node.v.element.attributes, name);
  return attribute != nullptr ? std::string_view(attribute->value) : std::string_view{};
}

std::string html_base_url(const GumboNode* root, std::string_view page_url) {
  std::optional<std::string> base;
  for_each_node(root, [&](const GumboNode& node) {
    if (!base && node.type == GUMBO_NODE_ELEMENT && node.v.element.tag == GUMBO_TAG_BASE) {
      const GumboAttribute* href = gumbo_get_attribute(&node.v.element.attributes, "href");
      if (href != nullptr) base = resolve_url(page_url, href->value);
    }
    return base ? WalkStep::kSkipChildren : WalkStep::kContinue;
  });
  return base ? *base : std::string(page_url);
}

}  // namespace gleaner::sources
