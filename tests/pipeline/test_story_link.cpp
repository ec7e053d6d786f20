// Story clusters as the pipeline assigns them, against a real SQLite crawl state: an original starts
// its cluster, an edited wire copy joins it and names the original, another story on the same topic
// and a copy outside the window start their own, an updated original stays its cluster's origin, and
// a text too short to fingerprint is a cluster of one.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "pipeline/fingerprint.h"
#include "pipeline/story_link.h"
#include "state/sqlite_store.h"
#include "story_texts.h"

namespace gleaner::pipeline {
namespace {

constexpr std::int64_t kDay = 24LL * 3600 * 1000;
constexpr std::int64_t T0 = 1'700'000'000'000;

class StoryLinkTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("gleaner-story-link-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        store_ = std::make_unique<state::SqliteStore>(dir_);
    }
    void TearDown() override {
        store_.reset();
        std::filesystem::remove_all(dir_);
    }

    // Links the article as the pipeline does, then commits it with its cluster.
    StoryLink store(const std::string& url, const char* text, std::int64_t now_ms, bool update = false) {
        auto link = link_story(*store_, url, text, now_ms, dedup_);
        state::NewArticle a;
        a.canonical_url = url;
        a.source = "test";
        a.fingerprint = content_fingerprint(text) + (update ? "-v2" : "");
        a.payload = "{}";
        a.allow_update = update;
        a.near = link.near;
        a.cluster_id = link.cluster_id;
        a.cluster_origin = link.cluster_origin;
        EXPECT_EQ(store_->commit_article(a, "node", now_ms).outcome, state::AddOutcome::added) << url;
        return link;
    }

    std::filesystem::path dir_;
    std::unique_ptr<state::SqliteStore> store_;
    config::DedupConfig dedup_;
};

TEST_F(StoryLinkTest, AWireCopyJoinsTheOriginalsClusterAndNamesIt) {
    const auto original = store("https://daily.example/flood", stories::kStory, T0);
    EXPECT_EQ(original.cluster_id, article_id("https://daily.example/flood"));
    EXPECT_EQ(original.duplicate_of, "");
    EXPECT_FALSE(original.near.bands.empty());

    const auto copy = store("https://wire.example/flood-copy", stories::kWireCopy, T0 + 1000);
    EXPECT_EQ(copy.cluster_id, original.cluster_id);
    EXPECT_EQ(copy.duplicate_of, "https://daily.example/flood");
    EXPECT_TRUE(copy.is_copy());

    const auto other = store("https://ledger.example/clean-up", stories::kSameTopic, T0 + 2000);
    EXPECT_EQ(other.cluster_id, article_id("https://ledger.example/clean-up"));
    EXPECT_EQ(other.duplicate_of, "") << "same topic, other words: a story of its own";
}

TEST_F(StoryLinkTest, ACopyOfACopyNamesTheFirstStoredArticle) {
    store("https://daily.example/flood", stories::kStory, T0);
    store("https://wire.example/flood-copy", stories::kWireCopy, T0 + 1000);
    // A third outlet runs the wire's version word for word.
    const auto third = link_story(*store_, "https://third.example/flood", stories::kWireCopy, T0 + 2000, dedup_);
    EXPECT_EQ(third.duplicate_of, "https://daily.example/flood");
    EXPECT_EQ(third.cluster_id, article_id("https://daily.example/flood"));
}

TEST_F(StoryLinkTest, AnUpdatedOriginalStaysItsClustersOrigin) {
    store("https://daily.example/flood", stories::kStory, T0);
    store("https://wire.example/flood-copy", stories::kWireCopy, T0 + 1000);
    const auto updated = store("https://daily.example/flood", stories::kStory, T0 + 2000, true);
    EXPECT_EQ(updated.cluster_id, article_id("https://daily.example/flood"));
    EXPECT_EQ(updated.duplicate_of, "");
}

TEST_F(StoryLinkTest, StoriesOutsideTheWindowAreNotLookedAt) {
    dedup_.window = std::chrono::hours(24 * 7);
    store("https://daily.example/flood", stories::kStory, T0);
    const auto late = link_story(*store_, "https://wire.example/flood-copy", stories::kWireCopy, T0 + 8 * kDay, dedup_);
    EXPECT_EQ(late.duplicate_of, "");
    EXPECT_EQ(late.cluster_id, article_id("https://wire.example/flood-copy"));
}

TEST_F(StoryLinkTest, AStricterThresholdKeepsAnEditedCopyApart) {
    store("https://daily.example/flood", stories::kStory, T0);
    dedup_.near_threshold = 1.0;
    EXPECT_EQ(link_story(*store_, "https://wire.example/flood-copy", stories::kWireCopy, T0 + 1000, dedup_).duplicate_of, "");
}

TEST_F(StoryLinkTest, ATextTooShortToFingerprintIsAClusterOfOne) {
    const auto brief = store("https://daily.example/brief", "Markets closed higher on Friday.", T0);
    EXPECT_TRUE(brief.near.bands.empty());
    EXPECT_EQ(brief.cluster_id, article_id("https://daily.example/brief"));
    EXPECT_EQ(brief.duplicate_of, "");
}

}  // namespace
}  // namespace gleaner::pipeline
