// The command line over site rules, the built binary: `gleaner extract --site-rules DIR --url URL`
// applies the rule for the URL's host and names it in the JSON; `gleaner rules check DIR` reports
// problems as FILE:LINE and fails on bad XPath.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace gleaner::siterules {
namespace {

namespace fs = std::filesystem;

struct CliRun {
    int status = -1;
    std::string out, err;
};

std::string read_file(const fs::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

class RulesCli : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("gleaner-rules-cli-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    CliRun run(const std::string& arguments) const {
        const fs::path out = dir_ / "stdout", err = dir_ / "stderr";
        const std::string command =
            std::string("'") + GLEANER_BINARY + "' " + arguments + " >'" + out.string() + "' 2>'" + err.string() + "'";
        const int raw = std::system(command.c_str());
        return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read_file(out), read_file(err)};
    }

    static std::string fixture(const std::string& name) {
        return "'" + (fs::path(GLEANER_SITERULES_FIXTURES) / name).string() + "'";
    }

    nlohmann::json extract_json(const std::string& url) const {
        const auto r = run("extract --format json --site-rules " + fixture("rules") + " --url " + url + " " +
                           fixture("pages/harbour.html"));
        EXPECT_EQ(r.status, 0) << r.err;
        return nlohmann::json::parse(r.out);
    }

    fs::path dir_;
};

TEST_F(RulesCli, ExtractAppliesTheDomainRuleAndNamesIt) {
    const auto json = extract_json("https://www.example.com/news/harbour");
    EXPECT_EQ(json["site_rule"], "example.com.txt");
    EXPECT_EQ(json["title"], "Harbour reopens after storm");
    EXPECT_EQ(json["text"].get<std::string>().rfind("The harbour reopened on Monday", 0), 0u) << json["text"];
    EXPECT_EQ(json["text"].get<std::string>().find("columnist"), std::string::npos);
}

TEST_F(RulesCli, ExtractAppliesTheSubdomainRule) {
    const auto json = extract_json("https://news.example.org/harbour");
    EXPECT_EQ(json["site_rule"], ".example.org.txt");
    EXPECT_EQ(json["text"].get<std::string>().rfind("Our columnist writes", 0), 0u) << json["text"];
}

TEST_F(RulesCli, ExtractWithoutAMatchingRuleSaysSo) {
    const auto json = extract_json("https://example.org/harbour");  // .example.org.txt is for subdomains only
    EXPECT_EQ(json["site_rule"], "");
    EXPECT_FALSE(json["text"].get<std::string>().empty());
}

TEST_F(RulesCli, CheckReportsBadXPathAtItsLineAndFails) {
    const auto r = run("rules check " + fixture("broken-rules"));
    EXPECT_EQ(r.status, 1);
    const std::string folder = (fs::path(GLEANER_SITERULES_FIXTURES) / "broken-rules").string();
    EXPECT_NE(r.out.find(folder + "/bad.com.txt:2: error: bad XPath \"//div[@id='story'\""), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(folder + "/bad.com.txt:3: warning: unknown directive \"colour\""), std::string::npos) << r.out;
    EXPECT_NE(r.err.find("1 rules, 1 errors, 1 warnings"), std::string::npos) << r.err;
}

TEST_F(RulesCli, CheckPassesGoodRules) {
    const auto r = run("rules check " + fixture("rules"));
    EXPECT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("2 rules, 0 errors, 0 warnings"), std::string::npos) << r.err;
}

TEST_F(RulesCli, CheckOfAMissingFolderFails) {
    const auto r = run("rules check '" + (dir_ / "nowhere").string() + "'");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("cannot read the site rules folder"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace gleaner::siterules
