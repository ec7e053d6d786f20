// sitemap.cpp — stream_sitemap and parse_sitemap: the sitemaps.org protocol (0.9, and Google's
// older 0.84 namespace), the Google News extension, text sitemaps (one URL per line) and feeds used
// as sitemaps, gzip or not, read in one streaming pass whatever their length.
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
void read_url(const xmlNode& node, std::string_view sitemap_url, const EntrySink& urls) {
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
  urls(std::move(entry));
}

bool is_sitemap_namespace(std::string_view ns) {
  return std::find(kSitemapNamespaces.begin(), kSitemapNamespaces.end(), ns) != kSitemapNamespaces.end();
}

// The document's bytes, inflated on the way when it is gzip-compressed, with the first ones read
// ahead so the kind of document (XML or a list of URLs) can be told before it is read.
class SitemapBytes {
public:
  explicit SitemapBytes(std::string_view document) : plain_(document) {
    if (looks_gzipped(document)) gunzip_.emplace(document, kMaxSitemapBytes);
    char buffer[4096];
    int got = 0;
    // Whitespace and a byte order mark may come first: read on until something else shows.
    while (without_bom_and_space(head_).empty() && (got = pull(buffer, sizeof buffer)) > 0)
      head_.append(buffer, static_cast<std::size_t>(got));
  }
  const std::string& head() const { return head_; }
  std::string error() const { return gunzip_ ? gunzip_->error() : std::string(); }
  // Everything, head included, as xml::ByteSource wants it.
  int read(char* buffer, int size) {
    if (offset_ < head_.size()) {
      const std::size_t n = std::min(head_.size() - offset_, static_cast<std::size_t>(size));
      std::copy_n(head_.data() + offset_, n, buffer);
      offset_ += n;
      return static_cast<int>(n);
    }
    return pull(buffer, size);
  }

private:
  int pull(char* buffer, int size) {
    if (gunzip_) return gunzip_->read(buffer, size);
    const std::size_t n = std::min(plain_.size(), static_cast<std::size_t>(size));
    std::copy_n(plain_.data(), n, buffer);
    plain_.remove_prefix(n);
    return static_cast<int>(n);
  }

  std::string_view plain_;
  std::optional<GunzipReader> gunzip_;
  std::string head_;
  std::size_t offset_ = 0;
};

// A text sitemap: one absolute URL per line, nothing else (lines that are no URL are skipped). Each
// byte is looked at once, and a line longer than any URL is dropped as it comes, not gathered: a
// gzip body of 64 MiB without a newline once took minutes here (fuzzer finding).
std::size_t read_text_sitemap(SitemapBytes& bytes, const EntrySink& urls) {
  constexpr std::size_t kMaxLine = 16 * 1024;
  std::size_t found = 0;
  std::string line;
  bool too_long = false;
  const auto line_done = [&] {
    if (!too_long) {
      if (auto url = absolute_http_url(line)) {
        Entry entry;
        entry.url = std::move(*url);
        urls(std::move(entry));
        ++found;
      }
    }
    line.clear();
    too_long = false;
  };
  char buffer[64 * 1024];
  int got = 0;
  while ((got = bytes.read(buffer, sizeof buffer)) > 0) {
    std::string_view chunk(buffer, static_cast<std::size_t>(got));
    for (;;) {
      const auto end = chunk.find('\n');
      const auto piece = chunk.substr(0, end);
      if (!too_long && line.size() + piece.size() > kMaxLine) {
        too_long = true;
        line.clear();
      }
      if (!too_long) line.append(piece);
      if (end == std::string_view::npos) break;
      line_done();
      chunk.remove_prefix(end + 1);
    }
  }
  if (!line.empty() || too_long) line_done();
  return found;
}

}  // namespace

SitemapResult stream_sitemap(std::string_view document, std::string_view sitemap_url, const EntrySink& urls,
                             const std::function<void(std::string&& child)>& sitemaps) {
  SitemapBytes bytes(document);
  if (!bytes.error().empty()) return {.urls = {}, .sitemaps = {}, .error = bytes.error()};
  if (!without_bom_and_space(bytes.head()).starts_with('<')) {
    const std::size_t found = read_text_sitemap(bytes, urls);
    if (!bytes.error().empty()) return {.urls = {}, .sitemaps = {}, .error = bytes.error()};
    return {.urls = {}, .sitemaps = {}, .error = found == 0 ? "neither XML nor a list of URLs" : ""};
  }

  enum class Root { none, urlset, index, feed } root = Root::none;
  std::optional<XmlFeedReader> feed;
  const xml::Streamed streamed = xml::stream_elements(
      [&bytes](char* buffer, int size) { return bytes.read(buffer, size); },
      [&](const xml::ElementStart& element) {
        if (element.depth == 0) {
          if (is_sitemap_namespace(element.ns) && element.local_name == "urlset") root = Root::urlset;
          else if (is_sitemap_namespace(element.ns) && element.local_name == "sitemapindex") root = Root::index;
          else if ((feed = XmlFeedReader::for_root(element, sitemap_url, urls))) root = Root::feed;
        }
        switch (root) {
          case Root::feed: return feed->decide(element);
          case Root::none: return xml::Step::stop;
          default: break;
        }
        if (element.depth == 0) return xml::Step::descend;
        const bool wanted = element.depth == 1 && is_sitemap_namespace(element.ns) &&
                            element.local_name == (root == Root::urlset ? "url" : "sitemap");
        return wanted ? xml::Step::expand : xml::Step::skip;
      },
      [&](const xmlNode& element) {
        if (root == Root::feed) return feed->take(element);
        if (root == Root::urlset) {
          read_url(element, sitemap_url, urls);
        } else if (auto url = http_link(xml::base_url(element, sitemap_url), sitemap_child_text(element, "loc"))) {
          sitemaps(std::move(*url));
        }
        return true;
      });
  // A failure to inflate comes first: the XML errors it leads to say less.
  if (!bytes.error().empty()) return {.urls = {}, .sitemaps = {}, .error = bytes.error()};
  if (streamed.root_name.empty()) return {.urls = {}, .sitemaps = {}, .error = "not XML: " + streamed.error};
  if (root == Root::none)
    return {.urls = {},
            .sitemaps = {},
            .error = join_errors(streamed.error, "not a sitemap: root element <" + streamed.root_name + ">")};
  return {.urls = {}, .sitemaps = {}, .error = streamed.error};
}

SitemapResult parse_sitemap(std::string_view document, std::string_view sitemap_url) {
  std::vector<Entry> urls;
  std::vector<std::string> sitemaps;
  SitemapResult result = stream_sitemap(
      document, sitemap_url, [&urls](Entry&& entry) { urls.push_back(std::move(entry)); },
      [&sitemaps](std::string&& child) { sitemaps.push_back(std::move(child)); });
  // What was read before an inflating failure is not trusted: the document is refused whole.
  if (result.error.rfind("gzip: ", 0) == 0) return result;
  result.urls = std::move(urls);
  result.sitemaps = std::move(sitemaps);
  return result;
}

}  // namespace gleaner::sources
