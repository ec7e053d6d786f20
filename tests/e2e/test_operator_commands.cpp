// What an operator does after something went wrong: lists the articles a plugin refused and replays
// them once the plugin works again (directly on a stopped daemon's state, or through a running
// daemon), and makes the crawl state forget what was ingested so the next run delivers it again.
#include <gtest/gtest.h>

#include "e2e_fixture.h"
#include "service_helpers.h"

namespace gleaner::testing {
namespace {

using namespace std::chrono_literals;

class OperatorCommandsTest : public EndToEndTest {
protected:
    std::string feed_source() const {
        return "  - { name: news, type: feed, urls: [\"" + server_->url("/feed.xml") + "\"] }\n";
    }
    // The standard config with a recorder plugin `refuser` answering `mode`.
    std::filesystem::path config_with_refuser(const std::string& mode) {
        return write_config(config_with_sources(feed_source(), "  - name: refuser\n"
                                                               "    path: " RECORDER_PLUGIN "\n"
                                                               "    config: { out: refused.txt, mode: " +
                                                                   mode + " }\n"));
    }
    std::pair<int, std::string> gleaner(std::vector<std::string> args) { return run_gleaner(args, dir_); }
};

TEST_F(OperatorCommandsTest, DeadLettersAreListedAndReplayedIntoThePluginsQueueOnceItWorksAgain) {
    serve_news_site();
    const auto failing = config_with_refuser("fail");
    const auto [first, run] = gleaner({"run", "--config", failing.string(), "--once"});
    ASSERT_EQ(first, 1) << run;

    const auto [listed, list] = gleaner({"dead-letters", "list", "--config", failing.string(), "refuser"});
    EXPECT_EQ(listed, 0) << list;
    EXPECT_NE(list.find("3 dead-lettered article(s) of plugin refuser in "), std::string::npos) << list;
    EXPECT_NE(list.find("/news/"), std::string::npos) << "each article's URL\n" << list;
    EXPECT_NE(list.find("1 attempt(s): "), std::string::npos) << list;

    // Replaying into a plugin that is not configured is refused, naming the plugins there are.
    const auto [wrong, wrong_out] = gleaner({"dead-letters", "replay", "--config", failing.string(), "nope"});
    EXPECT_EQ(wrong, 2) << wrong_out;
    EXPECT_NE(wrong_out.find("no plugin named \"nope\""), std::string::npos) << wrong_out;

    // The plugin is fixed: replay, and the next run delivers the three articles to it (and only to it).
    const auto working = config_with_refuser("ok");
    const auto [replayed, replay] = gleaner({"dead-letters", "replay", "--config", working.string(), "refuser"});
    EXPECT_EQ(replayed, 0) << replay;
    EXPECT_NE(replay.find("replayed 3 article(s) of plugin refuser"), std::string::npos) << replay;
    const auto [none, after] = gleaner({"dead-letters", "list", "--config", working.string()});
    EXPECT_NE(after.find("0 dead-lettered article(s) in "), std::string::npos) << after;

    const auto archived = sqlite_column("SELECT title FROM articles").size();
    const auto [second, run2] = gleaner({"run", "--config", working.string(), "--once"});
    EXPECT_EQ(second, 0) << run2;
    EXPECT_EQ(lines_of("refused.txt").size(), 3u) << run2;
    EXPECT_NE(run2.find("refuser ("), std::string::npos) << run2;
    EXPECT_EQ(sqlite_column("SELECT title FROM articles").size(), archived) << "the other plugins got nothing twice";
}

TEST_F(OperatorCommandsTest, ARunningDaemonReplaysThroughItsControlSocket) {
    serve_news_site();
    const auto failing = config_with_refuser("fail");
    ASSERT_EQ(gleaner({"run", "--config", failing.string(), "--once"}).first, 1);

    const auto working = config_with_refuser("ok");
    DaemonProcess daemon({"run", "--config", working.string()}, dir_ / "daemon.log");
    ASSERT_TRUE(eventually([&] { return std::filesystem::exists(dir_ / "state" / "control.sock"); })) << daemon.log();
    const auto [status, out] = gleaner({"dead-letters", "replay", "--config", working.string(), "refuser"});
    EXPECT_EQ(status, 0) << out;
    EXPECT_NE(out.find("replayed 3 article(s) of plugin refuser"), std::string::npos) << out;
    EXPECT_TRUE(eventually([&] { return lines_of("refused.txt").size() == 3u; })) << daemon.log();
    EXPECT_NE(daemon.log().find("dead letters replayed"), std::string::npos) << "the daemon did it";

    // Forgetting the state is refused while the daemon runs.
    const auto [refused, why] = gleaner({"state", "forget", "--config", working.string()});
    EXPECT_EQ(refused, 1) << why;
    EXPECT_NE(why.find("a daemon is running on this state; stop it first"), std::string::npos) << why;
    daemon.signal(SIGTERM);
    EXPECT_EQ(daemon.wait(), 0) << daemon.log();
}

TEST_F(OperatorCommandsTest, AfterStateForgetTheNextRunIngestsTheSourceAgain) {
    serve_news_site();
    const auto config = write_config(config_with_sources(feed_source()));
    ASSERT_EQ(gleaner({"run", "--config", config.string(), "--once"}).first, 0);
    ASSERT_EQ(jsonl_articles().size(), 3u);
    const auto [again, nothing_new] = gleaner({"run", "--config", config.string(), "--once"});
    EXPECT_NE(nothing_new.find("articles: 0 new"), std::string::npos) << nothing_new;
    ASSERT_EQ(jsonl_articles().size(), 3u);

    const auto [forgot, out] = gleaner({"state", "forget", "--config", config.string(), "--source", "news"});
    EXPECT_EQ(forgot, 0) << out;
    EXPECT_NE(out.find("forgot 3 article URL(s) of source news"), std::string::npos) << out;
    const auto [status, rerun] = gleaner({"run", "--config", config.string(), "--once"});
    EXPECT_EQ(status, 0) << rerun;
    EXPECT_NE(rerun.find("articles: 3 new"), std::string::npos) << rerun;
    EXPECT_EQ(jsonl_articles().size(), 6u) << "delivered again";
}

}  // namespace
}  // namespace gleaner::testing
