// entry_text.cpp — see entry_text.h. HTML fragments go through Gumbo, dates through dates.h.
#include "sources/entry_text.h"

#include <gumbo.h>

#include <algorithm>
#include <cctype>

#include "sources/dates.h"
#include "sources/html_document.h"
#include "sources/url.h"

namespace gleaner::sources {

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

std::string html_to_text(std::string_view html) {
  // Plain text needs no parser; most titles are plain.
  if (html.find_first_of("<&") == std::string_view::npos) return collapse_whitespace(html);
  const HtmlDocument document(html);
  std::string text;
  for_each_node(document.root(), [&](const GumboNode& node) {
    if (node.type == GUMBO_NODE_TEXT || node.type == GUMBO_NODE_WHITESPACE ||
        node.type == GUMBO_NODE_CDATA) {
      text += node.v.text.text;
    } else if (node.type == GUMBO_NODE_ELEMENT &&
               (node.v.element.tag == GUMBO_TAG_SCRIPT || node.v.element.tag == GUMBO_TAG_STYLE)) {
      return WalkStep::kSkipChildren;
    }
    return WalkStep::kContinue;
  });
  return collapse_whitespace(text);
}

std::string author_name(std::string_view rss_author) {
  const std::string author = collapse_whitespace(rss_author);
  const std::size_t open = author.find(" (");
  if (open != std::string::npos && author.ends_with(')') && author.find('@') < open) {
    return collapse_whitespace(std::string_view(author).substr(open + 2, author.size() - open - 3));
  }
  return author;
}

std::string join_names(const std::vector<std::string>& names) {
  std::vector<std::string> seen;
  std::string joined;
  for (const std::string& raw : names) {
    const std::string name = collapse_whitespace(raw);
    if (name.empty() || std::find(seen.begin(), seen.end(), name) != seen.end()) continue;
    if (!joined.empty()) joined += ", ";
    joined += name;
    seen.push_back(name);
  }
  return joined;
}

std::optional<std::string> http_link(std::string_view base, std::string_view reference) {
  if (collapse_whitespace(reference).empty()) return std::nullopt;  // "" would resolve to the base
  // Most links in feeds and sitemaps are absolute already: one parse instead of three.
  if (auto absolute = absolute_http_url(reference)) return absolute;
  const auto resolved = resolve_url(base, reference);
  return resolved ? absolute_http_url(*resolved) : std::nullopt;
}

void set_published(Entry& entry, const std::vector<std::string>& candidates) {
  for (const std::string& candidate : candidates) {
    if (const auto when = parse_feed_date(candidate)) {
      entry.published = when;
      entry.published_iso = iso8601_utc(*when);
      return;
    }
  }
}

}  // namespace gleaner::sources
