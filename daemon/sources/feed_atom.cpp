// feed_atom.cpp — Atom 1.0 (RFC 4287): <feed><entry> with alternate links resolved against
// xml:base, text constructs (text, html, xhtml), person constructs, published/updated dates.
#include <libxml/entities.h>

#include <optional>
#include <vector>

#include "sources/entry_text.h"
#include "sources/feed_formats.h"
#include "sources/url.h"
#include "sources/xml_document.h"

namespace gleaner::sources {

// A text construct as plain text: type="html" carries escaped HTML, "xhtml" a <div> of markup
// (whose text is what counts), "text" or no type plain text.
std::string atom_text(const xmlNode* node) {
  if (node == nullptr) return {};
  if (xml::attribute(*node, "type") == "html") return html_to_text(xml::text_of(node));
  return collapse_whitespace(xml::text_of(node));
}

namespace {

// The names of the atom:author elements of `parent`, joined.
std::string author_names(const xmlNode* parent) {
  if (parent == nullptr) return {};
  std::vector<std::string> names;
  xml::for_each_child_element(*parent, [&](const xmlNode& child) {
    if (xml::is_element(child, ns::kAtom, "author")) {
      names.push_back(xml::child_text(child, ns::kAtom, "name"));
    }
  });
  return join_names(names);
}

// The entry's page: the first rel="alternate" (or rel-less) link, each href resolved against the
// xml:base in effect on its own element. An id that is an http(s) URL is the fallback.
std::string entry_link(const xmlNode& entry, std::string_view feed_url) {
  std::optional<std::string> found;
  xml::for_each_child_element(entry, [&](const xmlNode& link) {
    if (found || !xml::is_element(link, ns::kAtom, "link")) return;
    const std::string rel = xml::attribute(link, "rel");
    if (rel.empty() || rel == "alternate") {
      found = http_link(xml::base_url(link, feed_url), xml::attribute(link, "href"));
    }
  });
  if (!found) found = absolute_http_url(xml::child_text(entry, ns::kAtom, "id"));
  return found.value_or("");
}

// atom:content as HTML. Out-of-line content (src=...) is not the entry's text.
std::string content_html(const xmlNode& entry) {
  const xmlNode* content = xml::first_child(entry, ns::kAtom, "content");
  if (content == nullptr || !xml::attribute(*content, "src").empty()) return {};
  const std::string type = xml::attribute(*content, "type");
  if (type == "html") return xml::text_of(content);
  if (type == "xhtml") {
    const xmlNode* div = xml::first_child(*content, "http://www.w3.org/1999/xhtml", "div");
    return xml::inner_xml(div != nullptr ? *div : *content);
  }
  if (!type.empty() && type != "text") return {};  // another media type: not HTML
  // Plain text becomes HTML by escaping it; libxml2 knows the rules.
  const std::string text = xml::text_of(content);
  xmlChar* escaped = xmlEncodeSpecialChars(nullptr, reinterpret_cast<const xmlChar*>(text.c_str()));
  if (escaped == nullptr) return {};
  std::string html(reinterpret_cast<const char*>(escaped));
  xmlFree(escaped);
  return html;
}

}  // namespace

std::optional<Entry> read_atom_entry(const xmlNode& node, std::string_view feed_url,
                                     const std::string& feed_authors) {
  Entry entry;
  entry.url = entry_link(node, feed_url);
  if (entry.url.empty()) return std::nullopt;
  entry.title = atom_text(xml::first_child(node, ns::kAtom, "title"));
  // RFC 4287 4.2.1: without its own author an entry takes its source's, then its feed's.
  entry.author = author_names(&node);
  if (entry.author.empty())
    entry.author = author_names(xml::first_child(node, ns::kAtom, "source"));
  if (entry.author.empty()) entry.author = feed_authors;
  set_published(entry, {xml::child_text(node, ns::kAtom, "published"),
                        xml::child_text(node, ns::kAtom, "updated")});
  entry.content_html = content_html(node);
  return entry;
}

}  // namespace gleaner::sources
