// One page under a site rule, made ready for the extractor: decoded, the rule's replacements made,
// parsed by libxml2, its title, authors, date and links read, its strips removed and its body marked
// as the story. Pages of a multi-page article join onto the first one's body before extraction, so
// the article is extracted once, as one story.
#pragma once

#include <libxml/tree.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extract/extractor.h"
#include "siterules/html_document.h"
#include "siterules/site_rule.h"

namespace gleaner::siterules {

class RulePage {
public:
    // Throws extract::ExtractError when `bytes` is over options.max_input_bytes.
    RulePage(std::string_view bytes, const extract::ExtractOptions& options, const SiteRule& rule);

    const SiteRule& rule() const { return *rule_; }
    bool body_found() const { return story_ != nullptr; }
    // Absolute URLs from single_page_link and next_page_link ("" when none).
    const std::string& single_page_url() const { return single_page_url_; }
    const std::string& next_page_url() const { return next_page_url_; }

    // The body's content as HTML ("" without a body), for joining onto the first page.
    std::string body_html() const;
    // Appends another page's body_html() to this page's body (nothing without a body).
    void append_to_body(std::string_view html);

    // The extractor's article for the page as prepared, with the rule's title, authors and date.
    extract::Article extract() const;

private:
    const SiteRule* rule_;
    extract::ExtractOptions options_;
    std::string charset_, charset_source_;
    HtmlDocument doc_;
    xmlNode* story_ = nullptr;  // the marked body, inside doc_
    std::string single_page_url_, next_page_url_;
    std::string title_, date_;
    std::vector<std::string> authors_;
};

}  // namespace gleaner::siterules
