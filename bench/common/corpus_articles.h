// The development corpora as the benchmarks see them: each article page with its site and its
// human-annotated story text cut into paragraphs.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace gleaner::bench {

struct CorpusArticle {
    std::string id;                       // corpus-prefixed: "sh/<hash>" or "wcxb/<id>"
    std::string site;                     // host name without a leading "www."
    std::string story_key;                // the same for two saves of one story (its URL, no trailing "/")
    std::string html;                     // the saved page
    std::vector<std::string> paragraphs;  // the annotated story, one entry per paragraph
};

// Scrapinghub layout: DIR/html/<id>.html and DIR/ground-truth.json ({id: {url, articleBody}}).
std::vector<CorpusArticle> load_scrapinghub(const std::filesystem::path& dir);

// WCXB layout: PAGES/<id>.html unpacked from CORPUS/html (CORPUS/unpack), CORPUS/ground-truth/<id>.json
// (ground_truth.main_content) and CORPUS/ids/article.txt; only article pages with a main content.
std::vector<CorpusArticle> load_wcxb(const std::filesystem::path& corpus, const std::filesystem::path& pages);

}  // namespace gleaner::bench
