// WARC end to end: a daemon crawl of a local site with `fetch.warc` writes every exchange; an
// independent reader (tests/archive/warc_read.py, Python's standard library) finds the records sound
// and the pages as served, and `gleaner extract --warc` finds in them the same articles, with the
// same text, as the daemon stored.
#include <cstdio>
#include <sstream>

#include "test_crawl_fixture.h"

using namespace gleaner::testing;

namespace {

std::string run_command(const std::string& command, int& status) {
    std::string output;
    if (FILE* pipe = popen(command.c_str(), "r")) {
        char buffer[65536];
        std::size_t n;
        while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
        status = pclose(pipe);
    }
    return output;
}

std::vector<std::filesystem::path> warc_files(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

TEST_F(CrawlTest, WarcFilesOfACrawlHoldEveryExchangeAndTheSameArticles) {
    const int count = 8;
    const auto pass = crawl_into_warc(count, "4KiB");
    ASSERT_EQ(pass.exit_status, 0) << pass.log;
    const std::string& log = pass.log;
    const auto stored = this->stored();
    ASSERT_EQ(stored.size(), static_cast<std::size_t>(count));

    // Every file is closed (no .open left), several because of max_size.
    const auto files = warc_files(dir_ / "warc");
    ASSERT_GT(files.size(), 1u);
    for (const auto& file : files) EXPECT_EQ(file.extension(), ".gz") << file;

    // The independent reader: sound records, every exchange, the pages as served.
    std::string command = std::string("python3 ") + WARC_READ_PY;
    for (const auto& file : files) command += " '" + file.string() + "'";
    int exit_status = -1;
    const auto records = nlohmann::json::parse(run_command(command, exit_status));
    ASSERT_EQ(exit_status, 0);
    std::map<std::string, nlohmann::json> responses;
    std::size_t requests = 0;
    for (const auto& record : records) {
        if (record["type"] == "(file)") {
            EXPECT_TRUE(record["problems"].empty()) << record.dump();
        }
        if (record["type"] == "request") ++requests;
        if (record["type"] != "response") continue;
        EXPECT_EQ(record["block_digest_ok"], true);
        EXPECT_EQ(record["payload_digest_ok"], true);
        EXPECT_EQ(record["ip"], "127.0.0.1");
        responses[record["target"]] = record;
    }
    EXPECT_EQ(requests, responses.size());
    // The metrics were read just before the stop (the writer thread may still have had a record or two).
    EXPECT_GT(pass.metric("gleaner_warc_records_total"), 0.0);
    EXPECT_LE(pass.metric("gleaner_warc_records_total"), static_cast<double>(2 * responses.size()));
    EXPECT_EQ(pass.metric("gleaner_warc_exchanges_dropped_total"), 0.0);
    EXPECT_TRUE(responses.count(server_->url("/robots.txt")));
    EXPECT_TRUE(responses.count(server_->url("/gen-feed.xml")));
    for (int i = 0; i < count; ++i) {
        const auto url = server_->url("/gen/" + std::to_string(i) + ".html");
        std::string targets;
        for (const auto& [target, record] : responses) targets += target + " ";
        ASSERT_TRUE(responses.count(url)) << url << " not in " << targets << log;
        EXPECT_EQ(responses[url]["body"], generated_article(i));
    }

    // Our own reader through `gleaner extract --warc`: the same articles with the same text.
    std::map<std::string, std::string> extracted;  // url → text
    for (const auto& file : files) {
        int extract_status = -1;
        const auto output =
            run_command(std::string(GLEANER_BINARY) + " extract --format json --warc '" + file.string() + "' 2>/dev/null",
                        extract_status);
        EXPECT_EQ(extract_status, 0) << file;
        std::istringstream lines(output);
        for (std::string line; std::getline(lines, line);) {
            const auto article = nlohmann::json::parse(line);
            EXPECT_EQ(article["warc_file"], file.string());
            extracted[article["url"]] = article["text"];
        }
    }
    for (const auto& article : stored) {
        const std::string url = article["url"];
        ASSERT_TRUE(extracted.count(url)) << url;
        EXPECT_EQ(extracted[url], article["text"].get<std::string>()) << url;
    }

    // A file cut in the middle of a record: the records before it still come out, the cut one is
    // reported with its offset, and the exit status says something was wrong.
    const auto cut = dir_ / "cut.warc.gz";
    std::filesystem::copy_file(files.back(), cut);
    std::filesystem::resize_file(cut, std::filesystem::file_size(cut) - 200);
    int cut_status = -1;
    const auto cut_output =
        run_command(std::string(GLEANER_BINARY) + " extract --format json --warc '" + cut.string() + "' 2>&1", cut_status);
    EXPECT_NE(cut_status, 0);
    EXPECT_NE(cut_output.find("record at offset"), std::string::npos) << cut_output;
    EXPECT_NE(cut_output.find("truncated"), std::string::npos) << cut_output;
}
