// Checks a parsed rule's XPath expressions with libxml2: each is compiled and evaluated once against
// an empty page (which finds functions XPath 1.0 does not have). A bad expression is reported as an
// error at its line and removed from the rule, so the rest of the rule still works.
#pragma once

#include <optional>
#include <string>

#include "siterules/rule_parser.h"

namespace gleaner::siterules {

// libxml2's message for an expression it cannot compile or evaluate, or nullopt when it is fine.
std::optional<std::string> xpath_error(const std::string& expression);

void check_expressions(ParsedRule& parsed);

}  // namespace gleaner::siterules
