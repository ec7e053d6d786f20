// section.cpp — section_links: Gumbo finds the anchors, url.h resolves and checks them, RE2
// filters.
#include "sources/section.h"

#include <re2/re2.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <unordered_set>

#include "sources/html_document.h"
#include "sources/url.h"

namespace gleaner::sources {
namespace {

RE2::Options quiet_options() {
  RE2::Options options;
  options.set_log_errors(false);  // errors are reported to the caller, not printed
  return options;
}

class PatternSet {
 public:
  explicit PatternSet(const std::vector<std::string>& patterns) {
    for (const std::string& pattern : patterns) {
      auto compiled = std::make_unique<RE2>(pattern, quiet_options());
      if (!compiled->ok()) {
        throw std::invalid_argument("invalid link pattern \"" + pattern +
                                    "\": " + compiled->error());
      }
      compiled_.push_back(std::move(compiled));
    }
  }
  bool empty() const { return compiled_.empty(); }
  bool any_matches(const std::string& url) const {
    return std::any_of(compiled_.begin(), compiled_.end(),
                       [&](const auto& pattern) { return RE2::PartialMatch(url, *pattern); });
  }

 private:
  std::vector<std::unique_ptr<RE2>> compiled_;
};

}  // namespace

std::optional<std::string> pattern_error(std::string_view pattern) {
  const RE2 compiled(re2::StringPiece(pattern.data(), pattern.size()), quiet_options());
  return compiled.ok() ? std::nullopt : std::optional<std::string>(compiled.error());
}

std::vector<std::string> section_links(std::string_view html_utf8, std::string_view page_url,
                                       const std::vector<std::string>& include,
                                       const std::vector<std::string>& exclude) {
  const PatternSet included(include);
  const PatternSet excluded(exclude);
  const HtmlDocument document(html_utf8);
  const std::string base = html_base_url(document.root(), page_url);

  std::vector<std::string> links;
  std::unordered_set<std::string> seen;
  for_each_node(document.root(), [&](const GumboNode& node) {
    if (node.type != GUMBO_NODE_ELEMENT || node.v.element.tag != GUMBO_TAG_A) {
      return WalkStep::kContinue;
    }
    const std::string_view href = html_attribute(node, "href");
    if (href.empty()) return WalkStep::kContinue;
    const auto resolved = resolve_url(base, href);
    auto link = resolved ? without_fragment(*resolved) : std::nullopt;
    // Links repeat a lot on front pages: the set answers before the public suffix list is asked.
    if (!link || !seen.insert(*link).second) return WalkStep::kContinue;
    if (!absolute_http_url(*link) || !same_site(*link, page_url)) return WalkStep::kContinue;
    if ((included.empty() || included.any_matches(*link)) && !excluded.any_matches(*link)) {
      links.push_back(std::move(*link));
    }
    return WalkStep::kContinue;
  });
  return links;
}

}  // namespace gleaner::sources
