// The news corpus as many web sites: every saved page becomes a template, and URL number `id` is
// template id % pages with `id` spliced in, so that no two of the URLs carry the same story (the
// daemon would otherwise store each of the corpus pages once and count the rest as duplicates).
//
// The splice keeps the page's structure and size: "c<id>." goes after every "http://" and
// "https://" (so canonical, og:url and JSON-LD URLs differ per copy — as they do between real
// articles) and " w<id>" before every "</p>", "<p>", "<p " and "<br" (so the article text, and
// its fingerprint, differ).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace gleaner::bench {

class CorpusSites {
public:
    // Reads every *.html file of `corpus_html_dir` (sorted by name). Throws when there is none.
    explicit CorpusSites(const std::filesystem::path& corpus_html_dir);

    std::size_t templates() const { return pages_.size(); }
    // The body served for URL number `id`.
    std::string page(std::size_t id) const;
    // The name of the corpus file that URL number `id` is a copy of.
    const std::string& source_name(std::size_t id) const { return pages_[id % pages_.size()].name; }

private:
    struct Template {
        std::string name;
        std::string html;
        std::vector<std::size_t> after_scheme;  // offsets just after "http://" or "https://"
        std::vector<std::size_t> before_text_break;  // offsets of "</p>", "<p>", "<p ", "<br"
    };
    std::vector<Template> pages_;
};

}  // namespace gleaner::bench
