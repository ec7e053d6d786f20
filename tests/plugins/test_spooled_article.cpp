// The article as plugins see it: a spooled payload's story-cluster fields reach gleaner_article
// (ABI 1.3) and the C++ helper, and a reader of an older, shorter struct gets empty views.
#include <gtest/gtest.h>

#include <gleaner/plugin.hpp>

#include <cstddef>

#include "article_fixture.h"
#include "plugins/spooled_article.h"

using gleaner::plugins::SpooledArticle;

TEST(SpooledArticle, CarriesTheStoryClusterToTheAbiAndTheHelper) {
    auto json = gleaner::testing::article_json("Copy", "https://wire.example/copy");
    json["cluster_id"] = "c0ffee";
    json["duplicate_of"] = "https://daily.example/original";
    const auto article = SpooledArticle::parse(7, json.dump());
    const gleaner::Article view(article->view());
    EXPECT_EQ(view.cluster_id(), "c0ffee");
    EXPECT_EQ(view.duplicate_of(), "https://daily.example/original");

    // A struct as a 1.2 daemon fills it ends before the cluster fields.
    gleaner_article older = article->view();
    older.struct_size = static_cast<std::uint32_t>(offsetof(gleaner_article, cluster_id));
    EXPECT_EQ(gleaner::Article(older).cluster_id(), "");
    EXPECT_EQ(gleaner::Article(older).duplicate_of(), "");
}

TEST(SpooledArticle, AnArticleStoredBeforeClustersHasEmptyClusterFields) {
    const auto article = SpooledArticle::parse(8, gleaner::testing::article_payload("Old"));
    EXPECT_EQ(gleaner::Article(article->view()).cluster_id(), "");
    EXPECT_EQ(gleaner::Article(article->view()).duplicate_of(), "");
}
