// `gleaner extract`, the built binary, over several real files in one run: one output per input with
// --output-dir, articles on stdout otherwise, stdin as '-', and a failing file reported by name on
// stderr while the others still go through.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "content_test_support.h"

namespace gleaner::extract {
namespace {

namespace fs = std::filesystem;

struct CliRun {
    int status = -1;
    std::string out, err;
};

class ExtractCli : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("gleaner-extract-cli-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    // Runs the binary through the shell with `arguments` (already quoted) and captures its streams.
    CliRun run(const std::string& arguments, const std::string& stdin_file = "") const {
        const fs::path out = dir_ / "stdout", err = dir_ / "stderr";
        std::string command = std::string("'") + GLEANER_BINARY + "' extract " + arguments + " >'" + out.string() +
                              "' 2>'" + err.string() + "'";
        if (!stdin_file.empty()) command += " <'" + stdin_file + "'";
        const int raw = std::system(command.c_str());
        CliRun result;
        result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
        result.out = testing::read_file(out);
        result.err = testing::read_file(err);
        return result;
    }

    static std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

    fs::path dir_;
};

fs::path demo(const char* name) { return fs::path(GLEANER_SOURCE_DIR) / "config/demo" / name; }
fs::path page(const char* name) { return testing::fixture(std::string("content/") + name); }

TEST_F(ExtractCli, WritesOneFilePerInputNamedAfterItWithTheFormatsExtension) {
    const fs::path out = dir_ / "articles";
    const CliRun r = run("--format json --output-dir " + quoted(out) + " " + quoted(demo("harbour-ferry-returns.html")) +
                      " " + quoted(demo("library-late-opening.html")) + " " + quoted(page("live-blog.html")));
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    for (const char* name : {"harbour-ferry-returns.json", "library-late-opening.json", "live-blog.json"})
        ASSERT_TRUE(fs::exists(out / name)) << name;
    const nlohmann::json ferry = nlohmann::json::parse(testing::read_file(out / "harbour-ferry-returns.json"));
    EXPECT_EQ(ferry.at("title"), "Harbour ferry returns after winter refit");
    EXPECT_NE(ferry.at("text").get<std::string>().find("Skipper Alun Pengelly"), std::string::npos);
    EXPECT_EQ(ferry.at("text").get<std::string>().find("Leave a Comment"), std::string::npos);
}

TEST_F(ExtractCli, EachFormatHasItsExtension) {
    for (const auto& [format, extension] : {std::pair{"text", ".txt"}, {"markdown", ".md"}, {"html", ".html"}}) {
        const fs::path out = dir_ / format;
        const CliRun r = run(std::string("--format ") + format + " --output-dir " + quoted(out) + " " +
                          quoted(page("lists-and-table.html")));
        EXPECT_EQ(r.status, 0) << r.err;
        const fs::path written = out / (std::string("lists-and-table") + extension);
        ASSERT_TRUE(fs::exists(written)) << written;
        EXPECT_NE(testing::read_file(written).find("Blue bin: paper, card, tins"), std::string::npos);
    }
}

TEST_F(ExtractCli, FailingFileIsNamedOnStderrOthersStillWrittenAndStatusIsNonZero) {
    const fs::path out = dir_ / "articles";
    const fs::path missing = dir_ / "no-such-page.html";
    const CliRun r = run("--output-dir " + quoted(out) + " " + quoted(page("short-article.html")) + " " + quoted(missing) +
                      " " + quoted(dir_) + " " + quoted(page("live-blog.html")));
    EXPECT_NE(r.status, 0);
    EXPECT_NE(r.err.find(missing.string()), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(dir_.string() + ": is a directory"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::exists(out / "short-article.txt"));
    EXPECT_TRUE(fs::exists(out / "live-blog.txt"));
}

TEST_F(ExtractCli, InputOverMaxInputBytesFailsByName) {
    const CliRun r = run("--max-input-bytes 100 " + quoted(page("short-article.html")));
    EXPECT_NE(r.status, 0);
    EXPECT_NE(r.err.find("short-article.html"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("max-input-bytes"), std::string::npos) << r.err;
}

TEST_F(ExtractCli, SeveralInputsOnStdoutAreEachUnderTheirName) {
    const CliRun r = run(quoted(page("short-article.html")) + " " + quoted(page("live-blog.html")));
    EXPECT_EQ(r.status, 0) << r.err;
    const std::size_t first = r.out.find("==> " + page("short-article.html").string() + " <==\n");
    const std::size_t second = r.out.find("==> " + page("live-blog.html").string() + " <==\n");
    ASSERT_NE(first, std::string::npos) << r.out;
    ASSERT_NE(second, std::string::npos) << r.out;
    EXPECT_LT(first, second);
    EXPECT_NE(r.out.find("A post office counter will open", first), std::string::npos);
    EXPECT_NE(r.out.find("The island ferry company has cancelled", second), std::string::npos);
}

TEST_F(ExtractCli, SeveralInputsAsJsonOnStdoutAreJsonLinesWithTheirFile) {
    const CliRun r = run("--format json " + quoted(page("short-article.html")) + " " + quoted(page("live-blog.html")));
    EXPECT_EQ(r.status, 0) << r.err;
    std::istringstream lines(r.out);
    std::string line;
    std::vector<nlohmann::json> objects;
    while (std::getline(lines, line)) objects.push_back(nlohmann::json::parse(line));
    ASSERT_EQ(objects.size(), 2u) << r.out;
    EXPECT_EQ(objects[0].at("file"), page("short-article.html").string());
    EXPECT_EQ(objects[1].at("title"), "Live: storm Bertha crosses the coast");
}

TEST_F(ExtractCli, ReadsStdinForDashAndUsesUrlForLinks) {
    const CliRun r = run("--format markdown --url https://stdin.example/news/apples -", page("figure-and-pull-quote.html").string());
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("grafted forty-one old apple varieties"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("(https://stdin.example/images/grafting.jpg)"), std::string::npos) << r.out;
}

TEST_F(ExtractCli, HelpDescribesOptionsAndOutputs) {
    const CliRun r = run("--help");
    EXPECT_EQ(r.status, 0);
    for (const char* text : {"--url", "--format", "--output-dir", "--max-input-bytes", "stdin", "JSON Lines", "Examples"})
        EXPECT_NE(r.out.find(text), std::string::npos) << text << "\n" << r.out;
}

}  // namespace
}  // namespace gleaner::extract
