// Extraction of one saved page with a site rule (rule_page.h), as `gleaner extract --site-rules` does
// it: where the rule has no body, or its body is not on the page and the rule allows it, the
// extractor finds the story itself in what the strips left.
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
