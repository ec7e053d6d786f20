// A folder of site rules (one ftr-site-config file per site), loaded once and looked up by host:
//   example.com.txt       www.example.com and example.com
//   .example.com.txt      any subdomain of example.com (news.example.com, a.b.example.com), not
//                         example.com or www.example.com themselves
//   news.example.com.txt  news.example.com only
// The most specific file wins. Files that do not end in ".txt" are not rules. Immutable once loaded:
// a reload builds a new RuleSet and swaps it whole.
#pragma once

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "siterules/site_rule.h"

namespace gleaner::siterules {

class RuleSetError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class RuleSet {
public:
    RuleSet() = default;

    // Reads and checks every rule in `folder` (rule_check.h). Throws RuleSetError when the folder
    // cannot be read; a file that cannot be read or parsed in part is reported in diagnostics().
    static RuleSet load(const std::filesystem::path& folder);

    // The rule for `host` (any case, with or without "www."), or nullptr.
    const SiteRule* find(std::string_view host) const;
    // The rule for the host of an absolute URL, or nullptr (also for a URL without a host).
    const SiteRule* find_for_url(std::string_view url) const;

    std::size_t size() const { return rules_.size(); }
    const std::vector<RuleDiagnostic>& diagnostics() const { return diagnostics_; }
    bool has_errors() const;

    // Adds a parsed rule under its file name (load() uses this; tests build sets with it).
    void add(SiteRule rule);

private:
    std::map<std::string, SiteRule, std::less<>> rules_;  // by file name without ".txt", lower case
    std::vector<RuleDiagnostic> diagnostics_;
};

}  // namespace gleaner::siterules
