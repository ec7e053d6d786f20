// A folder of rule files looked up by host: example.com.txt for the domain and www, .example.com.txt
// for subdomains only, the most specific file first.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "siterules/rule_set.h"

namespace gleaner::siterules {
namespace {

namespace fs = std::filesystem;

class RuleSetTest : public ::testing::Test {
protected:
    void SetUp() override {
        folder_ = fs::temp_directory_path() / ("gleaner-rules-" + std::to_string(::getpid()) + "-" +
                                               ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(folder_);
    }
    void TearDown() override { fs::remove_all(folder_); }
    void write(const std::string& name, const std::string& text) { std::ofstream(folder_ / name) << text; }

    fs::path folder_;
};

TEST_F(RuleSetTest, DomainFileMatchesTheDomainAndWww) {
    write("example.com.txt", "body: //article\n");
    const auto set = RuleSet::load(folder_);
    ASSERT_NE(set.find("example.com"), nullptr);
    EXPECT_EQ(set.find("example.com")->name, "example.com.txt");
    EXPECT_NE(set.find("www.example.com"), nullptr);
    EXPECT_NE(set.find("WWW.Example.COM"), nullptr);
    EXPECT_EQ(set.find("news.example.com"), nullptr);
    EXPECT_EQ(set.find("example.org"), nullptr);
    EXPECT_EQ(set.find("notexample.com"), nullptr);
}

TEST_F(RuleSetTest, DotFileMatchesSubdomainsOnly) {
    write(".example.com.txt", "body: //main\n");
    const auto set = RuleSet::load(folder_);
    ASSERT_NE(set.find("news.example.com"), nullptr);
    EXPECT_EQ(set.find("news.example.com")->name, ".example.com.txt");
    EXPECT_NE(set.find("a.b.example.com"), nullptr);
    EXPECT_EQ(set.find("example.com"), nullptr);
    EXPECT_EQ(set.find("www.example.com"), nullptr);
}

TEST_F(RuleSetTest, MostSpecificFileWins) {
    write("example.com.txt", "body: //article\n");
    write(".example.com.txt", "body: //main\n");
    write("sport.example.com.txt", "body: //section\n");
    const auto set = RuleSet::load(folder_);
    EXPECT_EQ(set.size(), 3u);
    EXPECT_EQ(set.find("sport.example.com")->name, "sport.example.com.txt");
    EXPECT_EQ(set.find("news.example.com")->name, ".example.com.txt");
    EXPECT_EQ(set.find("www.example.com")->name, "example.com.txt");
}

TEST_F(RuleSetTest, OnlyTxtFilesAreRulesAndProblemsAreCollected) {
    write("README.md", "not a rule");
    write("bad.com.txt", "body: //div[\nwhatever: x\n");
    const auto set = RuleSet::load(folder_);
    EXPECT_EQ(set.size(), 1u);
    EXPECT_TRUE(set.has_errors());
    ASSERT_EQ(set.diagnostics().size(), 2u);
    EXPECT_EQ(set.diagnostics()[0].to_string().rfind("bad.com.txt:1: bad XPath", 0), 0u);
    EXPECT_EQ(set.diagnostics()[1].line, 2);
}

TEST_F(RuleSetTest, FoundByUrl) {
    write("example.com.txt", "body: //article\n");
    const auto set = RuleSet::load(folder_);
    EXPECT_NE(set.find_for_url("https://www.example.com:8443/news/1?x=y"), nullptr);
    EXPECT_NE(set.find_for_url("http://EXAMPLE.com/"), nullptr);
    EXPECT_EQ(set.find_for_url("https://example.org/"), nullptr);
    EXPECT_EQ(set.find_for_url("not a url"), nullptr);
    EXPECT_EQ(set.find_for_url(""), nullptr);
}

TEST_F(RuleSetTest, AMissingFolderIsAnError) {
    EXPECT_THROW(RuleSet::load(folder_ / "nowhere"), RuleSetError);
}

}  // namespace
}  // namespace gleaner::siterules
