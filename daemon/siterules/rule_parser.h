// Reads a rule file of the ftr-site-config format (site_rule.h) into a SiteRule, reporting what it
// cannot use instead of failing: a line that is not a directive, an unknown directive, a directive
// of the format that Gleaner does not implement, a yes/no value that is neither. XPath expressions
// are only collected here; rule_check.h compiles them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "siterules/site_rule.h"

namespace gleaner::siterules {

struct ParsedRule {
    SiteRule rule;
    std::vector<RuleDiagnostic> diagnostics;
};

// `name` is the file's name (diagnostics and SiteRule::name carry it).
ParsedRule parse_site_rule(std::string_view text, const std::string& name);

}  // namespace gleaner::siterules
