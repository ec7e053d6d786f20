// sitemap.cpp — parse_sitemap: the sitemaps.org protocol (0.9, and Google's older 0.84 namespace),
// the Google News extension, text sitemaps (one URL per line) and feeds used as sitemaps.
#include "sources/sitemap.h"

#include <algorithm>
#include <array>

#include "sources/entry_text.h"
#include "sources/feed_formats.h"
#include "sources/gzip.h"
#include "sources/url.h"
#include "sources/xml_document.h"

namespace gleaner::sources {
namespace {

// Sitemap elements appear in these namespaces; many generators also leave the namespace out.
constexpr std::array kSitemapNamespaces = {
    std::string_view{"http://www.sitemaps.org/schemas/sitemap/0.9"},
    std::string_view{"http://www.google.com/schemas/sitemap/0.84"},
    std::string_view{"http://www.google.com/schemas/sitemap/0.9"},
    std::string_view{""},
};
constexpr std::string_view kNewsNamespace = "http://www.google.com/schemas/sitemap-news/0.9";

bool is_sitemap_element(const xmlNode& node, std::string_view local) {
  return node.type == XML_ELEMENT_NODE && xml::local_name(node) == local &&
         std::find(kSitemapNamespaces.begin(), kSitemapNamespaces.end(), xml::namespace_of(node)) !=
             kSitemapNamespaces.end();
}

std::string sitemap_child_text(const xmlNode& parent, std::string_view local) {
  std::string text;
  xml::for_each_child_element(parent, [&](const xmlNode& child) {
    if (text.empty() && is_sitemap_element(child, local)) text = xml::text_of(&child);
  });
  return text;
}

// One <url> of a urlset.
void read_url(const xmlNode& node, std::string_view sitemap_url, SitemapResult& result) {
  auto url = http_link(xml::base_url(node, sitemap_url), sitemap_child_text(node, "loc"));
  if (!url) return;
  Entry entry;
  entry.url = std::move(*url);
  const xmlNode* news = xml::first_child(node, kNewsNamespace, "news");
  std::vector<std::string> dates;
  if (news != nullptr) {
    entry.title = html_to_text(xml::child_text(*news, kNewsNamespace, "title"));
    dates.push_back(xml::child_text(*news, kNewsNamespace, "publication_date"));
  }
  dates.push_back(sitemap_child_text(node, "lastmod"));
  set_published(entry, dates);
  result.urls.push_back(std::move(entry));
}

// One <sitemap> of a sitemap index.
void read_child_sitemap(const xmlNode& node, std::string_view sitemap_url, SitemapResult& result) {
  if (auto url = http_link(xml::base_url(node, sitemap_url), sitemap_child_text(node, "loc"))) {
    result.sitemaps.push_back(std::move(*url));
  }
}

bool is_sitemap_root(const xml::Streamed& streamed, std::string_view local) {
  return streamed.root_name == local &&
         std::find(kSitemapNamespaces.begin(), kSitemapNamespaces.end(), streamed.root_ns) !=
             kSitemapNamespaces.end();
}

// A feed offered as a sitemap: feeds are small, the DOM reader serves. The streamed pass stopped
// at the root, so the errors reported are the full parse's.
void read_feed_as_sitemap(std::string_view document, const std::string& root_name,
                          std::string_view sitemap_url, SitemapResult& result) {
  xml::Parsed parsed = xml::parse_untrusted(document);
  std::optional<FeedResult> feed =
      parsed.doc ? read_xml_feed(*parsed.doc, sitemap_url) : std::nullopt;
  if (!feed) {
    result.error = join_errors(parsed.error, "not a sitemap: root element <" + root_name + ">");
    return;
  }
  result.urls = std::move(feed->entries);
  result.error = join_errors(parsed.error, feed->error);
}

// A text sitemap: one absolute URL per line, nothing else (lines that are no URL are skipped).
void read_text_sitemap(std::string_view text, SitemapResult& result) {
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (auto url = absolute_http_url(line)) {
      Entry entry;
      entry.url = std::move(*url);
      result.urls.push_back(std::move(entry));
    }
  }
}

}  // namespace

SitemapResult parse_sitemap(std::string_view document, std::string_view sitemap_url) {
  SitemapResult result;
  std::string inflated;
  if (looks_gzipped(document)) {
    Inflated unpacked = gunzip(document, kMaxSitemapBytes);
    if (!unpacked.error.empty()) return {.urls = {}, .sitemaps = {}, .error = unpacked.error};
    inflated = std::move(unpacked.bytes);
    document = inflated;
  }
  const std::string_view start = without_bom_and_space(document);
  if (!start.starts_with('<')) {
    read_text_sitemap(start, result);
    if (result.urls.empty()) result.error = "neither XML nor a list of URLs";
    return result;
  }

  // Sitemaps reach 50 MB: streamed, one <url> at a time, instead of built as one tree.
  const xml::Streamed streamed = xml::stream_root_children(document, [&](const xmlNode& child) {
    const xmlNode& root = *child.parent;
    if (is_sitemap_element(root, "urlset")) {
      if (is_sitemap_element(child, "url")) read_url(child, sitemap_url, result);
      return true;
    }
    if (is_sitemap_element(root, "sitemapindex")) {
      if (is_sitemap_element(child, "sitemap")) read_child_sitemap(child, sitemap_url, result);
      return true;
    }
    return false;  // another root: decided below
  });
  if (streamed.root_name.empty())
    return {.urls = {}, .sitemaps = {}, .error = "not XML: " + streamed.error};
  result.error = streamed.error;
  if (!is_sitemap_root(streamed, "urlset") && !is_sitemap_root(streamed, "sitemapindex")) {
    read_feed_as_sitemap(document, streamed.root_name, sitemap_url, result);
  }
  return result;
}

}  // namespace gleaner::sources
