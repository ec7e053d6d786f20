// feed_rss.cpp — RSS 0.91/0.92/2.0 (<rss><channel><item>) and RDF-based RSS 1.0 / 0.90
// (<rdf:RDF><channel/><item/>...). One reader serves both: they differ in the namespace of their
// own elements and in where items sit. Extension modules (Dublin Core, content:encoded, FeedBurner,
// atom:link) are read the same way in both.
#include <optional>
#include <vector>

#include "sources/entry_text.h"
#include "sources/feed_formats.h"
#include "sources/url.h"
#include "sources/xml_document.h"

namespace gleaner::sources {
namespace {

// atom:link elements pointing at the item's page (rel="alternate" or no rel).
std::optional<std::string> atom_alternate_link(const xmlNode& parent, std::string_view feed_url) {
  std::optional<std::string> found;
  xml::for_each_child_element(parent, [&](const xmlNode& link) {
    if (found || !xml::is_element(link, ns::kAtom, "link")) return;
    const std::string rel = xml::attribute(link, "rel");
    if (rel.empty() || rel == "alternate") {
      found = http_link(xml::base_url(link, feed_url), xml::attribute(link, "href"));
    }
  });
  return found;
}

// Where an item points, best source first. "" when nothing usable.
std::string item_link(const xmlNode& item, std::string_view item_ns, std::string_view feed_url) {
  const std::string base = xml::base_url(item, feed_url);
  // FeedBurner rewrites <link> to its redirector and keeps the publisher's URL in origLink.
  if (auto url = http_link(base, xml::child_text(item, ns::kFeedburner, "origLink"))) return *url;
  if (auto url = http_link(base, xml::child_text(item, item_ns, "link"))) return *url;
  if (auto url = atom_alternate_link(item, feed_url)) return *url;
  // A guid is a permalink unless isPermaLink="false", but many are opaque ids that would resolve
  // into nonsense: only an absolute http(s) URL counts. The same for RDF's about.
  if (const xmlNode* guid = xml::first_child(item, item_ns, "guid");
      guid != nullptr && xml::attribute(*guid, "isPermaLink") != "false") {
    if (auto url = absolute_http_url(xml::text_of(guid))) return *url;
  }
  if (auto url = absolute_http_url(xml::attribute(item, "about", ns::kRdf))) return *url;
  return {};
}

std::string item_author(const xmlNode& item, std::string_view item_ns) {
  std::vector<std::string> creators, authors;
  xml::for_each_child_element(item, [&](const xmlNode& child) {
    if (xml::is_element(child, ns::kDublinCore, "creator")) {
      creators.push_back(html_to_text(xml::text_of(&child)));
    } else if (xml::is_element(child, item_ns, "author")) {
      authors.push_back(author_name(xml::text_of(&child)));
    }
  });
  // dc:creator holds a name; <author> often only an e-mail address.
  return join_names(creators.empty() ? authors : creators);
}

}  // namespace

std::optional<Entry> read_rss_item(const xmlNode& item, std::string_view item_ns, std::string_view feed_url) {
  Entry entry;
  entry.url = item_link(item, item_ns, feed_url);
  if (entry.url.empty()) return std::nullopt;
  entry.title = html_to_text(xml::child_text(item, item_ns, "title"));
  entry.author = item_author(item, item_ns);
  set_published(
      entry,
      {xml::child_text(item, item_ns, "pubDate"), xml::child_text(item, ns::kDublinCore, "date"),
       xml::child_text(item, ns::kAtom, "published"), xml::child_text(item, ns::kAtom, "updated")});
  entry.content_html = xml::child_text(item, ns::kContent, "encoded");
  return entry;
}

}  // namespace gleaner::sources
