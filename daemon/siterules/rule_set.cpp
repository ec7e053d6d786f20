#include "siterules/rule_set.h"

#include <curl/curl.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>

#include "siterules/rule_check.h"
#include "siterules/rule_parser.h"

namespace gleaner::siterules {
namespace {

namespace fs = std::filesystem;

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

}  // namespace

RuleSet RuleSet::load(const fs::path& folder) {
    std::error_code error;
    fs::directory_iterator it(folder, error);
    if (error) throw RuleSetError("cannot read the site rules folder " + folder.string() + ": " + error.message());
    std::vector<fs::path> files;
    for (; it != fs::directory_iterator(); it.increment(error)) {
        if (error) throw RuleSetError("cannot read the site rules folder " + folder.string() + ": " + error.message());
        if (it->path().extension() == ".txt" && it->is_regular_file(error)) files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());

    RuleSet set;
    for (const auto& path : files) {
        const std::string name = path.filename().string();
        std::ifstream in(path, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        if (!in && !in.eof()) {
            set.diagnostics_.push_back({RuleDiagnostic::Severity::error, name, 0, "cannot read the file"});
            continue;
        }
        ParsedRule parsed = parse_site_rule(text.str(), name);
        check_expressions(parsed);
        for (auto& d : parsed.diagnostics) set.diagnostics_.push_back(std::move(d));
        set.add(std::move(parsed.rule));
    }
    return set;
}

void RuleSet::add(SiteRule rule) {
    std::string key = lower(rule.name);
    if (key.size() > 4 && key.compare(key.size() - 4, 4, ".txt") == 0) key.resize(key.size() - 4);
    rules_.insert_or_assign(std::move(key), std::move(rule));
}

const SiteRule* RuleSet::find(std::string_view host_in) const {
    std::string host = lower(host_in);
    if (host.rfind("www.", 0) == 0) host.erase(0, 4);
    if (host.empty()) return nullptr;
    if (auto it = rules_.find(host); it != rules_.end()) return &it->second;
    // ".parent.txt" for each parent domain of at least two labels, nearest first.
    for (auto dot = host.find('.'); dot != std::string::npos; dot = host.find('.', dot + 1)) {
        const std::string_view parent(host.c_str() + dot);  // ".example.com"
        if (parent.find('.', 1) == std::string_view::npos) break;
        if (auto it = rules_.find(parent); it != rules_.end()) return &it->second;
    }
    return nullptr;
}

const SiteRule* RuleSet::find_for_url(std::string_view url) const {
    if (rules_.empty()) return nullptr;
    const std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> handle(curl_url(), curl_url_cleanup);
    char* host = nullptr;
    if (!handle || curl_url_set(handle.get(), CURLUPART_URL, std::string(url).c_str(), 0) != CURLUE_OK ||
        curl_url_get(handle.get(), CURLUPART_HOST, &host, 0) != CURLUE_OK)
        return nullptr;
    const SiteRule* rule = find(host);
    curl_free(host);
    return rule;
}

bool RuleSet::has_errors() const {
    return std::any_of(diagnostics_.begin(), diagnostics_.end(),
                       [](const RuleDiagnostic& d) { return d.severity == RuleDiagnostic::Severity::error; });
}

}  // namespace gleaner::siterules
