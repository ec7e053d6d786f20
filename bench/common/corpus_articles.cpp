#include "corpus_articles.h"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace gleaner::bench {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string site_of(const std::string& url) {
    std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> handle(curl_url(), curl_url_cleanup);
    char* host = nullptr;
    if (curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK ||
        curl_url_get(handle.get(), CURLUPART_HOST, &host, 0) != CURLUE_OK)
        return url;
    std::string site(host);
    curl_free(host);
    if (site.rfind("www.", 0) == 0) site.erase(0, 4);
    return site;
}

// Paragraphs are separated by line breaks (blank or not) in both corpora.
std::vector<std::string> paragraphs_of(const std::string& text) {
    std::vector<std::string> paragraphs;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos) continue;
        paragraphs.push_back(line.substr(first, line.find_last_not_of(" \t\r") + 1 - first));
    }
    return paragraphs;
}

std::string story_key(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

}  // namespace

std::vector<CorpusArticle> load_scrapinghub(const fs::path& dir) {
    const auto truth = nlohmann::json::parse(read_file(dir / "ground-truth.json"));
    std::vector<CorpusArticle> articles;
    for (const auto& [id, entry] : truth.items()) {
        const fs::path page = dir / "html" / (id + ".html");
        if (!fs::exists(page)) continue;
        const std::string url = entry.value("url", "");
        articles.push_back({"sh/" + id, site_of(url), story_key(url), read_file(page),
                            paragraphs_of(entry.value("articleBody", ""))});
    }
    return articles;
}

std::vector<CorpusArticle> load_wcxb(const fs::path& corpus, const fs::path& pages) {
    std::vector<CorpusArticle> articles;
    std::istringstream ids(read_file(corpus / "ids" / "article.txt"));
    for (std::string id; ids >> id;) {
        const auto entry = nlohmann::json::parse(read_file(corpus / "ground-truth" / (id + ".json")));
        const auto& truth = entry.at("ground_truth");
        std::string text;
        if (truth.contains("main_content") && truth["main_content"].is_string()) text = truth["main_content"];
        auto paragraphs = paragraphs_of(text);
        if (paragraphs.empty()) continue;
        const std::string url = entry.value("url", "");
        articles.push_back({"wcxb/" + id, site_of(url), story_key(url), read_file(pages / (id + ".html")),
                            std::move(paragraphs)});
    }
    return articles;
}

}  // namespace gleaner::bench
