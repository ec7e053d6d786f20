// Extraction with a site rule: the page's text replacements made, the page parsed by libxml2, the
// rule's title, author, date and links read, its strips removed, its body marked as the story, and
// the result handed to the extractor. Without a body (or where the body is not found and the rule
// allows it) the extractor finds the story itself in what the strips left.
#pragma once

#include <string>
#include <string_view>

#include "extract/extractor.h"
#include "siterules/site_rule.h"

namespace gleaner::siterules {

struct RuleExtraction {
    extract::Article article;
    std::string site_rule;        // the rule file used ("" without one)
    std::string single_page_url;  // absolute URL of the whole article on one page ("" when none)
    std::string next_page_url;    // absolute URL of the article's next page ("" when none)
};

// `rule` may be null (plain extraction). Throws extract::ExtractError as extract::extract does.
RuleExtraction extract_with_rule(std::string_view bytes, const extract::ExtractOptions& options, const SiteRule* rule);

}  // namespace gleaner::siterules
