// gleaner_bench_clusters: how well near-duplicate fingerprints tell wire copies of one story from
// distinct stories, on evaluation data built from the development corpora (evaluation_set.h). Run
// through bench/clusters.
//
// Story pairs: an original and its copies, the copies among themselves, and two saves of one URL.
// Distinct pairs: every other pair of documents, which includes pairs from one site (shared
// boilerplate), a copy against the original of the page it was set into (shared boilerplate again),
// and pairs on one topic. For each configuration (fingerprint_methods.h) the table gives: recall of
// story pairs whose two documents were extracted well (the fingerprint's own recall) and of all story
// pairs (end to end, extraction misses included); false merges per 10,000 distinct pairs; merges among
// the 1,000 same-topic pairs; index keys per article; false candidates a lookup meets per 10,000 stored
// articles; the time to fingerprint one document; and similarity quantiles. Then the library's own
// lookup (stories/near_duplicate.h) against the cost of extracting the page.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "corpus_articles.h"
#include "evaluation_set.h"
#include "fingerprint_methods.h"
#include "stories/near_duplicate.h"

namespace {

namespace fs = std::filesystem;
using namespace gleaner::bench;

struct Options {
    fs::path scrapinghub, wcxb, wcxb_pages;
    int copies = 2;
    std::uint64_t seed = 14;
    bool explain = false;
};

// The configuration the library uses (stories/near_duplicate.h).
const Method kLibrary{true, gleaner::stories::kShingleWords, gleaner::stories::kHashes, gleaner::stories::kBands, 0};

void print_rows(const Method& m, const MethodResult& r, const EvaluationSet& set) {
    const bool library = m.minhash == kLibrary.minhash && m.width == kLibrary.width && m.hashes == kLibrary.hashes &&
                         m.bands == kLibrary.bands;
    for (const auto& t : r.thresholds)
        std::printf("%c %-20s %4.2f  %6.4f  %6.4f  %7.3f  %5zu  %5.1f  %8.2f  %6.0f   %4.2f %4.2f %4.2f  %4.2f\n",
                    library ? '*' : ' ', m.name().c_str(), t.threshold, t.recall_well, t.recall_all,
                    1e4 * static_cast<double>(t.false_merges) / static_cast<double>(set.distinct_pairs),
                    t.same_topic_merges, r.keys_per_document, r.false_candidates_per_10k,
                    r.microseconds_per_document, r.well_q01, r.well_q05, r.well_median, r.distinct_well_max);
}

void print_pairs(const char* what, const std::vector<DocumentPair>& pairs, const EvaluationSet& set) {
    for (const auto& [i, j] : pairs) {
        const auto& a = set.documents[i];
        const auto& b = set.documents[j];
        std::printf("%s %s%s (%zu words) / %s%s (%zu words)\n  %.120s\n  %.120s\n", what,
                    set.articles[a.article].id.c_str(), a.copy ? " copy" : "", a.words.size(),
                    set.articles[b.article].id.c_str(), b.copy ? " copy" : "", b.words.size(), a.text.c_str(),
                    b.text.c_str());
    }
}

// The library as the daemon uses it: fingerprint the text, probe an index of every document's keys,
// compare the signature with each candidate's. The index here is in memory; the daemon's is the crawl
// state's table.
void print_lookup_cost(const EvaluationSet& set) {
    namespace stories = gleaner::stories;
    const auto& docs = set.documents;
    std::vector<std::string> signatures(docs.size());
    std::unordered_multimap<std::uint64_t, std::size_t> index;
    for (std::size_t i = 0; i < docs.size(); ++i)
        if (auto fp = stories::story_fingerprint(docs[i].text)) {
            signatures[i] = fp->signature;
            for (auto k : fp->keys) index.emplace(k, i);
        }
    std::size_t candidates = 0, matches = 0;
    const auto started = std::chrono::steady_clock::now();
    for (const auto& d : docs) {
        const auto fp = stories::story_fingerprint(d.text);
        if (!fp) continue;
        std::set<std::size_t> seen;
        for (auto k : fp->keys) {
            const auto [from, to] = index.equal_range(k);
            for (auto it = from; it != to; ++it)
                if (seen.insert(it->second).second) {
                    ++candidates;
                    matches += stories::similarity(fp->signature, signatures[it->second]) >= stories::kDefaultNearThreshold;
                }
        }
    }
    const double per_document =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() / static_cast<double>(docs.size());
    std::printf("lookup (fingerprint, %zu keys, compare %.1f candidates of which %.1f match): %.0f us per article; "
                "extraction %.2f ms per page; lookup / extraction = %.3f\n",
                stories::kBands, static_cast<double>(candidates) / static_cast<double>(docs.size()),
                static_cast<double>(matches) / static_cast<double>(docs.size()), 1e6 * per_document,
                1e3 * set.extract_seconds_per_page, per_document / set.extract_seconds_per_page);
}

int run(const Options& o) {
    auto articles = load_scrapinghub(o.scrapinghub);
    for (auto& a : load_wcxb(o.wcxb, o.wcxb_pages)) articles.push_back(std::move(a));
    const EvaluationSet set = build_evaluation_set(std::move(articles), o.copies, o.seed);
    const std::size_t min_words = gleaner::stories::kMinWords;

    std::set<std::string> sites;
    for (const auto& a : set.articles) sites.insert(a.site);
    std::size_t well = 0, short_docs = 0, copies = 0;
    for (const auto& d : set.documents) {
        well += d.extracted_well;
        short_docs += d.words.size() < min_words;
        copies += d.copy;
    }
    std::printf("articles %zu from %zu sites; %zu wire copies set into %zu donor pages (extraction agrees with the "
                "annotation), %.1f%% of words changed and %.1f%% cut from the end on average\n",
                set.articles.size(), sites.size(), copies, set.donors, 100 * set.mean_word_change, 100 * set.mean_cut);
    std::printf("documents %zu: %zu extracted well (word F1 >= 0.8 against the story put in), %zu under %zu words "
                "(no fingerprint)\n",
                set.documents.size(), well, short_docs, min_words);
    std::printf("story pairs %zu (%zu with both documents extracted well); distinct pairs %zu; same-topic pairs %zu "
                "(word-set Jaccard %.2f-%.2f)\n\n",
                set.story_pairs.size(), set.story_pairs_well, set.distinct_pairs, set.same_topic.size(),
                set.same_topic_least, set.same_topic_most);

    std::printf("  %-20s %4s  %6s  %6s  %7s  %5s  %5s  %8s  %6s   %s\n", "method", "thr", "recall", "e2e", "false/1e4",
                "topic", "keys", "fcand/1e4", "us/doc", "similarity: story q01 q05 median, distinct max");
    std::vector<Method> methods;
    for (std::size_t width : {2, 3, 4, 5}) {
        methods.push_back({false, width, 0, 0, 3});
        methods.push_back({false, width, 0, 0, 7});
        for (auto [hashes, bands] : {std::pair{48, 16}, {60, 20}, {64, 32}, {96, 32}, {128, 32}})
            methods.push_back({true, width, static_cast<std::size_t>(hashes), static_cast<std::size_t>(bands), 0});
    }
    for (const auto& m : methods) {
        std::vector<double> thresholds{gleaner::stories::kDefaultNearThreshold};
        if (!m.minhash) thresholds = {1.0 - m.distance / 64.0};
        print_rows(m, evaluate(m, set, thresholds, min_words), set);
    }
    std::printf("\nthe library's configuration (*) at other thresholds:\n");
    const auto library = evaluate(kLibrary, set, {gleaner::stories::kDefaultNearThreshold, 0.2, 0.4, 0.5, 0.6}, min_words);
    print_rows(kLibrary, library, set);
    if (o.explain) {
        print_pairs("missed", library.missed_well, set);
        print_pairs("merged", library.merged_distinct_well, set);
    }
    std::printf("\n");
    print_lookup_cost(set);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        const bool has_value = i + 1 < argc;
        if (flag == "--explain") o.explain = true;
        else if (flag == "--scrapinghub" && has_value) o.scrapinghub = argv[++i];
        else if (flag == "--wcxb" && has_value) o.wcxb = argv[++i];
        else if (flag == "--wcxb-pages" && has_value) o.wcxb_pages = argv[++i];
        else if (flag == "--copies" && has_value) o.copies = std::stoi(argv[++i]);
        else if (flag == "--seed" && has_value) o.seed = std::stoull(argv[++i]);
        else {
            std::cerr << "usage: gleaner_bench_clusters --scrapinghub DIR --wcxb DIR --wcxb-pages DIR [--copies N] "
                         "[--seed N] [--explain]\n";
            return 2;
        }
    }
    try {
        return run(o);
    } catch (const std::exception& e) {
        std::cerr << "gleaner_bench_clusters: " << e.what() << "\n";
        return 1;
    }
}
