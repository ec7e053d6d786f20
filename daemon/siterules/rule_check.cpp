#include "siterules/rule_check.h"

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <algorithm>
#include <memory>

#include "siterules/quiet_libxml.h"

namespace gleaner::siterules {
namespace {

struct DocFree {
    void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
struct ContextFree {
    void operator()(xmlXPathContext* context) const { xmlXPathFreeContext(context); }
};
struct CompiledFree {
    void operator()(xmlXPathCompExpr* compiled) const { xmlXPathFreeCompExpr(compiled); }
};
struct ObjectFree {
    void operator()(xmlXPathObject* object) const { xmlXPathFreeObject(object); }
};

xmlDoc* empty_page() {
    static constexpr char kPage[] = "<html><head><title></title></head><body><p></p></body></html>";
    return htmlReadMemory(kPage, sizeof kPage - 1, nullptr, "UTF-8",
                          HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
}

void drop_expression(SiteRule& rule, const RuleExpression* bad) {
    for (auto* list : {&rule.title, &rule.body, &rule.author, &rule.date, &rule.strip, &rule.single_page_link,
                       &rule.next_page_link})
        list->erase(std::remove_if(list->begin(), list->end(), [&](const RuleExpression& e) { return &e == bad; }),
                    list->end());
}

}  // namespace

std::optional<std::string> xpath_error(const std::string& expression) {
    const QuietLibxml quiet;
    const std::unique_ptr<xmlDoc, DocFree> doc(empty_page());
    const std::unique_ptr<xmlXPathContext, ContextFree> context(xmlXPathNewContext(doc.get()));
    if (!doc || !context) return std::string("out of memory");
    const std::unique_ptr<xmlXPathCompExpr, CompiledFree> compiled(
        xmlXPathCtxtCompile(context.get(), reinterpret_cast<const xmlChar*>(expression.c_str())));
    if (!compiled) return quiet.first_error().empty() ? std::string("invalid XPath expression") : quiet.first_error();
    const std::unique_ptr<xmlXPathObject, ObjectFree> result(xmlXPathCompiledEval(compiled.get(), context.get()));
    if (!result || !quiet.first_error().empty())
        return quiet.first_error().empty() ? std::string("XPath evaluation failed") : quiet.first_error();
    return std::nullopt;
}

void check_expressions(ParsedRule& parsed) {
    std::vector<const RuleExpression*> bad;
    for (const RuleExpression* e : parsed.rule.expressions())
        if (auto error = xpath_error(e->xpath)) {
            parsed.diagnostics.push_back({RuleDiagnostic::Severity::error, parsed.rule.name, e->line,
                                          "bad XPath \"" + e->xpath + "\": " + *error});
            bad.push_back(e);
        }
    // Removing shifts the vectors' elements: collect first, remove from the back of each list.
    std::reverse(bad.begin(), bad.end());
    for (const RuleExpression* e : bad) drop_expression(parsed.rule, e);
    std::stable_sort(parsed.diagnostics.begin(), parsed.diagnostics.end(),
              [](const RuleDiagnostic& a, const RuleDiagnostic& b) { return a.line < b.line; });
}

}  // namespace gleaner::siterules
