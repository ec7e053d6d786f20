// discover.cpp — discover_feeds and the list of usual feed paths (data).
#include "sources/discover.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_set>

#include "sources/html_document.h"
#include "sources/url.h"

namespace gleaner::sources {
namespace {

// Media types of feeds announced with rel="alternate". Plain application/json is left out on
// purpose: WordPress announces its REST API with it on every page.
constexpr std::array kFeedMediaTypes = {
    std::string_view{"application/rss+xml"},    std::string_view{"application/atom+xml"},
    std::string_view{"application/rdf+xml"},    std::string_view{"application/feed+json"},
    std::string_view{"application/x.atom+xml"}, std::string_view{"application/x-rss+xml"},
};

std::string lower_trimmed(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

// rel is a set of space-separated, case-insensitive tokens.
bool rel_has_alternate(std::string_view rel) {
  while (!rel.empty()) {
    const std::size_t space = rel.find_first_of(" \t\r\n\f");
    if (lower_trimmed(rel.substr(0, space)) == "alternate") return true;
    rel = space == std::string_view::npos ? std::string_view{} : rel.substr(space + 1);
  }
  return false;
}

// "application/rss+xml; charset=utf-8" names the same type as "application/rss+xml".
bool is_feed_media_type(std::string_view type) {
  const std::string essence = lower_trimmed(type.substr(0, type.find(';')));
  return std::find(kFeedMediaTypes.begin(), kFeedMediaTypes.end(), essence) !=
         kFeedMediaTypes.end();
}

}  // namespace

std::vector<std::string> discover_feeds(std::string_view html_utf8, std::string_view page_url) {
  const HtmlDocument document(html_utf8);
  const std::string base = html_base_url(document.root(), page_url);
  std::vector<std::string> feeds;
  std::unordered_set<std::string> seen;
  for_each_node(document.root(), [&](const GumboNode& node) {
    if (node.type == GUMBO_NODE_ELEMENT && node.v.element.tag == GUMBO_TAG_LINK &&
        rel_has_alternate(html_attribute(node, "rel")) &&
        is_feed_media_type(html_attribute(node, "type"))) {
      const std::string_view href = html_attribute(node, "href");
      const auto resolved = href.empty() ? std::nullopt : resolve_url(base, href);
      auto feed = resolved ? absolute_http_url(*resolved) : std::nullopt;
      if (feed && seen.insert(*feed).second) feeds.push_back(std::move(*feed));
    }
    return WalkStep::kContinue;
  });
  return feeds;
}

const std::vector<std::string>& common_feed_paths() {
  // WordPress, Ghost, Hugo, Jekyll, Blogger, Drupal, Substack and hand-made sites, roughly by
  // how often they answer.
  static const std::vector<std::string> paths = {
      "/feed",          "/rss",          "/rss.xml",    "/atom.xml",
      "/feed.xml",      "/index.xml",    "/feed/",      "/rss/",
      "/index.rss",     "/feed.rss",     "/?feed=rss2", "/feeds/posts/default",
      "/rss/index.xml", "/news/rss.xml", "/atom",       "/feed.json",
  };
  return paths;
}

}  // namespace gleaner::sources
