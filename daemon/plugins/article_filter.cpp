#include "plugins/article_filter.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <strings.h>
#include <stdexcept>

namespace gleaner::plugins {
namespace {

std::unique_ptr<re2::RE2> compile(const std::string& pattern, const std::string& what) {
    re2::RE2::Options options;
    options.set_log_errors(false);
    auto re = std::make_unique<re2::RE2>(pattern, options);
    if (!re->ok()) throw std::invalid_argument("invalid " + what + " \"" + pattern + "\": " + re->error());
    return re;
}

// One case-insensitive regex matching any of the words on word boundaries.
std::unique_ptr<re2::RE2> keyword_regex(const std::vector<std::string>& words) {
    if (words.empty()) return nullptr;
    std::string pattern = "(?i)\\b(";
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i) pattern += '|';
        pattern += re2::RE2::QuoteMeta(words[i]);
    }
    pattern += ")\\b";
    return compile(pattern, "keyword list");
}

bool contains(const std::vector<std::string>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

// "en" in the filter accepts "en", "en-US" and "en-GB"; "en-US" accepts only "en-US".
bool language_matches(const std::vector<std::string>& wanted, std::string_view language) {
    for (const auto& w : wanted) {
        if (w.size() > language.size()) continue;
        if (strncasecmp(w.data(), language.data(), w.size()) == 0 &&
            (w.size() == language.size() || language[w.size()] == '-' || language[w.size()] == '_'))
            return true;
    }
    return false;
}

// Adds every match of `re` in `text` to `terms` (lower-cased for keywords), without repeats.
void collect(const re2::RE2& re, std::string_view text, bool lower, std::vector<std::string>& terms) {
    re2::StringPiece input(text.data(), text.size());
    while (!input.empty()) {
        re2::StringPiece whole;
        if (!re.Match(input, 0, input.size(), re2::RE2::UNANCHORED, &whole, 1)) break;
        std::string term(whole.data(), whole.size());
        if (lower) std::transform(term.begin(), term.end(), term.begin(), [](unsigned char c) { return std::tolower(c); });
        if (!term.empty() && !contains(terms, term)) terms.push_back(term);
        const auto advance = static_cast<std::size_t>(whole.data() - input.data()) + std::max<std::size_t>(whole.size(), 1);
        if (advance >= input.size()) break;
        input.remove_prefix(advance);
    }
}

bool matches(const re2::RE2& re, std::string_view text) {
    return re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), re);
}

}  // namespace

ArticleFilter::ArticleFilter(const config::PluginFilterConfig& config)
    : config_(config),
      keywords_(keyword_regex(config.keywords)),
      exclude_keywords_(keyword_regex(config.exclude_keywords)) {
    for (const auto& p : config.patterns) patterns_.push_back(compile(p, "pattern"));
    for (const auto& p : config.exclude_patterns) exclude_patterns_.push_back(compile(p, "exclude pattern"));
}

ArticleFilter::~ArticleFilter() = default;
ArticleFilter::ArticleFilter(ArticleFilter&&) noexcept = default;

std::optional<std::string> ArticleFilter::accept(const FilterInput& a) const {
    if (!config_.sources.empty() && !contains(config_.sources, a.source)) return std::nullopt;
    if (!config_.languages.empty() && !language_matches(config_.languages, a.language)) return std::nullopt;
    if (config_.min_words > 0 && a.word_count < static_cast<std::size_t>(config_.min_words)) return std::nullopt;
    if (a.copy && config_.duplicates == "drop") return std::nullopt;
    for (std::string_view field : {a.title, a.text}) {
        if (exclude_keywords_ && matches(*exclude_keywords_, field)) return std::nullopt;
        for (const auto& re : exclude_patterns_)
            if (matches(*re, field)) return std::nullopt;
    }
    if (!keywords_ && patterns_.empty()) return std::string();
    std::vector<std::string> terms;
    for (std::string_view field : {a.title, a.text}) {
        if (keywords_) collect(*keywords_, field, true, terms);
        for (const auto& re : patterns_) collect(*re, field, false, terms);
    }
    if (terms.empty()) return std::nullopt;
    std::string joined;
    for (const auto& t : terms) joined += (joined.empty() ? "" : ",") + t;
    return joined;
}

}  // namespace gleaner::plugins
