// feed.cpp — parse_feed: picks the format (JSON Feed by its first character, XML formats by their
// root element) and hands the document to its reader.
#include "sources/feed.h"

#include "sources/feed_formats.h"
#include "sources/xml_document.h"

namespace gleaner::sources {
std::string_view without_bom_and_space(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r' ||
                           text.front() == '\n')) {
    text.remove_prefix(1);
  }
  return text;
}

std::optional<FeedResult> read_xml_feed(const xmlDoc& doc, std::string_view feed_url) {
  const xmlNode* root = xml::root_element(doc);
  if (root == nullptr) return std::nullopt;
  // RSS 0.9x/2.0 has no namespace, but a few feeds put one on <rss>: their elements share it.
  if (xml::local_name(*root) == "rss") return read_rss(*root, feed_url, xml::namespace_of(*root));
  if (xml::is_element(*root, ns::kRdf, "RDF")) {
    // RSS 1.0 and its ancestor 0.90 differ only in the namespace of channel and items.
    const bool is_090 = xml::first_child(*root, ns::kRss090, "channel") != nullptr ||
                        xml::first_child(*root, ns::kRss090, "item") != nullptr;
    return read_rss(*root, feed_url, is_090 ? ns::kRss090 : ns::kRss10);
  }
  if (xml::is_element(*root, ns::kAtom, "feed")) return read_atom(*root, feed_url);
  return std::nullopt;
}

FeedResult parse_feed(std::string_view document, std::string_view feed_url) {
  if (without_bom_and_space(document).starts_with('{')) return parse_json_feed(document, feed_url);
  xml::Parsed parsed = xml::parse_untrusted(document);
  if (!parsed.doc) return {.entries = {}, .title = {}, .error = "not XML: " + parsed.error};
  std::optional<FeedResult> feed = read_xml_feed(*parsed.doc, feed_url);
  if (!feed) {
    const std::string root(xml::local_name(*xml::root_element(*parsed.doc)));
    return {.entries = {},
            .title = {},
            .error = join_errors(parsed.error, "not a feed: root element <" + root + ">")};
  }
  feed->error = join_errors(parsed.error, feed->error);
  return std::move(*feed);
}

}  // namespace gleaner::sources
