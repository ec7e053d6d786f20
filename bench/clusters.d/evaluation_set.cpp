#include "evaluation_set.h"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <map>
#include <random>
#include <tuple>

#include "extract/extractor.h"
#include "stories/shingles.h"
#include "wire_copy.h"
#include "word_overlap.h"

namespace gleaner::bench {
namespace {

using Clock = std::chrono::steady_clock;

std::string extract_text(const std::string& html) {
    return extract::extract(html, extract::ExtractOptions{}).text;
}

std::vector<std::uint64_t> words_of(const std::vector<std::string>& paragraphs) {
    std::string text;
    for (const auto& p : paragraphs) text += p + "\n";
    return stories::word_hashes(text);
}

Document make_document(std::size_t article, std::size_t story, bool copy, std::string text,
                       const std::vector<std::string>& put_in) {
    Document d{article, story, copy, false, std::move(text), {}};
    d.words = stories::word_hashes(d.text);
    d.extracted_well = word_f1(d.words, words_of(put_in)) >= 0.8;
    return d;
}

// Words of three letters or more from every annotated story: replacements and insertions for edits.
std::vector<std::string> vocabulary_of(const std::vector<CorpusArticle>& articles) {
    std::set<std::string> words;
    for (const auto& a : articles)
        for (const auto& p : a.paragraphs) {
            std::size_t start = 0;
            while (start < p.size()) {
                const auto end = std::min(p.find(' ', start), p.size());
                if (end > start + 2) words.insert(p.substr(start, end - start));
                start = end + 1;
            }
        }
    return {words.begin(), words.end()};
}

void add_same_topic_pairs(EvaluationSet& set) {
    const auto& docs = set.documents;
    std::vector<std::vector<std::uint64_t>> word_sets;
    for (const auto& d : docs) {
        auto s = d.words;
        std::sort(s.begin(), s.end());
        s.erase(std::unique(s.begin(), s.end()), s.end());
        word_sets.push_back(std::move(s));
    }
    std::vector<std::tuple<double, std::size_t, std::size_t>> scored;
    for (std::size_t i = 0; i < docs.size(); ++i) {
        if (docs[i].copy || word_sets[i].empty()) continue;
        for (std::size_t j = i + 1; j < docs.size(); ++j) {
            if (docs[j].copy || word_sets[j].empty() || docs[i].story == docs[j].story) continue;
            std::vector<std::uint64_t> common;
            std::set_intersection(word_sets[i].begin(), word_sets[i].end(), word_sets[j].begin(), word_sets[j].end(),
                                  std::back_inserter(common));
            const auto all = word_sets[i].size() + word_sets[j].size() - common.size();
            scored.emplace_back(static_cast<double>(common.size()) / static_cast<double>(all), i, j);
        }
    }
    const std::size_t keep = std::min<std::size_t>(1000, scored.size());
    if (keep == 0) return;
    std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(keep), scored.end(), std::greater<>());
    for (std::size_t k = 0; k < keep; ++k) set.same_topic.insert({std::get<1>(scored[k]), std::get<2>(scored[k])});
    set.same_topic_most = std::get<0>(scored[0]);
    set.same_topic_least = std::get<0>(scored[keep - 1]);
}

}  // namespace

EvaluationSet build_evaluation_set(std::vector<CorpusArticle> articles, int copies_per_article, std::uint64_t seed) {
    EvaluationSet set;
    set.articles = std::move(articles);
    const auto& all = set.articles;
    auto& docs = set.documents;

    std::map<std::string, std::size_t> stories;
    double extract_seconds = 0;
    for (std::size_t a = 0; a < all.size(); ++a) {
        const auto started = Clock::now();
        std::string text = extract_text(all[a].html);
        extract_seconds += std::chrono::duration<double>(Clock::now() - started).count();
        const std::size_t story = stories.emplace(all[a].story_key, stories.size()).first->second;
        docs.push_back(make_document(a, story, false, std::move(text), all[a].paragraphs));
    }
    set.extract_seconds_per_page = extract_seconds / static_cast<double>(all.size());

    // Donors: pages whose extraction agrees with their annotation, so that taking the annotated story
    // out of the page takes out what the extractor would find.
    std::vector<std::size_t> donors;
    for (std::size_t a = 0; a < all.size(); ++a)
        if (docs[a].extracted_well) donors.push_back(a);
    set.donors = donors.size();

    const auto vocabulary = vocabulary_of(all);
    std::mt19937_64 rng(seed);
    std::size_t copies = 0;
    for (std::size_t a = 0; a < all.size() && !donors.empty(); ++a) {
        for (int c = 0; c < copies_per_article; ++c) {
            for (int attempt = 0; attempt < 50; ++attempt) {
                const auto& donor = all[donors[rng() % donors.size()]];
                if (donor.site == all[a].site) continue;
                const auto story = edit_story(all[a].paragraphs, vocabulary, donor.site, rng);
                const auto page = set_into_page(donor, story.paragraphs);
                if (!page) continue;
                docs.push_back(make_document(a, docs[a].story, true, extract_text(*page), story.paragraphs));
                set.mean_word_change += story.edits.word_change_rate;
                set.mean_cut += story.edits.cut_share;
                ++copies;
                break;
            }
        }
    }
    if (copies > 0) {
        set.mean_word_change /= static_cast<double>(copies);
        set.mean_cut /= static_cast<double>(copies);
    }

    std::map<std::size_t, std::vector<std::size_t>> by_story;
    for (std::size_t i = 0; i < docs.size(); ++i) by_story[docs[i].story].push_back(i);
    for (const auto& [story, members] : by_story)
        for (std::size_t x = 0; x < members.size(); ++x)
            for (std::size_t y = x + 1; y < members.size(); ++y) {
                set.story_pairs.push_back({members[x], members[y]});
                set.story_pairs_well += docs[members[x]].extracted_well && docs[members[y]].extracted_well;
            }
    set.distinct_pairs = docs.size() * (docs.size() - 1) / 2 - set.story_pairs.size();
    add_same_topic_pairs(set);
    return set;
}

}  // namespace gleaner::bench
