// feed.cpp — parse_feed and stream_feed: pick the format (JSON Feed by its first character, XML
// formats by their root element) and read the document streaming, each entry handed on as it is
// read; XmlFeedReader says which elements of RSS, RDF and Atom matter.
#include "sources/feed.h"

#include "sources/entry_text.h"
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

std::optional<XmlFeedReader> XmlFeedReader::for_root(const xml::ElementStart& root, std::string_view feed_url,
                                                     const EntrySink& sink) {
  // RSS 0.9x/2.0 has no namespace, but a few feeds put one on <rss>: their elements share it.
  if (root.local_name == "rss") return XmlFeedReader(Format::rss, root.ns, feed_url, sink);
  // RSS 1.0 and its ancestor 0.90 differ only in the namespace of channel and items.
  if (root.local_name == "RDF" && root.ns == ns::kRdf) return XmlFeedReader(Format::rdf, "", feed_url, sink);
  if (root.local_name == "feed" && root.ns == ns::kAtom) return XmlFeedReader(Format::atom, ns::kAtom, feed_url, sink);
  return std::nullopt;
}

xml::Step XmlFeedReader::decide(const xml::ElementStart& e) {
  using xml::Step;
  if (e.depth == 0) return Step::descend;
  switch (format_) {
    case Format::rss:
      // Items live inside the channel; some feeds put them beside it too.
      if (e.ns != item_ns_) return Step::skip;
      if (e.depth == 1 && e.local_name == "channel") return Step::descend;
      if (e.local_name == "item") return Step::expand;
      return e.depth == 2 && e.local_name == "title" && title_.empty() ? Step::expand : Step::skip;
    case Format::rdf:
      // Channel and items side by side, in the namespace of RSS 1.0 or of 0.90.
      if (e.ns != ns::kRss10 && e.ns != ns::kRss090) return Step::skip;
      if (e.depth == 1 && e.local_name == "channel") {
        item_ns_ = e.ns;
        return Step::descend;
      }
      if (e.depth == 1 && e.local_name == "item") return Step::expand;
      return e.depth == 2 && e.local_name == "title" && title_.empty() ? Step::expand : Step::skip;
    case Format::atom:
      if (e.depth != 1 || e.ns != ns::kAtom) return Step::skip;
      if (e.local_name == "entry" || e.local_name == "author") return Step::expand;
      return e.local_name == "title" && title_.empty() ? Step::expand : Step::skip;
  }
  return Step::skip;
}

bool XmlFeedReader::take(const xmlNode& element) {
  const std::string_view name = xml::local_name(element);
  std::optional<Entry> entry;
  if (name == "title") {
    title_ = format_ == Format::atom ? atom_text(&element) : html_to_text(xml::text_of(&element));
  } else if (name == "author") {
    // RFC 4287 4.2.1: the feed's authors stand for entries without their own (those that follow).
    feed_authors_.push_back(xml::child_text(element, ns::kAtom, "name"));
  } else if (name == "entry") {
    entry = read_atom_entry(element, feed_url_, join_names(feed_authors_));
  } else {
    entry = read_rss_item(element, xml::namespace_of(element), feed_url_);
  }
  if (entry) (*sink_)(std::move(*entry));
  return true;
}

FeedResult stream_feed(std::string_view document, std::string_view feed_url, const EntrySink& sink) {
  if (without_bom_and_space(document).starts_with('{')) return stream_json_feed(document, feed_url, sink);
  std::optional<XmlFeedReader> reader;
  const xml::Streamed streamed = xml::stream_elements(
      xml::bytes_of(document),
      [&](const xml::ElementStart& element) {
        if (element.depth == 0) reader = XmlFeedReader::for_root(element, feed_url, sink);
        return reader ? reader->decide(element) : xml::Step::stop;
      },
      [&](const xmlNode& element) { return reader->take(element); });
  if (streamed.root_name.empty()) return {.entries = {}, .title = {}, .error = "not XML: " + streamed.error};
  if (!reader)
    return {.entries = {},
            .title = {},
            .error = join_errors(streamed.error, "not a feed: root element <" + streamed.root_name + ">")};
  return {.entries = {}, .title = reader->title(), .error = streamed.error};
}

FeedResult parse_feed(std::string_view document, std::string_view feed_url) {
  std::vector<Entry> entries;
  FeedResult feed = stream_feed(document, feed_url, [&entries](Entry&& entry) { entries.push_back(std::move(entry)); });
  feed.entries = std::move(entries);
  return feed;
}

}  // namespace gleaner::sources
