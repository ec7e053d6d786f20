// One site's extraction rule in the Full-Text RSS / ftr-site-config format, as parsed from its file.
// The format's directives, one per line ("directive: value", '#' starts a comment):
//   title, body, author, date            XPath 1.0; the first expression that finds something wins
//                                        (author: every node it finds is one author)
//   strip                                XPath of elements removed before the body is taken
//   strip_id_or_class                    elements whose class or id contains this string are removed
//   strip_image_src                      images whose src contains this string are removed
//   prune                                yes (default): the body is cleaned of boilerplate; no: kept whole
//   single_page_link, next_page_link     XPath of the link to the whole article / to its next page
//   http_header(Name): value             a header sent with requests to the site
//   find_string / replace_string         text replaced in the page before it is parsed (in pairs;
//                                        replace_string(find): replacement is one pair)
//   autodetect_on_failure                yes (default): automatic extraction where the rule finds no body
//   test_url                             a page the rule was written for
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace gleaner::siterules {

// An XPath expression with the line of the rule file it came from.
struct RuleExpression {
    std::string xpath;
    int line = 0;
};

struct SiteRule {
    std::string name;  // the file's name, e.g. "example.com.txt"
    std::vector<RuleExpression> title, body, author, date, strip, single_page_link, next_page_link;
    std::vector<std::string> strip_id_or_class, strip_image_src;
    std::vector<std::pair<std::string, std::string>> http_headers;  // name, value
    std::vector<std::pair<std::string, std::string>> replacements;  // find, replace
    bool prune = true;
    bool autodetect_on_failure = true;
    std::vector<std::string> test_urls;

    // Every XPath expression of the rule, for checking them all.
    std::vector<const RuleExpression*> expressions() const;
};

// A problem found in a rule file, at a line (0: the file as a whole). Errors make the rule unusable
// in part (a bad XPath is skipped); warnings are unknown or unsupported directives, which are ignored.
struct RuleDiagnostic {
    enum class Severity { warning, error };
    Severity severity = Severity::warning;
    std::string file;
    int line = 0;
    std::string message;

    std::string to_string() const;  // "file:line: message" (or "file: message" without a line)
};

}  // namespace gleaner::siterules
