#include "siterules/rule_extract.h"

#include "siterules/rule_page.h"

namespace gleaner::siterules {

RuleExtraction extract_with_rule(std::string_view bytes, const extract::ExtractOptions& options, const SiteRule* rule) {
    if (rule == nullptr) return {extract::extract(bytes, options), {}, {}, {}};
    const RulePage page(bytes, options, *rule);
    return {page.extract(), rule->name, page.single_page_url(), page.next_page_url()};
}

}  // namespace gleaner::siterules
