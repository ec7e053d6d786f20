// A `type: warc` source end to end: the WARC files a daemon's crawl of a local site wrote (and a
// file `wget --warc-file` wrote) read by a second daemon, which stores the same articles with the
// same text, names the file and record offset in each article's provenance, fetches nothing, and
// does not read a file again once it has read it to its end; and one killed in the middle of a large
// file goes on where it stopped.
#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <set>

#include "service_helpers.h"
#include "test_crawl_fixture.h"

using namespace gleaner::testing;

namespace {

// The crawl configuration, writing to other files: a second daemon with a state of its own.
std::string as_reader(std::string yaml) {
    const auto replace = [&yaml](const std::string& from, const std::string& to) {
        const auto at = yaml.find(from);
        if (at != std::string::npos) yaml.replace(at, from.size(), to);
    };
    replace("state_dir: state\n", "state_dir: reader-state\n");
    replace("path: articles.db", "path: reader.db");
    replace("path: articles.jsonl", "path: reader.jsonl");
    return yaml;
}

}  // namespace

TEST_F(CrawlTest, AWarcSourceStoresWhatACrawlArchivedWithTheSameTextAndReadsAFileOnce) {
    const int count = 10;
    const auto crawled = crawl_into_warc(count, "8KiB");
    ASSERT_EQ(crawled.exit_status, 0) << crawled.log;
    const auto stored = this->stored();
    ASSERT_EQ(stored.size(), static_cast<std::size_t>(count));

    // Two more pages, archived by wget (WARC/1.0) and by nobody else.
    std::filesystem::create_directories(dir_ / "wget");
    serve_article("/w/100.html", 100);
    serve_article("/w/101.html", 101);
    const std::string wget = "cd '" + (dir_ / "wget").string() + "' && wget -q --no-proxy --warc-file=pages '" +
                             server_->url("/w/100.html") + "' '" + server_->url("/w/101.html") + "' >/dev/null 2>&1";
    ASSERT_EQ(std::system(wget.c_str()), 0) << wget;
    const auto fetches_before = server_->requests().size();

    const std::string warc_source = "  - name: archived\n"
                                    "    type: warc\n"
                                    "    paths: [ \"warc/*.warc.gz\", \"wget/*.warc.gz\" ]\n";
    const auto reader = write_config(as_reader(crawl_config(warc_source)));
    const auto read = run_one_pass(reader, 1);
    ASSERT_EQ(read.exit_status, 0) << read.log;
    EXPECT_EQ(server_->requests().size(), fetches_before) << "a warc source fetches nothing";
    EXPECT_EQ(read.fetches("ok"), 0.0);
    EXPECT_EQ(read.metric("gleaner_archive_pages_total"), count + 2.0);
    EXPECT_EQ(read.metric("gleaner_archive_damaged_records_total"), 0.0);
    // Archived pages count in their source's figures (/status, the --once summary) as fetched ones do.
    EXPECT_EQ(read.source("archived")["totals"]["articles"]["new"], count + 2) << read.status.dump();
    EXPECT_EQ(read.source("archived")["last_pass"]["new_articles"], count + 2) << read.status.dump();

    const auto archived = jsonl_articles("reader.jsonl");
    ASSERT_EQ(archived.size(), static_cast<std::size_t>(count + 2)) << read.log;
    std::map<std::string, nlohmann::json> by_url;
    for (const auto& a : archived) by_url[a["url"]] = a;
    for (const auto& original : stored) {
        const std::string url = original["url"];
        ASSERT_TRUE(by_url.count(url)) << url;
        const auto& copy = by_url[url];
        EXPECT_EQ(copy["text"], original["text"]) << url;
        EXPECT_EQ(copy["title"], original["title"]) << url;
        EXPECT_EQ(copy["source"], "archived");
        const auto& warc = copy["provenance"]["warc"];
        EXPECT_TRUE(warc["file"].get<std::string>().starts_with((dir_ / "warc").string())) << warc.dump();
        EXPECT_GT(warc["offset"].get<std::uint64_t>(), 0u);  // the warcinfo record comes first
        EXPECT_EQ(warc["offset_uncompressed"], false);
        EXPECT_FALSE(warc["date"].get<std::string>().empty());
        // The fetch time is the record's WARC-Date (whole seconds), not the time it was read.
        EXPECT_EQ(copy["provenance"]["fetched_at"].get<std::string>().substr(0, 19),
                  warc["date"].get<std::string>().substr(0, 19));
    }
    for (const int i : {100, 101}) {
        const auto url = server_->url("/w/" + std::to_string(i) + ".html");
        ASSERT_TRUE(by_url.count(url)) << url;
        EXPECT_EQ(by_url[url]["title"], title_of(i));
        EXPECT_TRUE(by_url[url]["provenance"]["warc"]["file"].get<std::string>().ends_with("pages.warc.gz"));
    }

    // Every file was read to its end: a restarted daemon's pass (--once: due at once) reads none
    // of them again.
    const auto [again_status, again_log] = run_once(reader);
    ASSERT_EQ(again_status, 0) << again_log;
    EXPECT_EQ(occurrences(again_log, "pass finished"), 1u) << again_log;
    EXPECT_EQ(occurrences(again_log, "WARC file read"), 0u) << again_log;
    EXPECT_EQ(jsonl_articles("reader.jsonl").size(), static_cast<std::size_t>(count + 2));
}

// SIGKILL while a warc source is in the middle of a large file: the restart goes on from the read
// position the store kept (it does not read the file from the start), and every page is stored
// exactly once in the sqlite plugin's table and at least once in the jsonl file.
TEST_F(CrawlTest, AWarcSourceKilledInTheMiddleOfALargeFileGoesOnWhereItStoppedAndStoresEachPageOnce) {
    const int count = 300;
    const auto crawled = crawl_into_warc(count, "1GiB");
    ASSERT_EQ(crawled.exit_status, 0) << crawled.log;
    ASSERT_EQ(stored().size(), static_cast<std::size_t>(count));

    const auto reader = write_config(as_reader(crawl_config("  - name: archived\n"
                                                            "    type: warc\n"
                                                            "    paths: [ \"warc/*.warc.gz\" ]\n")));
    std::size_t stored_at_kill = 0;
    {
        DaemonProcess daemon({"run", "--config", reader.string()}, dir_ / "killed.log");
        ASSERT_TRUE(eventually([&] { return (stored_at_kill = lines_of("reader.jsonl").size()) >= 40u; }))
            << daemon.log();
        daemon.signal(SIGKILL);
        EXPECT_EQ(daemon.wait(), 128 + SIGKILL);
    }
    ASSERT_LT(stored_at_kill, static_cast<std::size_t>(count)) << "the file was read to its end before the kill";

    const auto resumed = run_one_pass(reader, 1);
    ASSERT_EQ(resumed.exit_status, 0) << resumed.log;
    EXPECT_LT(resumed.metric("gleaner_archive_pages_total"), static_cast<double>(count))
        << "the restart read the file from the start";
    EXPECT_EQ(resumed.metric("gleaner_archive_damaged_records_total"), 0.0);
    EXPECT_EQ(sqlite_column("SELECT COUNT(*) FROM articles", "reader.db"), std::vector<std::string>{std::to_string(count)})
        << "exactly once in sqlite";
    std::set<std::string> urls;
    for (const auto& a : jsonl_articles("reader.jsonl")) urls.insert(a["url"].get<std::string>());
    EXPECT_EQ(urls.size(), static_cast<std::size_t>(count)) << "every page at least once in jsonl";
}
