// gleaner_bench_siterules: which tree site rules' XPath runs on — libxml2's own HTML parser, or a
// libxml2 copy of the tree Gumbo builds (gumbo_view.h) — measured on the development corpora's article
// pages. Run through bench/siterules. For each page, on one core, thread CPU time, best of --rounds:
//   - parse: libxml2's parser against Gumbo's (the extractor's) and Gumbo + copy;
//   - a page with a rule: parse, write the (pruned) page back out as HTML, extract that, against
//     extracting the page alone;
//   - agreement: node counts of common XPath expressions in both trees (libxml2's parser predates
//     HTML5's tree building; Gumbo follows it, as browsers, where rule authors test, do);
//   - round trip: the extraction's word F1 against the annotation, for the page as fetched and for the
//     page written back out from each tree (what automatic extraction sees where a rule has no body).
#include <gumbo.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/xpath.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "corpus_articles.h"
#include "extract/charset.h"
#include "extract/extractor.h"
#include "gumbo_view.h"
#include "siterules/html_document.h"
#include "word_overlap.h"

namespace {

namespace fs = std::filesystem;
using namespace gleaner;

double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

template <typename F>
double timed(F&& f) {
    const double start = cpu_seconds();
    f();
    return cpu_seconds() - start;
}

// Expressions of the kinds site rules use, over structures the two parsers may build differently.
const std::vector<std::string> kExpressions = {
    "//p", "//div", "//a[@href]", "//h1", "//article", "//section", "//li", "//table//td", "//p//div",
    "//p/p", "//body/*", "//head/*", "//body//meta", "//*[@class]", "//*[contains(@class, 'content')]//p",
    "//figure//img", "//ul/li/a", "//noscript", "//template", "//header//nav"};

double count_nodes(xmlDoc* doc, const std::string& expression) {
    xmlXPathContext* context = xmlXPathNewContext(doc);
    xmlXPathObject* result = xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(expression.c_str()), context);
    const double n = result && result->nodesetval ? result->nodesetval->nodeNr : 0;
    xmlXPathFreeObject(result);
    xmlXPathFreeContext(context);
    return n;
}

std::string dump(xmlDoc* doc) {
    xmlChar* buffer = nullptr;
    int size = 0;
    htmlDocDumpMemoryFormat(doc, &buffer, &size, 0);
    std::string out(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(size));
    xmlFree(buffer);
    return out;
}

std::string extract_text(const std::string& html) {
    extract::ExtractOptions options;
    options.content_type = "text/html; charset=utf-8";
    return extract::extract(html, options).text;
}

struct Totals {
    double libxml2 = 0, gumbo = 0, gumbo_copy = 0;        // parse (and free)
    double extract = 0, rule_libxml2 = 0, rule_copy = 0;  // a page with a rule, end to end
    std::vector<std::size_t> disagreements = std::vector<std::size_t>(kExpressions.size());
    std::size_t pages_disagreeing = 0;
    double f1_page = 0, f1_libxml2 = 0, f1_copy = 0;
    std::size_t worse_libxml2 = 0, worse_copy = 0;  // pages losing more than 0.05 of F1
};

void measure_page(const bench::CorpusArticle& article, int rounds, Totals& t) {
    const auto decoded = extract::decode_html(article.html, "");
    const std::string& html = decoded.utf8;
    const auto options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                         HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT;
    double best[6] = {1e9, 1e9, 1e9, 1e9, 1e9, 1e9};
    for (int r = 0; r < rounds; ++r) {
        best[0] = std::min(best[0], timed([&] {
            xmlFreeDoc(htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8", options));
        }));
        best[1] = std::min(best[1], timed([&] {
            gumbo_destroy_output(&kGumboDefaultOptions, gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()));
        }));
        best[2] = std::min(best[2], timed([&] {
            GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
            xmlFreeDoc(bench::libxml2_copy(*out));
            gumbo_destroy_output(&kGumboDefaultOptions, out);
        }));
        best[3] = std::min(best[3], timed([&] { extract_text(html); }));
        best[4] = std::min(best[4], timed([&] { extract_text(siterules::HtmlDocument(html).html()); }));
        best[5] = std::min(best[5], timed([&] {
            GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
            xmlDoc* doc = bench::libxml2_copy(*out);
            gumbo_destroy_output(&kGumboDefaultOptions, out);
            extract_text(dump(doc));
            xmlFreeDoc(doc);
        }));
    }
    t.libxml2 += best[0];
    t.gumbo += best[1];
    t.gumbo_copy += best[2];
    t.extract += best[3];
    t.rule_libxml2 += best[4];
    t.rule_copy += best[5];

    const siterules::HtmlDocument parsed(html);
    GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
    xmlDoc* copy = bench::libxml2_copy(*out);
    gumbo_destroy_output(&kGumboDefaultOptions, out);
    bool differs = false;
    for (std::size_t e = 0; e < kExpressions.size(); ++e)
        if (count_nodes(parsed.doc(), kExpressions[e]) != count_nodes(copy, kExpressions[e])) {
            ++t.disagreements[e];
            differs = true;
        }
    t.pages_disagreeing += differs;

    std::string truth;
    for (const auto& p : article.paragraphs) truth += p + "\n";
    const double f1_page = bench::word_f1(extract_text(html), truth);
    const double f1_libxml2 = bench::word_f1(extract_text(parsed.html()), truth);
    const double f1_copy = bench::word_f1(extract_text(dump(copy)), truth);
    xmlFreeDoc(copy);
    t.f1_page += f1_page;
    t.f1_libxml2 += f1_libxml2;
    t.f1_copy += f1_copy;
    t.worse_libxml2 += f1_libxml2 < f1_page - 0.05;
    t.worse_copy += f1_copy < f1_page - 0.05;
}

int run(const fs::path& scrapinghub, const fs::path& wcxb, const fs::path& wcxb_pages, int rounds) {
    auto articles = bench::load_scrapinghub(scrapinghub);
    for (auto& a : bench::load_wcxb(wcxb, wcxb_pages)) articles.push_back(std::move(a));
    Totals t;
    for (const auto& a : articles) measure_page(a, rounds, t);
    const double n = static_cast<double>(articles.size());

    std::printf("%zu article pages, thread CPU time per page, best of %d rounds\n\n", articles.size(), rounds);
    std::printf("parse: libxml2 %.2f ms, Gumbo %.2f ms, Gumbo + libxml2 copy %.2f ms; libxml2 / Gumbo = %.2f, "
                "copy / libxml2 = %.2f\n",
                1e3 * t.libxml2 / n, 1e3 * t.gumbo / n, 1e3 * t.gumbo_copy / n, t.libxml2 / t.gumbo,
                t.gumbo_copy / t.libxml2);
    std::printf("a page with a rule (parse, write back, extract) against extraction alone: libxml2 %.2fx, "
                "Gumbo copy %.2fx (extraction %.2f ms)\n",
                t.rule_libxml2 / t.extract, t.rule_copy / t.extract, 1e3 * t.extract / n);
    std::printf("round trip, mean word F1 against the annotation: page %.4f, through libxml2 %.4f (%zu pages lose "
                "> 0.05), through the Gumbo copy %.4f (%zu pages)\n",
                t.f1_page / n, t.f1_libxml2 / n, t.worse_libxml2, t.f1_copy / n, t.worse_copy);
    std::printf("XPath node counts differ between the trees on %zu pages (%.1f%%); by expression:\n",
                t.pages_disagreeing, 100.0 * static_cast<double>(t.pages_disagreeing) / n);
    for (std::size_t e = 0; e < kExpressions.size(); ++e)
        if (t.disagreements[e] > 0)
            std::printf("  %-40s %4zu pages (%.1f%%)\n", kExpressions[e].c_str(), t.disagreements[e],
                        100.0 * static_cast<double>(t.disagreements[e]) / n);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    fs::path scrapinghub, wcxb, wcxb_pages;
    int rounds = 3;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--scrapinghub") scrapinghub = argv[i + 1];
        else if (flag == "--wcxb") wcxb = argv[i + 1];
        else if (flag == "--wcxb-pages") wcxb_pages = argv[i + 1];
        else if (flag == "--rounds") rounds = std::max(1, std::stoi(argv[i + 1]));
        else {
            std::cerr << "usage: gleaner_bench_siterules --scrapinghub DIR --wcxb DIR --wcxb-pages DIR [--rounds N]\n";
            return 2;
        }
    }
    try {
        return run(scrapinghub, wcxb, wcxb_pages, rounds);
    } catch (const std::exception& e) {
        std::cerr << "gleaner_bench_siterules: " << e.what() << "\n";
        return 1;
    }
}
