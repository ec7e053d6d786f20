// The URL backlog files (daemon/pipeline/url_backlog.h): what is written comes back in order, a
// slice at a time, and the file goes once read; damage is an error naming the file.
#include <gtest/gtest.h>

#include <fstream>

#include "pipeline/url_backlog.h"

namespace gp = gleaner::pipeline;
namespace fs = std::filesystem;

namespace {

class UrlBacklogTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("gleaner-backlog-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        gp::clear_backlog_dir(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    static std::vector<gp::ListedUrl> listed(int count) {
        std::vector<gp::ListedUrl> urls;
        for (int i = 0; i < count; ++i)
            urls.push_back({"https://example.org/news/" + std::to_string(i) + "?q=a\tb",
                            {"Title \"" + std::to_string(i) + "\"\nline two", "Zoë Ångström", "2026-11-24T10:00:00+01:00"}});
        return urls;
    }

    fs::path dir_;
};

TEST_F(UrlBacklogTest, EntriesComeBackInOrderASliceAtATimeAndTheFileGoesWhenRead) {
    const auto urls = listed(25);
    auto file = gp::write_backlog(dir_, "1.jsonl", urls);
    EXPECT_EQ(file.remaining, 25u);
    ASSERT_TRUE(fs::exists(file.path));

    std::vector<gp::ListedUrl> back;
    for (std::size_t expected : {10u, 10u, 5u}) {
        const auto slice = gp::read_backlog(file, 10);
        ASSERT_EQ(slice.size(), expected);
        back.insert(back.end(), slice.begin(), slice.end());
    }
    EXPECT_EQ(file.remaining, 0u);
    EXPECT_FALSE(fs::exists(file.path)) << "a file read to its end is removed";
    ASSERT_EQ(back.size(), urls.size());
    for (std::size_t i = 0; i < urls.size(); ++i) {
        EXPECT_EQ(back[i].url, urls[i].url);
        EXPECT_EQ(back[i].hints.title, urls[i].hints.title);
        EXPECT_EQ(back[i].hints.author, urls[i].hints.author);
        EXPECT_EQ(back[i].hints.published_iso, urls[i].hints.published_iso);
    }
}

TEST_F(UrlBacklogTest, ATruncatedFileIsAnErrorNamingIt) {
    auto file = gp::write_backlog(dir_, "2.jsonl", listed(5));
    fs::resize_file(file.path, fs::file_size(file.path) / 2);
    try {
        gp::read_backlog(file, 10);
        FAIL() << "a truncated backlog was read without an error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(file.path.string()), std::string::npos) << e.what();
    }
}

TEST_F(UrlBacklogTest, AMalformedLineIsAnErrorNamingTheFile) {
    auto file = gp::write_backlog(dir_, "3.jsonl", listed(2));
    std::ofstream(file.path, std::ios::trunc) << "[\"https://example.org/\", 42]\n{}\n";
    try {
        gp::read_backlog(file, 10);
        FAIL() << "a malformed backlog was read without an error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("malformed entry"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(file.path.string()), std::string::npos) << e.what();
    }
}

TEST_F(UrlBacklogTest, AMissingFileIsAnErrorAndAnUnwritableDirectoryToo) {
    gp::BacklogFile missing{dir_ / "missing.jsonl", 0, 3};
    EXPECT_THROW(gp::read_backlog(missing, 10), std::runtime_error);
    EXPECT_THROW(gp::write_backlog(dir_ / "no-such-dir", "4.jsonl", listed(1)), std::runtime_error);
}

TEST_F(UrlBacklogTest, ClearingRemovesWhatAnEarlierRunLeft) {
    const auto left = gp::write_backlog(dir_, "5.jsonl", listed(3));
    gp::clear_backlog_dir(dir_);
    EXPECT_FALSE(fs::exists(left.path));
    EXPECT_TRUE(fs::is_directory(dir_));
}

}  // namespace
