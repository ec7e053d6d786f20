// Main-content extraction on real news pages from the Scrapinghub benchmark (fixtures/corpus, see its
// README): the text comes out close to the benchmark's hand-made ground truth, without the headline.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "content_test_support.h"

namespace gleaner::extract {
namespace {

// Well below what these pages score (0.96-1.0), well above what a wrong container gives (< 0.7).
constexpr double kMinF1 = 0.9;

TEST(BenchmarkPages, TextMatchesGroundTruth) {
    const nlohmann::json truth = nlohmann::json::parse(testing::read_file(testing::fixture("corpus/ground-truth.json")));
    ASSERT_GE(truth.size(), 5u);
    for (const auto& [id, entry] : truth.items()) {
        const Article article = testing::extract_file(testing::fixture("corpus/html/" + id + ".html"), entry.at("url"));
        const testing::Overlap overlap = testing::shingle_overlap(entry.at("articleBody").get<std::string>(), article.text);
        EXPECT_GE(overlap.f1(), kMinF1) << entry.at("url") << " precision " << overlap.precision << " recall "
                                        << overlap.recall << "\n--- text:\n" << article.text;
        EXPECT_FALSE(article.title.empty()) << id;
        EXPECT_NE(article.text.rfind(article.title, 0), 0u) << id << " starts with its headline";
    }
}

}  // namespace
}  // namespace gleaner::extract
