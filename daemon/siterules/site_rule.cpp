#include "siterules/site_rule.h"

namespace gleaner::siterules {

std::vector<const RuleExpression*> SiteRule::expressions() const {
    std::vector<const RuleExpression*> all;
    for (const auto* list : {&title, &body, &author, &date, &strip, &single_page_link, &next_page_link})
        for (const auto& e : *list) all.push_back(&e);
    return all;
}

std::string RuleDiagnostic::to_string() const {
    return file + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " + message;
}

}  // namespace gleaner::siterules
